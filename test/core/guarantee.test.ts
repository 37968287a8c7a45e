import { describe, expect, it } from "vitest";
import { evaluateCounty } from "../../src/core/evaluate";
import { guaranteeChecks } from "../../src/core/guarantee";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import type { GuaranteeCheckId } from "../../src/core/types";
import { aSchool } from "../support/builders";

const P = NATIONAL_PROFILE;
const check = (id: GuaranteeCheckId, ...args: Parameters<typeof aSchool>) => guaranteeChecks(aSchool(...args), P).find((c) => c.id === id);

describe("guaranteeChecks", () => {
  it("needs 1 music room for 12 classes and 2 for 13", () => {
    expect(check("musicRooms", { guarantee: { classes: 12, musicRooms: 1 } })).toMatchObject({ pass: true, message: "达标" });
    const c13 = check("musicRooms", { guarantee: { classes: 13, musicRooms: 1 } });
    expect(c13?.pass).toBe(false);
    expect(c13?.limit).toBe(2);
    expect(c13?.message).toBe("音乐专用教室1间，13个班应不少于2间");
  });

  it("needs at least one art room even for 3 classes", () => {
    expect(check("artRooms", { guarantee: { classes: 3, artRooms: 0 } })).toMatchObject({ pass: false, limit: 1 });
  });

  it("sums classes per level when no whole figure is given", () => {
    expect(check("artRooms", { guarantee: { classesByLevel: { primary: 18, junior: 7 }, artRooms: 2 } })).toMatchObject({
      pass: false,
      limit: 3,
    });
  });

  it("checks room areas on average: 96 ㎡ music, 90 ㎡ art", () => {
    expect(check("musicRoomArea", { guarantee: { musicRooms: 2, musicRoomArea: 192 } })?.pass).toBe(true);
    expect(check("musicRoomArea", { guarantee: { musicRooms: 2, musicRoomArea: 191 } })?.pass).toBe(false);
    expect(check("artRoomArea", { guarantee: { artRooms: 1, artRoomArea: 90 } })?.pass).toBe(true);
  });

  it("limits a 小学 to 2000 students and a 九年一贯制 to 2500 compulsory students", () => {
    expect(check("schoolSize", { students: { primary: 2000 }, guarantee: {} })?.pass).toBe(true);
    expect(check("schoolSize", { students: { primary: 2001 }, guarantee: {} })?.pass).toBe(false);
    expect(check("schoolSize", { kind: "nineYear", students: { primary: 1500, junior: 1000 }, guarantee: {} })?.pass).toBe(true);
    expect(check("schoolSize", { kind: "nineYear", students: { primary: 1500, junior: 1001 }, guarantee: {} })?.pass).toBe(false);
    expect(check("schoolSize", { kind: "complete", students: { junior: 1900, senior: 3000 }, guarantee: {} })).toMatchObject({
      pass: true,
      value: 1900,
    });
  });

  it("limits the largest class to 45 in primary and 50 in junior", () => {
    expect(check("classSize", { guarantee: { largestClass: 45 } })?.pass).toBe(true);
    expect(check("classSize", { guarantee: { largestClass: 46 } })?.pass).toBe(false);
    expect(check("classSize", { kind: "junior", students: { junior: 800 }, guarantee: { largestClass: 50 } })?.pass).toBe(true);
    expect(check("classSize", { guarantee: { oversizeClasses: 2 } })).toMatchObject({ pass: false, value: 2, limit: 0 });
  });

  it("funds a teaching point under 100 students as 100", () => {
    // 100 × 720 = 72000 元
    expect(
      check("smallSchoolFunding", { kind: "teachingPoint", students: { primary: 40 }, guarantee: { publicFunds: 72_000 } })?.pass,
    ).toBe(true);
    expect(
      check("smallSchoolFunding", { kind: "teachingPoint", students: { primary: 40 }, guarantee: { publicFunds: 28_800 } }),
    ).toMatchObject({ pass: false, limit: 72_000 });
    expect(check("smallSchoolFunding", { kind: "primary", students: { primary: 40 }, guarantee: { publicFunds: 1 } })).toBeUndefined();
    expect(
      check("smallSchoolFunding", { kind: "primary", students: { primary: 40 }, guarantee: { publicFunds: 1, rural: true } })?.pass,
    ).toBe(false);
  });

  it("holds 特殊教育学校 to 6000 元 per student and makes no other size check", () => {
    const s = { kind: "special" as const, students: { primary: 60, junior: 40 } };
    expect(check("specialFunding", { ...s, guarantee: { publicFunds: 600_000 } })?.pass).toBe(true);
    expect(check("specialFunding", { ...s, guarantee: { publicFunds: 599_999 } })?.pass).toBe(false);
    expect(check("schoolSize", { ...s, guarantee: { publicFunds: 1 } })).toBeUndefined();
  });

  it("requires 100% certified teachers", () => {
    expect(check("certification", { guarantee: { fullTimeTeachers: 40, certifiedTeachers: 40 } })?.pass).toBe(true);
    expect(check("certification", { guarantee: { fullTimeTeachers: 40, certifiedTeachers: 39 } })).toMatchObject({
      pass: false,
      value: 0.975,
    });
  });

  it("makes no check without the data", () => {
    expect(guaranteeChecks(aSchool(), P)).toEqual([]);
  });
});

describe("a county's guarantee checks", () => {
  it("are counted per item in the order of the items, with only the failing checks kept", () => {
    const schools = [
      // 12 classes: 1 music room needed; 40 largest class ≤ 45
      aSchool({ id: "a", sourceRow: 5, name: "甲小学", guarantee: { classes: 12, musicRooms: 1, largestClass: 40 } }),
      // 13 classes: 2 needed, 1 present; 46 > 45
      aSchool({ id: "b", sourceRow: 6, name: "乙小学", guarantee: { classes: 13, musicRooms: 1, largestClass: 46 } }),
      // 2 rooms for 13 classes; certification 39/40
      aSchool({
        id: "c",
        sourceRow: 7,
        name: "丙小学",
        guarantee: { classes: 13, musicRooms: 2, fullTimeTeachers: 40, certifiedTeachers: 39 },
      }),
    ];
    const { guarantee } = evaluateCounty(schools, P);
    // Every school has 500 students: a school-size check each, all within 2000.
    expect(guarantee.items).toEqual([
      { id: "musicRooms", checked: 3, failing: 1 },
      { id: "schoolSize", checked: 3, failing: 0 },
      { id: "classSize", checked: 2, failing: 1 },
      { id: "certification", checked: 1, failing: 1 },
    ]);
    expect(guarantee.failing.map((g) => [g.school, g.sourceRow, g.id, g.value, g.limit, g.pass])).toEqual([
      ["乙小学", 6, "musicRooms", 1, 2, false],
      ["乙小学", 6, "classSize", 46, 45, false],
      ["丙小学", 7, "certification", 0.975, 1, false],
    ]);
    expect(guarantee.failing[0]?.message).toBe("音乐专用教室1间，13个班应不少于2间");
  });

  it("are empty when no school has the data", () => {
    expect(evaluateCounty([aSchool()], P).guarantee).toEqual({ items: [], failing: [] });
  });
});
