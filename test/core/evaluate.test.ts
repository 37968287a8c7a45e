import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregateSentence, evaluateCounty, schoolUnits, summarizeLevel } from "../../src/core/evaluate";
import { indicatorDefinition } from "../../src/core/indicators";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import type { EvaluationUnit } from "../../src/core/types";
import { aSchool } from "../support/builders";

const P = NATIONAL_PROFILE;
const byLevel = (units: EvaluationUnit[], level: string): EvaluationUnit => {
  const u = units.find((x) => x.level === level);
  if (!u) throw new Error(`no ${level} unit`);
  return u;
};

describe("school kinds → units (spec §1)", () => {
  it("小学: one primary unit", () => {
    const { units } = schoolUnits(aSchool({ kind: "primary" }), P);
    expect(units.map((u) => [u.level, u.excluded, u.share])).toEqual([["primary", null, 1]]);
  });

  it("初级中学: one junior unit against junior standards", () => {
    // 35 × 100 / 600 = 5.833 ≥ 5.3; teachingArea 3600 / 600 = 6 ≥ 5.8
    const { units } = schoolUnits(
      aSchool({
        kind: "junior",
        students: { junior: 600 },
        amounts: { degree: 35, teachingArea: 3600, sportsArea: 6300, equipment: 1_560_000, multimedia: 15 },
      }),
      P,
    );
    const u = byLevel(units, "junior");
    expect(units).toHaveLength(1);
    expect(u.indicators?.degree.value).toBeCloseTo(35 / 6, 10);
    expect(u.indicators?.degree.standard).toBe(5.3);
    expect(u.indicators?.sportsArea.value).toBeCloseTo(10.5, 10);
    expect(u.indicators?.equipment.value).toBeCloseTo(2600, 8);
    expect(u.indicators?.multimedia.value).toBeCloseTo(2.5, 10);
    expect(u.pass).toBe(true);
  });

  it("九年一贯制: a primary and a junior unit, resources split 400 : 1.1×300", () => {
    // weighted 400 + 330 = 730; teaching area 4380 → 2400 (6.0 ㎡/生) and 1980 (6.6 ㎡/生)
    const { units } = schoolUnits(
      aSchool({ kind: "nineYear", students: { primary: 400, junior: 300 }, amounts: { teachingArea: 4380, degree: 40 } }),
      P,
    );
    const p = byLevel(units, "primary");
    const j = byLevel(units, "junior");
    expect(p.share).toBeCloseTo(400 / 730, 12);
    expect(j.share).toBeCloseTo(330 / 730, 12);
    expect(p.indicators?.teachingArea.amount).toBeCloseTo(2400, 8);
    expect(p.indicators?.teachingArea.value).toBeCloseTo(6, 10);
    expect(j.indicators?.teachingArea.value).toBeCloseTo(6.6, 10);
    // whole-school teachers split by share and flagged as assumed (按比例拆分)
    expect(p.indicators?.degree.amount).toBeCloseTo((40 * 400) / 730, 8);
    expect(p.indicators?.degree.assumedSplit).toBe(true);
    expect(p.indicators?.teachingArea.assumedSplit).toBe(false);
  });

  it("九年一贯制 with teachers per level uses them as given, unsplit", () => {
    const { units } = schoolUnits(
      aSchool({
        kind: "nineYear",
        students: { primary: 400, junior: 300 },
        indicators: { backbone: { type: "byLevel", amounts: { primary: 3, junior: 4 } } },
      }),
      P,
    );
    expect(byLevel(units, "primary").indicators?.backbone.value).toBeCloseTo(0.75, 12);
    expect(byLevel(units, "junior").indicators?.backbone.value).toBeCloseTo(4 / 3, 12);
    expect(byLevel(units, "junior").indicators?.backbone.assumedSplit).toBe(false);
  });

  it("九年一贯制 degree teachers by level rule: primary counts 专科+, junior 本科+", () => {
    // primary: 40 × 400/730 = 21.918 → 5.479 per 100; junior: 30 × 330/730 = 13.562 → 4.521 per 100 (< 5.3)
    const { units } = schoolUnits(
      aSchool({
        kind: "nineYear",
        students: { primary: 400, junior: 300 },
        indicators: { degree: { type: "whole", amount: 40, byLevelRule: { primary: 40, junior: 30 } } },
      }),
      P,
    );
    expect(byLevel(units, "primary").indicators?.degree.value).toBeCloseTo((40 * 400) / 730 / 4, 10);
    expect(byLevel(units, "junior").indicators?.degree.value).toBeCloseTo((30 * 330) / 730 / 3, 10);
    expect(byLevel(units, "junior").indicators?.degree.meets).toBe(false);
  });

  it("九年一贯制 with no junior students yields only a primary unit with the whole resource", () => {
    const { units } = schoolUnits(aSchool({ kind: "nineYear", students: { primary: 500, junior: 0 } }), P);
    expect(units).toHaveLength(1);
    expect(units[0]?.share).toBe(1);
    expect(units[0]?.indicators?.teachingArea.value).toBeCloseTo(6, 12);
  });

  it("完全中学: a junior unit with B / (B + 1.2C) of the resources", () => {
    // 600 junior, 400 senior: share 600/1080; sports 10800 → 6000 → 10 ㎡/生 < 10.2
    const { units } = schoolUnits(
      aSchool({ kind: "complete", students: { junior: 600, senior: 400 }, amounts: { sportsArea: 10_800 } }),
      P,
    );
    const j = byLevel(units, "junior");
    expect(units).toHaveLength(1);
    expect(j.share).toBeCloseTo(600 / 1080, 12);
    expect(j.indicators?.sportsArea.value).toBeCloseTo(10, 10);
    expect(j.indicators?.sportsArea.meets).toBe(false);
    expect(j.indicators?.sportsArea.gap).toBeCloseTo(10.2 * 600 - 6000, 8);
  });

  it("十二年一贯制: primary and junior units, weights 1 : 1.1 : 1.32", () => {
    // 300/200/100 → 652; equipment 1630000 → 750000 (2500/生) and 550000 (2750/生)
    const { units } = schoolUnits(
      aSchool({ kind: "twelveYear", students: { primary: 300, junior: 200, senior: 100 }, amounts: { equipment: 1_630_000 } }),
      P,
    );
    expect(units.map((u) => u.level)).toEqual(["primary", "junior"]);
    expect(byLevel(units, "primary").indicators?.equipment.value).toBeCloseTo(2500, 8);
    expect(byLevel(units, "junior").indicators?.equipment.value).toBeCloseTo(2750, 8);
  });

  it("教学点: 49 students excluded, 50 evaluated", () => {
    const at49 = schoolUnits(aSchool({ kind: "teachingPoint", students: { primary: 49 } }), P).units;
    const at50 = schoolUnits(aSchool({ kind: "teachingPoint", students: { primary: 50 } }), P).units;
    expect(at49[0]?.excluded).toBe("small-teaching-point");
    expect(at49[0]?.indicators).toBeNull();
    expect(at49[0]?.pass).toBeNull();
    expect(at49[0]?.reason).toBe("教学点学生不足50人，不参与评估");
    expect(at50[0]?.excluded).toBeNull();
    expect(at50[0]?.pass).not.toBeNull();
  });

  it("特殊教育学校 and 职业初中 are excluded with their reasons", () => {
    expect(schoolUnits(aSchool({ kind: "special", students: { primary: 80, junior: 40 } }), P).units.map((u) => u.excluded)).toEqual([
      "special-education",
      "special-education",
    ]);
    expect(schoolUnits(aSchool({ kind: "vocationalJunior", students: { junior: 300 } }), P).units[0]?.excluded).toBe("vocational");
  });

  it("高级中学 yields no unit and is listed as ignored", () => {
    const r = schoolUnits(aSchool({ kind: "senior", students: { senior: 900 } }), P);
    expect(r.units).toEqual([]);
    expect(r.ignored?.reason).toContain("不属于义务教育学校");
  });

  it("民办 and 直属 are included by default and excluded by the switches", () => {
    expect(schoolUnits(aSchool({ private: true }), P).units[0]?.excluded).toBeNull();
    expect(schoolUnits(aSchool({ private: true }), { ...P, includePrivate: false }).units[0]?.excluded).toBe("private");
    expect(schoolUnits(aSchool({ directlyAdministered: true }), { ...P, includeDirectlyAdministered: false }).units[0]?.excluded).toBe(
      "directly-administered",
    );
  });

  it("a teaching point with no student count yields no unit, with a reason", () => {
    const r = schoolUnits(aSchool({ kind: "teachingPoint", students: {} }), P);
    expect(r.units).toEqual([]);
    expect(r.ignored?.reason).toContain("缺少学生数");
  });

  it("negative students make an error unit, not an exception", () => {
    const r = schoolUnits(aSchool({ students: { primary: -5 } }), P);
    expect(r.units[0]?.pass).toBe(false);
    expect(r.units[0]?.errors.join()).toContain("负数");
  });

  it("a missing indicator and reader errors make the unit an error unit", () => {
    const missing = aSchool();
    const { equipment: _drop, ...rest } = missing.indicators;
    const r = schoolUnits({ ...missing, indicators: rest }, P);
    expect(r.units[0]?.pass).toBe(false);
    expect(r.units[0]?.errors).toEqual(["缺少生均教学仪器设备值的数据"]);
    const bad = schoolUnits(aSchool({ dataErrors: ["H9: 待统计"] }), P);
    expect(bad.units[0]?.reason).toContain("H9: 待统计");
  });

  it("evaluates computed values as given", () => {
    const r = schoolUnits(aSchool({ indicators: { teachingArea: { type: "value", values: { primary: 4.4 } } } }), P);
    expect(r.units[0]?.indicators?.teachingArea.value).toBe(4.4);
    expect(r.units[0]?.indicators?.teachingArea.amount).toBeCloseTo(2200, 8);
    expect(r.units[0]?.indicators?.teachingArea.gap).toBeCloseTo(50, 8);
  });

  it("subtracts indoor sports rooms from teaching area when the profile says so", () => {
    const s = aSchool({ indoorSportsArea: 600 });
    expect(schoolUnits(s, P).units[0]?.indicators?.teachingArea.value).toBeCloseTo(6, 12);
    expect(schoolUnits(s, { ...P, teachingAreaNetOfIndoorSports: true }).units[0]?.indicators?.teachingArea.value).toBeCloseTo(4.8, 12);
  });
});

describe("summarizeLevel and the county", () => {
  const a = aSchool({ id: "a", sourceRow: 5, students: { primary: 500 }, amounts: { degree: 30 } }); // 6.0
  const b = aSchool({
    id: "b",
    sourceRow: 6,
    students: { primary: 300 },
    amounts: { degree: 12, teachingArea: 1800, sportsArea: 3000, equipment: 840_000, multimedia: 9 },
  }); // 4.0

  it("aggregates Σ resource / Σ students and writes the bureau sentence", () => {
    const r = evaluateCounty([a, b], P);
    const d = r.levels.primary.indicators.degree;
    expect(d.aggregate).toBeCloseTo(5.25, 12); // 42 × 100 / 800
    expect(d.compliant).toBe(1);
    expect(d.sentence).toBe("全区5.25人，达标1/2");
    expect(d.cv).toBeCloseTo(Math.sqrt(0.9375) / 5.25, 10);
    expect(d.cvPass).toBe(true);
  });

  it("writes 元 without decimals, trims zeros and cuts down: 全区1407元 / 全县0.9人", () => {
    expect(aggregateSentence(indicatorDefinition("equipment"), 1407.4, 20, 71, "全区")).toBe("全区1407元，达标20/71");
    expect(aggregateSentence(indicatorDefinition("peArt"), 0.9, 34, 71, "全县")).toBe("全县0.9人，达标34/71");
    // Cut down, as every figure beside a standard: 5.949 shows 5.94, and 4.1979 (under 4.2) never 4.2.
    expect(aggregateSentence(indicatorDefinition("degree"), 5.949, 71, 71, "全区")).toBe("全区5.94人，达标71/71");
    expect(aggregateSentence(indicatorDefinition("degree"), 4.1979, 0, 1, "全县")).toBe("全县4.19人，达标0/1");
    expect(aggregateSentence(indicatorDefinition("equipment"), 2499.9, 0, 1, "全县")).toBe("全县2499元，达标0/1");
  });

  it("fails a level when a CV is over its limit even if every unit passes", () => {
    // equipment 2000 vs 8000 per student (both pass): mean 5000, S 3000, CV 0.6 > 0.5
    const x = aSchool({ id: "x", students: { primary: 500 }, amounts: { equipment: 1_000_000 } });
    const y = aSchool({ id: "y", students: { primary: 500 }, amounts: { equipment: 4_000_000 } });
    const r = evaluateCounty([x, y], P);
    expect(r.levels.primary.passing).toBe(2);
    expect(r.levels.primary.indicators.equipment.cv).toBeCloseTo(0.6, 12);
    expect(r.levels.primary.indicators.equipment.cvPass).toBe(false);
    expect(r.levels.primary.pass).toBe(false);
    expect(r.resourcePass).toBe(false);
  });

  it("a CV exactly at the junior limit 0.45 passes", () => {
    // 5.5 and 14.5 ㎡ per student, equal weights: mean 10, S 4.5, CV 0.45
    const x = aSchool({ id: "x", kind: "junior", students: { junior: 100 }, amounts: { sportsArea: 550 } });
    const y = aSchool({ id: "y", kind: "junior", students: { junior: 100 }, amounts: { sportsArea: 1450 } });
    const s = summarizeLevel("junior", evaluateCounty([x, y], P).units, P);
    expect(s.indicators.sportsArea.cv).toBeCloseTo(0.45, 12);
    expect(s.indicators.sportsArea.cvPass).toBe(true);
  });

  it("passes 资源配置 when every unit passes and every CV is within its limit", () => {
    const r = evaluateCounty([a, aSchool({ id: "c", students: { primary: 400 }, amounts: { degree: 22 } })], P);
    expect(r.levels.primary.pass).toBe(true);
    expect(r.levels.junior.pass).toBeNull();
    expect(r.resourcePass).toBe(true);
  });

  it("leaves excluded units out of the CV, the counts and the aggregate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 49 }), fc.double({ min: 0, max: 1e7, noNaN: true }), (n, eq) => {
        const base = evaluateCounty([a, b], P).levels.primary;
        const tp = aSchool({ id: "tp", kind: "teachingPoint", students: { primary: n }, amounts: { equipment: eq } });
        const sp = aSchool({ id: "sp", kind: "special", students: { primary: 60 }, amounts: { equipment: eq } });
        const withExcluded = evaluateCounty([a, tp, b, sp], P).levels.primary;
        expect(withExcluded.units).toBe(2);
        expect(withExcluded.excluded).toBe(2);
        expect(withExcluded.indicators.equipment.cv).toBeCloseTo(base.indicators.equipment.cv ?? NaN, 12);
        expect(withExcluded.indicators.equipment.aggregate).toBeCloseTo(base.indicators.equipment.aggregate ?? NaN, 9);
      }),
      { numRuns: 30 },
    );
  });

  it("counts units = passing + failing, with excluded apart", () => {
    const r = evaluateCounty([a, b, aSchool({ id: "tp", kind: "teachingPoint", students: { primary: 20 } })], P);
    const l = r.levels.primary;
    expect(l.units).toBe(l.passing + l.failing);
    expect(l.excluded).toBe(1);
  });
});
