import { cellText, isBlank, type Grid, type RawCell } from "./cells";
import { normalizeHeader } from "./normalize";

/** Where the table is on the sheet (worksheet rows and columns, 0-based). */
export interface HeaderLocation {
  /** First header row. */
  readonly top: number;
  /** Last header row (inclusive). */
  readonly bottom: number;
  /** First data row (after a column-numbering row such as 甲 乙 1 2 3, if any). */
  readonly dataStart: number;
  /** The column holding school names. */
  readonly nameColumn: number;
  /** Columns with header text. */
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** Text rows above the header (title, 填报单位, 单位：万元 …). */
  readonly preamble: readonly string[];
}

/** A column's header as a path of parts, top to bottom (merged group cells included). */
export interface HeaderPath {
  readonly column: number;
  /** Raw parts, e.g. ["在校学生数（人）", "小学"]. */
  readonly parts: readonly string[];
  /** Normalised parts. */
  readonly normalized: readonly string[];
}

/** The school-name header that marks the top of a school table. */
export const NAME_HEADER = /^(学校|单位|学校机构|机构|学校单位)?名称$|^校名$|^学校$|^学校全称$/;
const MAX_HEADER_SCAN = 60;
const MAX_HEADER_ROWS = 4;

/** A cell as one number (row × 2^20 + column), the key of covered cells: no string per lookup. */
const coveredKey = (row: number, col: number): number => row * 1_048_576 + col;

/** A worksheet view of a grid: values by worksheet coordinates, with merged areas expanded. */
export class SheetView {
  readonly rowStart: number;
  readonly colStart: number;
  readonly rowEnd: number;
  readonly colEnd: number;
  /** Covered cell ({@link coveredKey}) → its area's top-left. */
  private readonly mergeTopLeft = new Map<number, { row: number; col: number }>();

  /**
   * @param grid - The grid as read from the host.
   */
  constructor(readonly grid: Grid) {
    this.rowStart = grid.origin?.row ?? 0;
    this.colStart = grid.origin?.col ?? 0;
    this.rowEnd = this.rowStart + grid.values.length - 1;
    let width = 0;
    for (const r of grid.values) width = Math.max(width, r.length);
    this.colEnd = this.colStart + width - 1;
    for (const m of grid.merges ?? []) {
      const cells = (m.bottom - m.top + 1) * (m.right - m.left + 1);
      if (cells > 10_000) continue;
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++)
          if (r !== m.top || c !== m.left) this.mergeTopLeft.set(coveredKey(r, c), { row: m.top, col: m.left });
      }
    }
  }

  /** The raw value at a worksheet cell ("" outside the grid). */
  raw(row: number, col: number): RawCell {
    return this.grid.values[row - this.rowStart]?.[col - this.colStart];
  }

  /** The value at a worksheet cell, reading a merged area's value in every cell it covers. */
  merged(row: number, col: number): RawCell {
    const tl = this.mergeTopLeft.get(coveredKey(row, col));
    return tl ? this.raw(tl.row, tl.col) : this.raw(row, col);
  }

  /** The top-left cell of the merged area covering a cell, if any. */
  mergeOrigin(row: number, col: number): { row: number; col: number } | undefined {
    return this.mergeTopLeft.get(coveredKey(row, col));
  }
}

function isNumberLike(v: RawCell): boolean {
  if (typeof v === "number") return true;
  return typeof v === "string" && /^[\d\s.,，]+$/.test(v.trim()) && /\d/.test(v);
}

/** A row of column numbers under the header: 甲 乙 1 2 3 …, or 栏次. */
function isNumberingRow(view: SheetView, row: number): boolean {
  let ints = 0;
  let other = 0;
  let expected = 1;
  let sequential = true;
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const t = cellText(view.raw(row, c));
    if (t === "") continue;
    if (/^[甲乙丙丁]$|^栏次$|^序号$/.test(t)) continue;
    const n = Number(t);
    if (Number.isInteger(n)) {
      ints += 1;
      if (n !== expected) sequential = false;
      expected = n + 1;
    } else other += 1;
  }
  return ints >= 3 && other === 0 && sequential;
}

/**
 * Finds the school table: the header row holding the school-name header (学校名称, 单位名称, …),
 * the header rows below it (merged group cells, sub-headers; up to four rows), and the first
 * data row.
 *
 * @param view - The sheet.
 * @returns The location, or null when no school-name header is found.
 */
export function findHeader(view: SheetView): HeaderLocation | null {
  const scanEnd = Math.min(view.rowEnd, view.rowStart + MAX_HEADER_SCAN);
  for (let r = view.rowStart; r <= scanEnd; r++) {
    for (let c = view.colStart; c <= view.colEnd; c++) {
      const v = view.raw(r, c);
      if (typeof v !== "string" || !NAME_HEADER.test(normalizeHeader(v))) continue;
      return locate(view, r, c);
    }
  }
  return null;
}

function locate(view: SheetView, top: number, nameColumn: number): HeaderLocation {
  let bottom = top;
  while (bottom + 1 <= view.rowEnd && bottom - top + 1 < MAX_HEADER_ROWS) {
    const r = bottom + 1;
    const nameCell = view.raw(r, nameColumn);
    const nameCovered = view.mergeOrigin(r, nameColumn)?.row === top || view.mergeOrigin(r, nameColumn)?.row === bottom;
    if (!nameCovered && !isBlank(nameCell)) break;
    let text = 0;
    let numbers = 0;
    for (let c = view.colStart; c <= view.colEnd; c++) {
      const v = view.raw(r, c);
      if (isBlank(v)) continue;
      if (isNumberLike(v)) numbers += 1;
      else text += 1;
    }
    if (numbers > 0 || text === 0) break;
    bottom = r;
  }
  let dataStart = bottom + 1;
  if (dataStart <= view.rowEnd && isNumberingRow(view, dataStart)) dataStart += 1;
  let firstColumn = view.colEnd;
  let lastColumn = view.colStart;
  for (let r = top; r <= bottom; r++) {
    for (let c = view.colStart; c <= view.colEnd; c++) {
      if (!isBlank(view.merged(r, c))) {
        firstColumn = Math.min(firstColumn, c);
        lastColumn = Math.max(lastColumn, c);
      }
    }
  }
  const preamble: string[] = [];
  for (let r = view.rowStart; r < top; r++) {
    const texts: string[] = [];
    for (let c = view.colStart; c <= view.colEnd; c++) {
      const t = cellText(view.raw(r, c));
      if (t) texts.push(t);
    }
    if (texts.length) preamble.push(texts.join(" "));
  }
  return { top, bottom, dataStart, nameColumn, firstColumn, lastColumn, preamble };
}

/**
 * The header path of every column: the texts of the header rows top to bottom, merged areas
 * expanded; without merge information, a blank group cell takes the group text from its left
 * when both it and its left neighbour have sub-headers below.
 *
 * @param view - The sheet.
 * @param loc - The header location.
 * @returns One path per column with header text.
 */
export function headerPaths(view: SheetView, loc: HeaderLocation): HeaderPath[] {
  const rows = loc.bottom - loc.top + 1;
  const width = loc.lastColumn - loc.firstColumn + 1;
  const text: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < width; j++) row.push(cellText(view.merged(loc.top + i, loc.firstColumn + j)));
    text.push(row);
  }
  const hasMerges = (view.grid.merges ?? []).length > 0;
  if (!hasMerges) {
    for (let i = 0; i < rows - 1; i++) {
      const row = text[i] ?? [];
      const below = text[i + 1] ?? [];
      for (let j = 1; j < width; j++) {
        if (row[j] === "" && row[j - 1] !== "" && below[j] !== "" && below[j - 1] !== "") row[j] = row[j - 1] ?? "";
      }
    }
  }
  const out: HeaderPath[] = [];
  for (let j = 0; j < width; j++) {
    const parts: string[] = [];
    for (let i = 0; i < rows; i++) {
      const t = text[i]?.[j] ?? "";
      if (t !== "" && parts[parts.length - 1] !== t) parts.push(t);
    }
    if (parts.length === 0) continue;
    out.push({ column: loc.firstColumn + j, parts, normalized: parts.map(normalizeHeader).filter((p) => p !== "") });
  }
  return out;
}
