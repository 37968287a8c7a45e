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
 * @param grid - The plan sheet.
 * @returns The targets found.
 */
export function readPlanTargets(grid: Grid): PlanTarget[] {
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
      const m = /(\d+)\s*[/／]\s*(\d+)\s*$/.exec(cellText(view.raw(r, c)));
      if (year === undefined || !m) continue;
      targets.push({ indicator: indicator.id, level, year, met: Number(m[1]), total: Number(m[2]), cell: cellAddress(r, c) });
    }
  }
  return targets;
}
