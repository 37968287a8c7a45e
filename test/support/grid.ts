import type { Grid, MergeArea, RawCell } from "../../src/sheet/cells";
import { columnIndex } from "../../src/sheet/cells";

/**
 * A merged area from A1 notation ("C2:D2").
 *
 * @param ref - The range.
 */
export function mergeArea(ref: string): MergeArea {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad range ${ref}`);
  return { top: Number(m[2]) - 1, left: columnIndex(m[1] ?? ""), bottom: Number(m[4]) - 1, right: columnIndex(m[3] ?? "") };
}

/**
 * A grid from rows starting at A1, with merged areas in A1 notation.
 *
 * @param rows - The rows.
 * @param merges - Merged ranges.
 */
export function gridOf(rows: readonly (readonly RawCell[])[], merges: readonly string[] = []): Grid {
  return { values: rows, origin: { row: 0, col: 0 }, merges: merges.map(mergeArea) };
}
