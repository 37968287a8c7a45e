import { describe, expect, it } from "vitest";
import { evaluateCounty } from "../../src/core/evaluate";
import { addGuaranteeChecks, guaranteeChecks, GuaranteeTally } from "../../src/core/guarantee";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import type { GuaranteeCheckId, GuaranteeData, SchoolRecord } from "../../src/core/types";
import { aSchool } from "../support/builders";

const P = NATIONAL_PROFILE;
const check = (id: GuaranteeCheckId, ...args: Parameters<typeof aSchool>) => guaranteeChecks(aSchool(...args), P).find((c) => c.id === id);

/** The checks and the not-verified ones of one item for one school. */
function unverifiedOf(id: GuaranteeCheckId, over: Partial<SchoolRecord>) {
  const tally = new GuaranteeTally();
  addGuaranteeChecks(aSchool(over), NATIONAL_PROFILE, tally);
  const all = guaranteeChecks(aSchool(over), NATIONAL_PROFILE).filter((c) => c.id === id);
  return { checks: all, unverified: tally.summary().unverified.filter((u) => u.id === id) };
}

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

  it("holds every room to 96 ㎡ music, 90 ㎡ art: a total decides one room, or a failure; not several rooms passing", () => {
    expect(check("artRoomArea", { guarantee: { artRooms: 1, artRoomArea: 90 } })?.pass).toBe(true);
    expect(check("artRoomArea", { guarantee: { artRooms: 1, artRoomArea: 89 } })).toMatchObject({
      pass: false,
      message: "美术专用教室面积89㎡，每间应不小于90㎡",
    });
    // 2 rooms, 191 ㎡: 95.5 on average, so at least one is under 96.
    expect(check("musicRoomArea", { guarantee: { musicRooms: 2, musicRoomArea: 191 } })).toMatchObject({
      pass: false,
      message: "音乐专用教室2间共191㎡，平均每间95.5㎡，每间应不小于96㎡",
    });
    // 2 rooms, 200 ㎡: 104 + 96 or 110 + 90 — the total cannot tell.
    const r = unverifiedOf("musicRoomArea", { guarantee: { musicRooms: 2, musicRoomArea: 200 } });
    expect(r.checks).toEqual([]);
    expect(r.unverified[0]?.message).toBe("音乐专用教室2间共200㎡，只有总面积，无法核实每间是否不小于96㎡");
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
    expect(check("classSize", { guarantee: { over45: { whole: 2 } } })).toMatchObject({ pass: false, value: 2, limit: 0 });
  });

  it("holds each level to its own limit: 超45人 for 小学, 超50人 for 初中", () => {
    const junior = (guarantee: GuaranteeData) => check("classSize", { kind: "junior", students: { junior: 800 }, guarantee });
    // A 初中 with 3 classes over 45 but none over 50 meets the 50 limit.
    expect(junior({ over45: { whole: 3 }, over50: { whole: 0 } })?.pass).toBe(true);
    expect(junior({ over50: { whole: 1 } })).toMatchObject({ pass: false, value: 1 });
    // 超45人 alone says nothing about 50 when it is over 0: not verified, never a pass.
    const only45 = unverifiedOf("classSize", { kind: "junior", students: { junior: 800 }, guarantee: { over45: { whole: 3 } } });
    expect(only45.checks).toEqual([]);
    expect(only45.unverified[0]?.message).toContain("无法确定初中班额是否不超过50人");
    // And 超45人 = 0 shows every class within 45, so within 50.
    expect(junior({ over45: { whole: 0 } })?.pass).toBe(true);
  });

  it("never takes 大班额数 = 0 (56 or more) as proof of the 45 / 50 limits", () => {
    const r = unverifiedOf("classSize", { guarantee: { bigClasses: 0 } });
    expect(r.checks).toEqual([]);
    expect(r.unverified[0]?.message).toContain("不能说明班额不超过45人");
  });

  it("fails a school with a 大班额 (56 or more is over 45 and over 50)", () => {
    const r = unverifiedOf("classSize", { guarantee: { bigClasses: 2 } });
    expect(r.unverified).toEqual([]);
    expect(r.checks).toMatchObject([{ pass: false, message: "大班额（56人及以上）2个，超过45人（小学）/50人（初中）的班额标准" }]);
  });

  it("holds a 九年一贯制学校's whole-school largest class only to what it can show", () => {
    const nine = { kind: "nineYear" as const, students: { primary: 600, junior: 400 } };
    // 48: within 50 for 初中, but 小学 (45) cannot be told.
    const r48 = unverifiedOf("classSize", { ...nine, guarantee: { largestClass: 48 } });
    expect(r48.checks.map((c) => [c.pass, c.limit])).toEqual([[true, 50]]);
    expect(r48.unverified.map((u) => u.message)).toEqual([expect.stringContaining("无法确定小学班额是否不超过45人")]);
    // 52: over 50, so over either limit: the school fails.
    const r52 = unverifiedOf("classSize", { ...nine, guarantee: { largestClass: 52 } });
    expect(r52.checks.some((c) => !c.pass)).toBe(true);
    // Per level: each against its own.
    const byLevel = unverifiedOf("classSize", { ...nine, guarantee: { largestClassByLevel: { primary: 44, junior: 49 } } });
    expect(byLevel.checks.map((c) => c.pass)).toEqual([true, true]);
  });

  it("checks 校额 whenever the students are known, with no other guarantee column", () => {
    expect(check("schoolSize", { kind: "primary", students: { primary: 2600 } })).toMatchObject({ pass: false, value: 2600, limit: 2000 });
  });

  it("counts only compulsory classes for the 音乐/美术 rooms; a 完全中学's unsplit classes cannot be checked", () => {
    // 完全中学: 18 初中 classes need ceil(18 / 12) = 2 rooms; its 24 高中 classes do not count.
    const complete = { kind: "complete" as const, students: { junior: 800, senior: 1000 } };
    expect(check("musicRooms", { ...complete, guarantee: { classesByLevel: { junior: 18, senior: 24 }, musicRooms: 2 } })?.pass).toBe(true);
    const unsplit = unverifiedOf("musicRooms", { ...complete, guarantee: { classes: 42, musicRooms: 2 } });
    expect(unsplit.checks).toEqual([]);
    expect(unsplit.unverified[0]?.message).toContain("含高中班级");
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

  it("makes no check without its data, but 校额, which needs only the students", () => {
    expect(guaranteeChecks(aSchool(), P).map((c) => [c.id, c.pass])).toEqual([["schoolSize", true]]);
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
      { id: "musicRooms", checked: 3, failing: 1, unverified: 0 },
      { id: "schoolSize", checked: 3, failing: 0, unverified: 0 },
      { id: "classSize", checked: 2, failing: 1, unverified: 0 },
      { id: "certification", checked: 1, failing: 1, unverified: 0 },
    ]);
    expect(guarantee.failing.map((g) => [g.school, g.sourceRow, g.id, g.value, g.limit, g.pass])).toEqual([
      ["乙小学", 6, "musicRooms", 1, 2, false],
      ["乙小学", 6, "classSize", 46, 45, false],
      ["丙小学", 7, "certification", 0.975, 1, false],
    ]);
    expect(guarantee.failing[0]?.message).toBe("音乐专用教室1间，13个班应不少于2间");
  });

  it("hold only 校额 when no school has other data", () => {
    expect(evaluateCounty([aSchool()], P).guarantee).toEqual({
      items: [{ id: "schoolSize", checked: 1, failing: 0, unverified: 0 }],
      failing: [],
      unverified: [],
    });
  });
});

describe("校额 of a school entered as one row per level", () => {
  it("adds its rows: 1 400 + 1 300 students of one 九年一贯制学校 are over 2 500", () => {
    const rows = [
      aSchool({ id: "p", sourceRow: 2, name: "育才学校（小学部）", kind: "nineYear", levelRow: true, students: { primary: 1400 } }),
      aSchool({ id: "j", sourceRow: 3, name: "育才学校（初中部）", kind: "nineYear", levelRow: true, students: { junior: 1300 } }),
    ];
    const { guarantee } = evaluateCounty(rows, P);
    expect(guarantee.items.find((i) => i.id === "schoolSize")).toEqual({ id: "schoolSize", checked: 1, failing: 1, unverified: 0 });
    expect(guarantee.failing[0]).toMatchObject({ value: 2700, limit: 2500 });
  });

  it("holds rows of both levels to the 一贯制 limit whatever each row's kind says: 1 400 + 1 000 ≤ 2 500", () => {
    const rows = [
      aSchool({ id: "p", sourceRow: 2, name: "城南学校（小学部）", kind: "primary", levelRow: true, students: { primary: 1400 } }),
      aSchool({ id: "j", sourceRow: 3, name: "城南学校（初中部）", kind: "junior", levelRow: true, students: { junior: 1000 } }),
    ];
    const { guarantee } = evaluateCounty(rows, P);
    expect(guarantee.items.find((i) => i.id === "schoolSize")).toEqual({ id: "schoolSize", checked: 1, failing: 0, unverified: 0 });
  });
});
