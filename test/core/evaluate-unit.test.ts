import { describe, expect, it } from "vitest";
import { indicatorGap, unitVerdict } from "../../src/core/evaluate-unit";
import { schoolUnits } from "../../src/core/evaluate";
import { indicatorDefinition, INDICATORS } from "../../src/core/indicators";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import type { EvaluationUnit } from "../../src/core/types";
import { aSchool } from "../support/builders";

const P = NATIONAL_PROFILE;
const only = (units: EvaluationUnit[]): EvaluationUnit => {
  expect(units).toHaveLength(1);
  return units[0] as EvaluationUnit;
};

describe("indicator values (default builder: 500 primary students)", () => {
  it("computes the seven values by formula", () => {
    const u = only(schoolUnits(aSchool(), P).units);
    // 30×100/500, 8×100/500, 6×100/500, 3000/500, 5000/500, 1400000/500, 16×100/500
    expect(u.indicators?.degree.value).toBeCloseTo(6, 12);
    expect(u.indicators?.backbone.value).toBeCloseTo(1.6, 12);
    expect(u.indicators?.peArt.value).toBeCloseTo(1.2, 12);
    expect(u.indicators?.teachingArea.value).toBeCloseTo(6, 12);
    expect(u.indicators?.sportsArea.value).toBeCloseTo(10, 12);
    expect(u.indicators?.equipment.value).toBeCloseTo(2800, 9);
    expect(u.indicators?.multimedia.value).toBeCloseTo(3.2, 12);
    expect(u.metCount).toBe(7);
    expect(u.pass).toBe(true);
    expect(u.reason).toBe("7项指标全部达标");
  });

  it("meets a standard exactly at it: 21 teachers for 500 students is 4.2", () => {
    const u = only(schoolUnits(aSchool({ amounts: { degree: 21 } }), P).units);
    expect(u.indicators?.degree.meets).toBe(true);
    expect(u.indicators?.degree.gap).toBe(0);
  });

  it("does not meet just below it: 20 teachers is 4.0, one teacher lacking", () => {
    const u = only(schoolUnits(aSchool({ amounts: { degree: 20 } }), P).units);
    expect(u.indicators?.degree.meets).toBe(false);
    expect(u.indicators?.degree.gap).toBe(1);
    expect(u.metCount).toBe(6);
    expect(u.pass).toBe(true); // 4.0 / 4.2 = 95.2% ≥ 85%
  });

  it("passes with the seventh at exactly 85%: sports area 6.375 ㎡ per student", () => {
    // 0.85 × 7.5 = 6.375; × 500 = 3187.5 ㎡
    const u = only(schoolUnits(aSchool({ amounts: { sportsArea: 3187.5 } }), P).units);
    expect(u.indicators?.sportsArea.ratio).toBeCloseTo(0.85, 12);
    expect(u.metCount).toBe(6);
    expect(u.pass).toBe(true);
    expect(u.reason).toContain("不低于85%");
  });

  it("fails with the seventh just under 85%: 3187 ㎡ is 6.374 ㎡ per student", () => {
    const u = only(schoolUnits(aSchool({ amounts: { sportsArea: 3187 } }), P).units);
    expect(u.metCount).toBe(6);
    expect(u.pass).toBe(false);
    // 6.374 / 7.5 = 84.99%: shown cut down, never as "85%（低于85%）".
    expect(u.reason).toMatch(/^未达标：6项达标；生均体育运动场馆面积6\.37㎡，为标准7\.5㎡的84\.9%（低于85%）/);
  });

  it("fails with only 5 met even when both are above 85%", () => {
    const u = only(schoolUnits(aSchool({ amounts: { degree: 20, multimedia: 11 } }), P).units);
    // degree 4.0 (95%), multimedia 2.2 (95.7%)
    expect(u.metCount).toBe(5);
    expect(u.pass).toBe(false);
    expect(u.reason).toContain("仅5项达标（至少需6项）");
  });

  it("uses the profile's minMet and floorRatio", () => {
    const strict = { ...P, minMet: 7 };
    expect(only(schoolUnits(aSchool({ amounts: { degree: 20 } }), strict).units).pass).toBe(false);
    const loose = { ...P, floorRatio: 0.8 };
    expect(only(schoolUnits(aSchool({ amounts: { sportsArea: 3100 } }), loose).units).pass).toBe(true); // 6.2 / 7.5 = 82.7%
  });
});

describe("indicatorGap", () => {
  it("counts teachers lacking as ceil(standard × students / 100 − teachers)", () => {
    // 4.2 × 500 / 100 = 21; 21 − 18 = 3; floor 0.85 × 21 = 17.85 ≤ 18 → 0
    expect(indicatorGap(indicatorDefinition("degree"), 4.2, 500, 18, 0.85)).toEqual({ gap: 3, floorGap: 0 });
    // 4.2 × 333 / 100 = 13.986 → 13.986 − 10 = 3.986 → 4
    expect(indicatorGap(indicatorDefinition("degree"), 4.2, 333, 10, 0.85).gap).toBe(4);
  });

  it("counts rooms lacking the same way: 2.3 × 500 / 100 = 11.5, 10 rooms → 2", () => {
    expect(indicatorGap(indicatorDefinition("multimedia"), 2.3, 500, 10, 0.85)).toEqual({ gap: 2, floorGap: 0 });
  });

  it("counts area lacking as standard × students − area", () => {
    // 4.5 × 500 − 2000 = 250 ㎡; floor 0.85 × 2250 = 1912.5 < 2000 → 0
    expect(indicatorGap(indicatorDefinition("teachingArea"), 4.5, 500, 2000, 0.85)).toEqual({ gap: 250, floorGap: 0 });
  });

  it("counts equipment lacking in 元, to the standard and to the 85% floor", () => {
    // 2000 × 500 − 800000 = 200000; 0.85 × 1000000 − 800000 = 50000
    const g = indicatorGap(indicatorDefinition("equipment"), 2000, 500, 800_000, 0.85);
    expect(g.gap).toBeCloseTo(200_000, 6);
    expect(g.floorGap).toBeCloseTo(50_000, 6);
  });

  it("is 0 when the standard is met exactly", () => {
    expect(indicatorGap(indicatorDefinition("degree"), 4.2, 500, 21, 0.85).gap).toBe(0);
    expect(indicatorGap(indicatorDefinition("teachingArea"), 4.5, 500, 2250, 0.85).gap).toBe(0);
  });
});

describe("unitVerdict", () => {
  it("explains a pass with one indicator between 85% and 100%", () => {
    const u = only(schoolUnits(aSchool({ amounts: { equipment: 900_000 } }), P).units);
    // 1800 / 2000 = 90%
    expect(u).toMatchObject({ metCount: 6, pass: true });
    expect(u.reason).toBe("6项达标；生均教学仪器设备值1800元，为标准2000元的90%（不低于85%）");
  });

  it("words the verdict from the seven values and their standards", () => {
    const primary = INDICATORS.map((d) => d.standard.primary); // 4.2 1 0.9 4.5 7.5 2000 2.3
    expect(unitVerdict([6, 1.6, 1.2, 6, 10, 1800, 3.2], primary, P)).toEqual({
      metCount: 6,
      pass: true,
      reason: "6项达标；生均教学仪器设备值1800元，为标准2000元的90%（不低于85%）",
    });
    // degree 3.57 / 4.2 = 85% exactly: still at the floor; equipment 1690 / 2000 = 84.5%: below it
    expect(unitVerdict([3.57, 1, 0.9, 4.5, 7.5, 1690, 2.3], primary, P)).toEqual({
      metCount: 5,
      pass: false,
      reason:
        "未达标：仅5项达标（至少需6项）；生均教学仪器设备值1690元，为标准2000元的84.5%（低于85%）；每百名学生拥有高于规定学历教师数3.57人，为标准4.2人的85%",
    });
    // one below the floor with six met: fails on the floor alone
    expect(unitVerdict([4.2, 1, 0.9, 4.5, 7.5, 2000, 1.9], primary, P).reason).toBe(
      "未达标：6项达标；每百名学生拥有网络多媒体教室数1.9间，为标准2.3间的82.6%（低于85%）",
    );
    expect(unitVerdict(primary, primary, P)).toEqual({ metCount: 7, pass: true, reason: "7项指标全部达标" });
  });
});
