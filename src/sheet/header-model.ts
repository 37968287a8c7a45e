import type { StudentLevel } from "../core/types";
import { cellText, isBlank, type RawCell } from "./cells";
import { normalizeHeader } from "./normalize";
import { type SheetView } from "./sheet-view";
import { headerUnit, unitWord, type Unit } from "./units";

/**
 * The header of a school table as bureaus' sheets have it (vocabulary.md, "What real statistics
 * exports look like"): where it is, how deep (whatever the merged cells say), each column's path
 * of group and sub-headers, which column is a total (计, 合计, 小计) of a group, each column's unit,
 * and the rows under the header that are not schools (a 栏号 row, a units row).
 */

/** The school-name header that marks a school table. */
export const NAME_HEADER = /^(学校|单位|学校机构|机构|学校单位)?名称$|^校名$|^学校$|^学校全称$/;

/** Leaf words that make a column the total of its group: "艺术 › 计". */
export const TOTAL_WORDS: ReadonlySet<string> = new Set(["计", "小计", "合计", "总计", "总", "共计", "总数"]);

const MAX_HEADER_SCAN = 60;
const MAX_HEADER_ROWS = 5;
/** A table-code row over the header: 教基3112, 教基1102（续）, 基础基312. */
const TABLE_CODE = /^(教基|基础基|基教|教统)\s*\d{3,5}/;
/** Rows above the header that belong to the title block. */
const PREAMBLE_TEXT = /填报|填表|单位[:：]|统计时间|日期|制表|盖章|^\d{4}\s*年|年\s*\d{1,2}\s*月|^表号|^表\s*\d/;
/** Column labels of a 栏号 row: the ten stems, then the twelve branches (甲 … 癸, 子 … 亥). */
const ORDINALS = /^[甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥]$/;

/** One column of the table's header. */
export interface HeaderColumn {
  /** 0-based worksheet column. */
  readonly column: number;
  /** Header texts top to bottom (merged group cells included, unit-only parts left out). */
  readonly parts: readonly string[];
  /** The parts normalised (vocabulary.md). */
  readonly normalized: readonly string[];
  /** The key of the group the column belongs to: its normalised parts above the leaf. */
  readonly group: string;
  /** The leaf is a total word: the column is its group's total. */
  readonly total: boolean;
  /** The unit its header or the units row states, or null. */
  readonly unit: Unit | null;
  readonly hidden: boolean;
}

/** Where a school table is and how its header reads. */
export interface TableHeader {
  /** First and last header rows (0-based worksheet rows). */
  readonly top: number;
  readonly bottom: number;
  /** First row that may hold a school. */
  readonly dataStart: number;
  readonly nameColumn: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** Text rows above the header (title, 填报单位, 单位：万元 …), joined per row. */
  readonly preamble: readonly string[];
  /** A table code over the header (教基3112), if any. */
  readonly tableCode: string | null;
  /** The 栏号 row and the units row under the header (0-based), if any. */
  readonly numberingRow: number | null;
  readonly unitsRow: number | null;
  readonly columns: readonly HeaderColumn[];
}

function isNumberLike(v: RawCell): boolean {
  if (typeof v === "number") return true;
  return typeof v === "string" && /^[\d\s.,，]+$/.test(v.trim()) && /\d/.test(v);
}

/**
 * Whether a row is a 栏号 row: column numbers (甲 乙 丙 … 1 2 3 …, or 栏次), at least three, the
 * numbers rising.
 *
 * @param view - The sheet.
 * @param row - The row.
 * @returns True for a numbering row.
 */
export function isNumberingRow(view: SheetView, row: number): boolean {
  let ints = 0;
  let ordinals = 0;
  let last = -Infinity;
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const t = cellText(view.raw(row, c)).replace(/\s/g, "");
    if (t === "") continue;
    if (ORDINALS.test(t)) {
      ordinals += 1;
      continue;
    }
    if (/^(栏次|栏号|行次|序号|编号)$/.test(t)) continue;
    const n = Number(t);
    if (!Number.isInteger(n) || n <= last) return false;
    last = n;
    ints += 1;
  }
  return ints + ordinals >= 3 && ints >= 1;
}

/**
 * Whether a row is a units row: most of its cells are unit words (人, 平方米, 万元, 间, 是否 …) and
 * none is a number.
 *
 * @param view - The sheet.
 * @param row - The row.
 * @returns True for a units row.
 */
export function isUnitsRow(view: SheetView, row: number): boolean {
  let units = 0;
  let other = 0;
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const v = view.raw(row, c);
    if (isBlank(v)) continue;
    if (isNumberLike(v)) return false;
    const t = cellText(v).replace(/\s/g, "");
    if (unitWord(t) || /^(单位|计量单位)$/.test(t)) units += 1;
    else other += 1;
  }
  return units >= 2 && units >= 3 * other;
}

/** Finds the school-name header: the first cell of the first 60 rows that reads as one. */
function findNameCell(view: SheetView): { row: number; col: number } | null {
  const scanEnd = Math.min(view.rowEnd, view.rowStart + MAX_HEADER_SCAN);
  for (let r = view.rowStart; r <= scanEnd; r++) {
    for (let c = view.colStart; c <= view.colEnd; c++) {
      const v = view.raw(r, c);
      if (typeof v === "string" && NAME_HEADER.test(normalizeHeader(v))) return { row: r, col: c };
    }
  }
  return null;
}

/** The texts of a row (merged areas counted once), for deciding what kind of row it is. */
function rowTexts(view: SheetView, row: number): string[] {
  const out: string[] = [];
  for (let c = view.colStart; c <= view.colEnd; c++) {
    if (view.mergeOrigin(row, c)) continue;
    const t = cellText(view.raw(row, c));
    if (t) out.push(t);
  }
  return out;
}

/** Whether the row above a header row is a group row of the same header (not a title). */
function isGroupRowAbove(view: SheetView, row: number): boolean {
  const texts = rowTexts(view, row);
  if (texts.length < 2) return false;
  if (texts.some((t) => PREAMBLE_TEXT.test(t) || TABLE_CODE.test(t) || isNumberLike(t))) return false;
  return true;
}

/** Whether a row under the first header row is still part of the header. */
function isHeaderRowBelow(view: SheetView, row: number, nameColumn: number, top: number): boolean {
  const origin = view.mergeOrigin(row, nameColumn);
  if (!(origin && origin.row >= top) && !isBlank(view.raw(row, nameColumn))) return false;
  if (isNumberingRow(view, row) || isUnitsRow(view, row)) return false;
  let text = 0;
  for (let c = view.colStart; c <= view.colEnd; c++) {
    const v = view.raw(row, c);
    if (isBlank(v)) continue;
    if (isNumberLike(v)) return false;
    text += 1;
  }
  return text > 0;
}

/**
 * Finds the school table and reads its header.
 *
 * @param view - The sheet.
 * @returns The header, or null when no school-name header is found.
 */
export function readHeader(view: SheetView): TableHeader | null {
  const name = findNameCell(view);
  if (!name) return null;
  let top = name.row;
  while (top - 1 >= view.rowStart && top - name.row > -(MAX_HEADER_ROWS - 1) && isGroupRowAbove(view, top - 1)) top -= 1;
  // Depth: what the name cell's merged area says, else rows that read as header rows.
  let bottom = view.mergeBottomOf(name.row, name.col);
  if (bottom === name.row) {
    while (bottom + 1 <= view.rowEnd && bottom - top + 1 < MAX_HEADER_ROWS && isHeaderRowBelow(view, bottom + 1, name.col, top))
      bottom += 1;
  }
  // Under the header: a 栏号 row and a units row, in either order.
  let dataStart = bottom + 1;
  let numberingRow: number | null = null;
  let unitsRow: number | null = null;
  for (let k = 0; k < 2 && dataStart <= view.rowEnd; k++) {
    if (numberingRow === null && isNumberingRow(view, dataStart)) numberingRow = dataStart++;
    else if (unitsRow === null && isUnitsRow(view, dataStart)) unitsRow = dataStart++;
  }
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
  let tableCode: string | null = null;
  for (let r = view.rowStart; r < top; r++) {
    const texts = rowTexts(view, r);
    if (texts.length === 0) continue;
    const code = texts.find((t) => TABLE_CODE.test(t.replace(/\s/g, "")));
    if (code) tableCode = code;
    preamble.push(texts.join(" "));
  }
  const columns = headerColumns(view, top, bottom, firstColumn, lastColumn, unitsRow);
  return { top, bottom, dataStart, nameColumn: name.col, firstColumn, lastColumn, preamble, tableCode, numberingRow, unitsRow, columns };
}

/**
 * Each column's header path across the header rows. Merged areas give a group's text to every
 * column under it; without merge information (a function's range), a blank group cell takes its
 * left neighbour's text when the two columns have the same path above it and sub-headers below.
 */
function headerColumns(
  view: SheetView,
  top: number,
  bottom: number,
  firstColumn: number,
  lastColumn: number,
  unitsRow: number | null,
): HeaderColumn[] {
  const rows = bottom - top + 1;
  const width = lastColumn - firstColumn + 1;
  const text: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < width; j++) row.push(cellText(view.merged(top + i, firstColumn + j)));
    text.push(row);
  }
  if (!view.hasMerges) {
    for (let i = 0; i < rows - 1; i++) {
      const row = text[i] as string[];
      for (let j = 1; j < width; j++) {
        if (row[j] !== "" || row[j - 1] === "") continue;
        const below = text.slice(i + 1).some((r) => r[j] !== "");
        const sameAbove = text.slice(0, i).every((r) => r[j] === r[j - 1]);
        if (below && sameAbove) row[j] = row[j - 1] as string;
      }
    }
  }
  const out: HeaderColumn[] = [];
  for (let j = 0; j < width; j++) {
    const col = firstColumn + j;
    const raw: string[] = [];
    for (let i = 0; i < rows; i++) {
      const t = text[i]?.[j] ?? "";
      if (t !== "" && raw[raw.length - 1] !== t) raw.push(t);
    }
    // A part that is only a unit ("（万元）" on a row of its own) is the column's unit, not a header.
    const parts = raw.filter((p) => unitWord(p) === null || raw.length === 1);
    if (parts.length === 0) continue;
    let unit: Unit | null = null;
    for (let i = raw.length - 1; i >= 0 && !unit; i--)
      unit = headerUnit(raw[i] ?? "") ?? (parts.includes(raw[i] ?? "") ? null : unitWord(raw[i] ?? ""));
    if (!unit && unitsRow !== null) unit = unitWord(cellText(view.raw(unitsRow, col)));
    const normalized = parts.map(normalizeHeader).filter((p) => p !== "");
    const leaf = normalized[normalized.length - 1] ?? "";
    out.push({
      column: col,
      parts,
      normalized,
      group: normalized.slice(0, -1).join("›"),
      total: normalized.length > 1 && TOTAL_WORDS.has(leaf),
      unit,
      hidden: view.hidden(col),
    });
  }
  return out;
}

/** Level words in titles, sheet names and table codes: 小学, 初中 (…部, …阶段). */
const LEVEL_IN_TEXT: readonly [RegExp, StudentLevel][] = [
  [/小学(?!教学点)/, "primary"],
  [/初中|初级中学/, "junior"],
  [/高中|高级中学/, "senior"],
];

/**
 * The level a table is about when its title, table code or sheet name names exactly one level
 * ("金竹县2024年小学基本情况", a sheet named 初中): each of its schools' students and teachers are
 * then that level's.
 *
 * @param texts - Title rows, the table code, the sheet's name.
 * @returns The level, or null when none or several are named.
 */
export function levelNamed(texts: readonly string[]): StudentLevel | null {
  const joined = texts.join(" ").replace(/中小学|义务教育|九年一贯|十二年一贯|完全中学/g, "");
  const found = LEVEL_IN_TEXT.filter(([re]) => re.test(joined)).map(([, l]) => l);
  return found.length === 1 ? (found[0] as StudentLevel) : null;
}
