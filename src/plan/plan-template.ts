import type { CheckSuccess } from "../check/run-check";
import { INDICATORS } from "../core/indicators";
import { PLAN_SHEET } from "../sheet/read-plan";
import type { FormulaSheet, SheetCell } from "./checklist-sheet";

const STANDARD_TEXT: Readonly<Record<string, string>> = {
  degree: "小学、初中分别达到4.2人以上、5.3人以上",
  backbone: "小学、初中均达到1人以上",
  peArt: "小学、初中均达到0.9人以上",
  teachingArea: "小学、初中分别达到4.5平方米以上、5.8平方米以上",
  sportsArea: "小学、初中分别达到7.5平方米以上、10.2平方米以上",
  equipment: "小学、初中分别达到2000元以上、2500元以上",
  multimedia: "小学、初中分别达到2.3间以上、2.4间以上",
};

/**
 * A 推进规划 sheet in the form of the county plans (seed 001): one row per resource indicator, the
 * current state, and per year the target 达标学校数/学校总数 for 小学 and 初中, which the user fills in
 * ("57/71"). The next check compares this year's targets with the actual counts (规划对照).
 *
 * @param startYear - The first planned year.
 * @param years - How many years.
 * @param outcome - A check to fill the 现状 columns from.
 * @returns The sheet.
 */
export function planTemplate(startYear: number, years: number, outcome?: CheckSuccess): FormulaSheet {
  const cells: SheetCell[] = [];
  const put = (row: number, col: number, cell: Omit<SheetCell, "row" | "col">) => cells.push({ row, col, ...cell });
  put(0, 0, { value: "创建全国义务教育优质均衡发展县（区）推进规划", bold: true });
  put(1, 0, { value: "指标名称", bold: true });
  put(1, 1, { value: "内容与标准", bold: true });
  put(1, 2, { value: "现状", bold: true });
  for (let y = 0; y < years; y++) put(1, 4 + 2 * y, { value: `${startYear + y}年`, bold: true });
  ["小学", "初中"].forEach((l, i) => put(2, 2 + i, { value: l, bold: true }));
  for (let y = 0; y < years; y++) ["小学", "初中"].forEach((l, i) => put(2, 4 + 2 * y + i, { value: l, bold: true }));
  INDICATORS.forEach((d, i) => {
    const row = 3 + i;
    put(row, 0, { value: `${i + 1}.${d.name}` });
    put(row, 1, { value: STANDARD_TEXT[d.id] ?? "" });
    if (outcome) {
      put(row, 2, { value: outcome.result.levels.primary.units > 0 ? outcome.result.levels.primary.indicators[d.id].sentence : "" });
      put(row, 3, { value: outcome.result.levels.junior.units > 0 ? outcome.result.levels.junior.indicators[d.id].sentence : "" });
    }
    // Text cells: "8/25" typed into a general cell becomes a date (8月25日) in Excel and WPS.
    for (let y = 0; y < years; y++) for (let k = 0; k < 2; k++) put(row, 4 + 2 * y + k, { value: "", input: true, numFmt: "@" });
  });
  put(11, 0, { value: "注：各年填写“达标学校数/学校总数”，如 57/71；检查达标时与当年实际达标数对照。" });
  return { name: PLAN_SHEET, cells, lists: [], widths: [44, 36, 22, 22, ...Array<number>(2 * years).fill(9)], titleRows: 3 };
}
