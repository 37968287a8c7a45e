import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { readPlanTargets } from "../../src/sheet/read-plan";
import { planTemplate } from "../../src/plan/plan-template";
import { LAYOUTS } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

const flat = LAYOUTS.find((l) => l.id === "flat-basic")!;

/** A plan in the form of seed 001, filled in by a user. */
const PLAN = [
  ["黔江区创建全国义务教育优质均衡发展区推进规划"],
  ["指标名称", "内容与标准", "现状", null, "2025年", null, "2026年", null],
  [null, null, "小学", "初中", "小学", "初中", "小学", "初中"],
  ["资源配置（7项指标中每所学校至少要有6项指标达到要求……）"],
  [
    "1.每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上",
    "…",
    "全区5.95人，达标71/71",
    "全区7.41人，达标23/23",
    "1/1",
    "1/1",
    "1/1",
    "1/1",
  ],
  ["4.生均教学及辅助用房面积：小学、初中分别达到4.5平方米以上、5.8平方米以上", "…", "", "", "2/2", "0/1", "2/2", "1/1"],
];

describe("plan tracking", () => {
  it("reads targets per indicator, level and year from a seed-001 style sheet", () => {
    const t = readPlanTargets(gridOf(PLAN, ["C2:D2", "E2:F2", "G2:H2"]));
    expect(t.filter((x) => x.year === 2025).map((x) => [x.indicator, x.level, `${x.met}/${x.total}`, x.cell])).toEqual([
      ["degree", "primary", "1/1", "E5"],
      ["degree", "junior", "1/1", "F5"],
      ["teachingArea", "primary", "2/2", "E6"],
      ["teachingArea", "junior", "0/1", "F6"],
    ]);
  });

  it("reads the template the add-in writes, once filled in", () => {
    const tpl = planTemplate(2025, 2);
    const rows: (string | number | null)[][] = Array.from({ length: 12 }, () => Array<string | number | null>(8).fill(null));
    for (const c of tpl.cells) rows[c.row]![c.col] = c.value === "" ? null : (c.value ?? null);
    rows[3]![4] = "40/46"; // degree, 2025, primary
    expect(readPlanTargets(gridOf(rows)).map((x) => [x.indicator, x.level, x.year, x.met, x.total])).toEqual([
      ["degree", "primary", 2025, 40, 46],
    ]);
  });

  it("keeps typed targets as text: every target cell of the template is formatted @", () => {
    const tpl = planTemplate(2025, 2);
    const inputs = tpl.cells.filter((c) => c.input);
    expect(inputs).toHaveLength(7 * 2 * 2);
    for (const c of inputs) expect(c.numFmt).toBe("@");
  });

  it("reads a target Excel turned into a date as month/day, and names cells it cannot use", () => {
    const tpl = planTemplate(2025, 2);
    const rows: (string | number | Date | null)[][] = Array.from({ length: 12 }, () => Array<string | number | Date | null>(8).fill(null));
    for (const c of tpl.cells) rows[c.row]![c.col] = c.value === "" ? null : (c.value ?? null);
    rows[3]![4] = new Date(Date.UTC(2025, 7, 25)); // "8/25" typed into a general cell, read from the file: 8月25日
    rows[3]![5] = 45894; // the same date as Office.js gives it: serial 45894 = 2025-08-25
    rows[4]![4] = 45905; // "9/5" became 9月5日: 9 met of 5 cannot be
    rows[4]![5] = "约60所"; // not a target
    const problems: string[] = [];
    const targets = readPlanTargets(gridOf(rows), problems);
    expect(targets.map((x) => [x.indicator, x.level, x.year, x.met, x.total, x.cell])).toEqual([
      ["degree", "primary", 2025, 8, 25, "E4"],
      ["degree", "junior", 2025, 8, 25, "F4"],
    ]);
    expect(problems).toEqual([
      "推进规划!E5：达标学校数9大于学校总数5，未用于对照",
      "推进规划!F5：“约60所”不是“达标学校数/学校总数”（如 57/71），未用于对照",
    ]);
  });

  it("marks each indicator on or behind plan against the check (as shares)", () => {
    const o = runCheck({ grid: gridOf(flat.rows), sheetName: "表", planGrid: gridOf(PLAN, ["E2:F2", "G2:H2"]), year: 2025 });
    if (!o.ok) throw new Error(o.message);
    const lines = o.tracking!.lines.map((l) => [
      l.level,
      l.indicator,
      l.target ? `${l.target.met}/${l.target.total}` : null,
      `${l.actualMet}/${l.actualTotal}`,
      l.status,
    ]);
    // flat-basic: 1 primary and 1 junior unit, both meeting every indicator
    expect(lines).toContainEqual(["primary", "degree", "1/1", "1/1", "on-plan"]);
    expect(lines).toContainEqual(["primary", "teachingArea", "2/2", "1/1", "on-plan"]);
    expect(lines).toContainEqual(["junior", "teachingArea", "0/1", "1/1", "on-plan"]);
    expect(lines).toContainEqual(["primary", "equipment", null, "1/1", "no-target"]);
  });

  it("is behind plan when fewer units meet the indicator than planned", () => {
    const failing = flat.rows.map((r) => [...r]);
    failing[3]![6] = 5000; // 城关第一小学 teaching area 5000 / 1532 = 3.26 < 4.5
    const o = runCheck({ grid: gridOf(failing), sheetName: "表", planGrid: gridOf(PLAN), year: 2025 });
    if (!o.ok) throw new Error(o.message);
    expect(o.tracking!.lines.find((l) => l.level === "primary" && l.indicator === "teachingArea")?.status).toBe("behind");
  });
});

describe("gap totals", () => {
  it("sums what every unit lacks, to the standard and to 85%", () => {
    const rows = [
      flat.rows[2]!,
      ["甲小学", "小学", 500, 30, 8, 6, 2000, 5000, 800000, 16], // area 4.0 → 250 ㎡; equipment 1600 → 200000 元 (floor 50000)
      ["乙小学", "小学", 200, 12, 2, 2, 800, 2000, 400000, 5], // area 4.0 → 100 ㎡ (floor 765 ≤ 800 → 0)
    ];
    const o = runCheck({ grid: gridOf(rows), sheetName: "表" });
    if (!o.ok) throw new Error(o.message);
    const area = o.gaps.find((g) => g.level === "primary" && g.indicator === "teachingArea")!;
    expect([area.units, area.gap, area.floorGap]).toEqual([2, 350, 0]);
    const eq = o.gaps.find((g) => g.level === "primary" && g.indicator === "equipment")!;
    expect(eq.units).toBe(1);
    expect(eq.gap).toBeCloseTo(200_000, 6);
    expect(eq.floorGap).toBeCloseTo(50_000, 6);
  });
});
