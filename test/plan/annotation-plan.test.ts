import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { noteKey, buildPlan, NOTE_PREFIX } from "../../src/plan/annotation-plan";
import { localTime } from "../../src/plan/result-sheets";
import { amountText, unmetSentence } from "../../src/plan/wording";
import { checkView } from "../../src/check/check-view";
import { FLAT_HEADER, LAYOUTS } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

const OPTIONS = { checkedAt: "2026-01-01T00:00:00.000Z", version: "test" };

function outcomeOf(rows: Parameters<typeof gridOf>[0], merges: string[] = []) {
  const o = runCheck({ grid: gridOf(rows, merges), sheetName: "表" });
  if (!o.ok) throw new Error(o.message);
  return o;
}

// One primary school failing two indicators: 500 students, teaching area 1960 ㎡ (3.92 ㎡/生), 10 rooms (2.0 per 100).
const HEADER = [...FLAT_HEADER];
const failing = [HEADER, ["甲小学", "小学", 500, 30, 8, 6, 1960, 5000, 1400000, 10]];

describe("buildPlan", () => {
  it("writes the issue's note form for an unmet area: value, standard, per-student difference, gap", () => {
    // 1960 / 500 = 3.92 ㎡; standard 4.5; 0.58 ㎡/生 short; 4.5 × 500 − 1960 = 290 ㎡
    const o = outcomeOf(failing);
    const u = o.result.units[0]!;
    expect(unmetSentence(u.indicators!.teachingArea)).toBe("生均教学及辅助用房面积 3.92㎡，标准4.5㎡，差0.58㎡/生，缺口 290㎡");
    // 10 rooms for 500 students: 2.0 per 100, standard 2.3; 11.5 − 10 → 2 rooms
    expect(unmetSentence(u.indicators!.multimedia)).toBe("每百名学生拥有网络多媒体教室数 2间，标准2.3间，差0.3间/百生，缺口 2间");
  });

  it("writes shortfalls in the units bureaus write: whole people and rooms, ㎡ to 0.1, money in 万元", () => {
    expect(amountText(2.2, "people")).toBe("3人");
    expect(amountText(290.04, "area")).toBe("290.1㎡");
    expect(amountText(686_660, "yuan")).toBe("68.67万元"); // 68.666 raised
    expect(amountText(850, "yuan")).toBe("850元");
  });

  it("marks the failing school's name cell and the source cells of each unmet indicator", () => {
    const plan = buildPlan(outcomeOf(failing), OPTIONS);
    expect(plan.marks.map((m) => [m.address, m.style])).toEqual([
      ["A2", "fail-school"],
      ["G2", "unmet"],
      ["J2", "unmet"],
    ]);
    const name = plan.marks.find((m) => m.address === "A2")!;
    expect(name.note.startsWith(NOTE_PREFIX)).toBe(true);
    // Short: the count and the gaps; the unmet figures have their own cells' notes.
    expect(name.note).toBe(`${NOTE_PREFIX}\n小学未达标：仅5项达标（至少需6项）；缺 教辅用房290㎡、多媒体教室2间（详见“达标结果”）`);
  });

  it("marks excluded units with their reason and problems with their message", () => {
    const plan = buildPlan(outcomeOf(LAYOUTS.find((l) => l.id === "text-numbers")!.rows), OPTIONS);
    expect(plan.marks.find((m) => m.address === "D3")).toMatchObject({ style: "problem" });
    expect(plan.marks.find((m) => m.address === "D3")?.note).toContain("“待统计”不是数字");
    const flat = buildPlan(outcomeOf(LAYOUTS.find((l) => l.id === "flat-basic")!.rows), OPTIONS);
    expect(flat.marks).toEqual([
      { sheet: "表", address: "A6", style: "excluded", note: `${NOTE_PREFIX}\n不参评：教学点学生不足50人，不参与评估` },
    ]);
  });

  it("says in 达标结果 and the pane that a unit's teachers were split by students, even where the unit passes", () => {
    // 实验学校 (九年一贯制, 800 小学 and 600 初中 students): its degree and subject teachers are
    // whole-school columns, split by weighted students, an estimate its 小学 unit passes on; its
    // 骨干教师 are given per level (M, N) and are not split.
    const layout = LAYOUTS.find((l) => l.id === "consolidated-3row")!;
    const o = outcomeOf(layout.rows, [...(layout.merges ?? [])]);
    const units = buildPlan(o, OPTIONS).sheets.find((s) => s.role === "units")!;
    const header = units.rows[2]!;
    const row = units.rows.find((r) => r[0] === "实验学校" && r[2] === "小学")!;
    expect(row[header.indexOf("结论")]).toBe("达标");
    expect(row[header.indexOf("说明")]).toContain("7项指标全部达标；高学历教师、体艺教师为全校人数按学生比例拆分（推算）");
    const single = units.rows.find((r) => r[0] === "新区小学")!;
    expect(String(single[header.indexOf("说明")])).not.toContain("拆分");
    expect(checkView(o).splitUnits).toBe(2);
  });

  it("moves our note to the results when the user already has a note there", () => {
    const plan = buildPlan(outcomeOf(failing), { ...OPTIONS, occupiedNotes: new Set([noteKey("表", "G2")]) });
    expect(plan.marks.find((m) => m.address === "G2")).toEqual({ sheet: "表", address: "G2", style: "unmet", note: "" });
    expect(plan.displaced).toEqual([
      { sheet: "表", address: "G2", note: "生均教学及辅助用房面积 3.92㎡，标准4.5㎡，差0.58㎡/生，缺口 290㎡" },
    ]);
    const problems = plan.sheets.find((s) => s.role === "problems")!;
    expect(problems.rows.some((r) => r[0] === "G2" && String(r[2]).includes("已有用户批注"))).toBe(true);
  });

  it("writes at most maxNotes notes: failing schools before unmet cells, the rest only highlighted and counted", () => {
    // Two failing schools, each with a name mark and two unmet cells: six marks.
    const o = outcomeOf([...failing, ["乙小学", "小学", 500, 30, 8, 6, 1960, 5000, 1400000, 10]]);
    const plan = buildPlan(o, { ...OPTIONS, maxNotes: 3 });
    expect(plan.marks).toHaveLength(6);
    const noted = plan.marks.filter((m) => m.note !== "").map((m) => [m.address, m.style]);
    // Both name cells (fail-school) first, then the first unmet cell by address.
    expect(noted).toEqual([
      ["A2", "fail-school"],
      ["G2", "unmet"],
      ["A3", "fail-school"],
    ]);
    expect(plan.notesOmitted).toBe(3);
    const info = plan.sheets.find((s) => s.role === "info")!;
    expect(info.rows.find((r) => r[0] === "批注")?.[1]).toBe(
      "写了3条批注；另有3个标色单元格未写批注（批注过多会使Excel变慢），其说明见“达标结果”“保障程度”“数据问题”",
    );
    const all = buildPlan(o, OPTIONS);
    expect(all.marks.every((m) => m.note.startsWith(NOTE_PREFIX))).toBe(true);
    expect(all.notesOmitted).toBe(0);
  });

  it("adds the six result sheets with the stamp", () => {
    const plan = buildPlan(outcomeOf(failing), OPTIONS);
    expect(plan.sheets.map((s) => s.name)).toEqual(["达标结果", "差异系数", "缺口汇总", "保障程度", "数据问题", "检查信息"]);
    const info = plan.sheets.find((s) => s.role === "info")!;
    expect(info.rows).toContainEqual(["检查时间", localTime(OPTIONS.checkedAt)]);
    expect(info.rows).toContainEqual(["版本", "test"]);
    expect(info.rows).toContainEqual(["标准配置", "国家标准（教督〔2017〕6号）"]);
    const units = plan.sheets.find((s) => s.role === "units")!;
    // The county verdict with its reason first, then the colour legend, then the table.
    expect(units.rows[0]).toEqual(["县域资源配置：未达标——小学：1个单元未达标（差异系数均不超过限值）"]);
    expect(units.rows[1]?.slice(5)).toEqual(["未达标学校", "未达标指标", "保障不达标", "数据问题", "不参评"]);
    expect(units.fills.map((f) => [f.row, f.col, f.color])).toEqual([
      [1, 5, "FFFFC7CE"],
      [1, 6, "FFFFE699"],
      [1, 7, "FFBDD7EE"],
      [1, 8, "FFF8CBAD"],
      [1, 9, "FFD9D9D9"],
    ]);
    expect(units.rows[2]?.[0]).toBe("学校名称");
    expect([units.freezeRows, units.filterRow]).toEqual([3, 2]);
    expect(units.rows[3]?.slice(0, 5)).toEqual(["甲小学", 2, "小学", "小学", 500]);
    expect(units.rows[3]?.[13]).toBe("未达标");
  });

  it("writes the CV table with the aggregate sentence and the labelled comparisons", () => {
    const plan = buildPlan(outcomeOf(failing), OPTIONS);
    const cv = plan.sheets.find((s) => s.role === "cv")!;
    const header = cv.rows.find((r) => r[0] === "学段")!;
    expect(header).toContain("对比：不加权CV（仅供对比）");
    const row = cv.rows.find((r) => r[0] === "小学" && r[1] === "生均教学及辅助用房面积")!;
    expect(row[9]).toBe("全区3.92㎡，达标0/1");
  });

  it("is the same plan for the same outcome", () => {
    const o = outcomeOf(failing);
    expect(buildPlan(o, OPTIONS)).toEqual(buildPlan(o, OPTIONS));
  });

  it("keeps a school name beginning with = as text in the result rows", () => {
    const plan = buildPlan(outcomeOf([HEADER, ['=HYPERLINK("x")小学', "小学", 500, 30, 8, 6, 1960, 5000, 1400000, 10]]), OPTIONS);
    expect(plan.sheets.find((s) => s.role === "units")!.rows[3]?.[0]).toBe('=HYPERLINK("x")小学');
  });
});

describe("sheetWidth", () => {
  it("measures a province-sized sheet (more rows than a call takes arguments)", async () => {
    const { sheetWidth } = await import("../../src/plan/result-sheets");
    const rows = Array.from({ length: 300_000 }, (_, i) => (i === 123_456 ? [1, 2, 3] : [1]));
    expect(sheetWidth({ rows })).toBe(3);
    expect(sheetWidth({ rows: [] })).toBe(1);
  });
});

describe("ruleGroups", () => {
  it("splits a style's addresses into groups of 400, in order", async () => {
    const { ruleGroups } = await import("../../src/plan/annotation-plan");
    const addresses = Array.from({ length: 850 }, (_, i) => `A${i + 1}`);
    expect(ruleGroups(addresses).map((g) => g.length)).toEqual([400, 400, 50]);
    expect(ruleGroups(addresses).flat()).toEqual(addresses);
    expect(ruleGroups([])).toEqual([]);
  });
});
