import type { PlanTarget } from "../core/plan-tracking";
import type { Level } from "../core/types";
import { findIndicator } from "../core/indicators";
import { cellAddress, cellText, type Grid } from "./cells";
import { SheetView } from "./sheet-view";

/** The name of the plan sheet (推进规划). */
export const PLAN_SHEET = "推进规划";

/**
 * Reads the targets of a 推进规划 sheet in the form of the county plans: a header row with years
 * (2024年 …) over a row of 小学/初中, and indicator rows whose cells hold 达标学校数/学校总数 ("57/71").
 * Rows are matched to indicators by name; other rows and cells are ignored.
 *
 * A target typed as 8/25 in Excel or WPS is turned into a date (8月25日) unless the cell is text;
 * such a date is read back as month/day = 8/25 (the zh-CN reading of what was typed). A target cell
 * that cannot be read, or whose 达标学校数 exceeds its 学校总数, is named in `problems`.
 *
 * @param grid - The plan sheet.
 * @param problems - Receives a sentence per target cell that cannot be used.
 * @returns The targets found.
 */
export function readPlanTargets(grid: Grid, problems: string[] = []): PlanTarget[] {
  const view = new SheetView(grid);
  let yearRow = -1;
  const yearOf = new Map<number, number>();
  for (let r = view.rowStart; r <= Math.min(view.rowEnd, view.rowStart + 20) && yearRow < 0; r++) {
    for (let c = view.colStart; c <= view.colEnd; c++) {
      const m = /^(20\d\d)年?$/.exec(cellText(view.merged(r, c)).replace(/\s/g, ""));
      if (m) {
        yearRow = r;
        yearOf.set(c, Number(m[1]));
      }
    }
  }
  if (yearRow < 0) return [];
  const levelOf = new Map<number, Level>();
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const t = cellText(view.raw(yearRow + 1, c)).replace(/\s/g, "");
    if (t === "小学") levelOf.set(c, "primary");
    if (t === "初中") levelOf.set(c, "junior");
  }
  // A year heads its 小学 column; the 初中 column next to it has the year through the merge or by position.
  let current: number | undefined;
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const y = yearOf.get(c);
    if (y !== undefined) current = y;
    else if (!levelOf.has(c)) current = undefined;
    if (current !== undefined && levelOf.has(c)) yearOf.set(c, current);
  }
  const targets: PlanTarget[] = [];
  for (let r = yearRow + 2; r <= view.rowEnd; r++) {
    let indicator = null;
    for (let c = view.colStart; c <= view.colEnd && !indicator; c++) {
      if (levelOf.has(c)) continue;
      indicator = findIndicator(cellText(view.raw(r, c)));
    }
    if (!indicator) continue;
    for (const [c, level] of levelOf) {
      const year = yearOf.get(c);
      if (year === undefined) continue;
      const raw = view.raw(r, c);
      const cell = cellAddress(r, c);
      const target = targetOf(raw);
      if (target === null) {
        const text = cellText(raw);
        if (text) problems.push(`${PLAN_SHEET}!${cell}：“${text}”不是“达标学校数/学校总数”（如 57/71），未用于对照`);
        continue;
      }
      if (target.met > target.total) {
        problems.push(`${PLAN_SHEET}!${cell}：达标学校数${target.met}大于学校总数${target.total}，未用于对照`);
        continue;
      }
      targets.push({ indicator: indicator.id, level, year, ...target, cell });
    }
  }
  return targets;
}

/** The first serial of 1901 in Excel's 1900 date system: smaller numbers are not taken for dates. */
const FIRST_DATE_SERIAL = 367;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** met/total from "57/71", or from the date Excel made of "8/25" (a Date, or a serial from Office.js). */
function targetOf(raw: unknown): { met: number; total: number } | null {
  let date: Date | null = null;
  if (raw instanceof Date) date = raw;
  else if (typeof raw === "number" && Number.isInteger(raw) && raw >= FIRST_DATE_SERIAL) date = new Date(EXCEL_EPOCH_MS + raw * 86_400_000);
  if (date) return { met: date.getUTCMonth() + 1, total: date.getUTCDate() };
  const m = /(\d+)\s*[/／]\s*(\d+)\s*$/.exec(cellText(raw as Parameters<typeof cellText>[0]));
  return m ? { met: Number(m[1]), total: Number(m[2]) } : null;
}
