/**
 * Raw cell values as hosts return them, addresses, and the number parser for bureaus' cells.
 */
import { splitCellUnit, type Unit } from "./units";

/** An error value (#DIV/0!, #REF!, …) as ExcelJS gives it. */
export interface CellErrorValue {
  readonly error: string;
}

/**
 * A cell value as a host returns it: Office.js gives numbers, strings (errors as "#DIV/0!"),
 * booleans and "" for blanks; ExcelJS adapters give the same plus Date and null.
 */
export type RawCell = string | number | boolean | Date | null | undefined | CellErrorValue;

/** A merged area in worksheet coordinates (0-based, inclusive). */
export interface MergeArea {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** A rectangle of cell values as read from a worksheet. */
export interface Grid {
  /** Row-major values; rows may be ragged. */
  readonly values: readonly (readonly RawCell[])[];
  /** Worksheet row and column (0-based) of `values[0][0]`. */
  readonly origin?: { readonly row: number; readonly col: number };
  /** Merged areas, where the host gives them. */
  readonly merges?: readonly MergeArea[];
  /** Hidden columns (0-based worksheet columns), where the host gives them. */
  readonly hiddenColumns?: ReadonlySet<number>;
  /** Hidden rows (0-based worksheet rows), where the host gives them. */
  readonly hiddenRows?: ReadonlySet<number>;
}

/**
 * The column letters of a 0-based column index: 0 → "A", 27 → "AB".
 *
 * @param col - 0-based column.
 * @returns The letters.
 */
export function columnLetter(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The 0-based column index of column letters: "A" → 0, "AB" → 27.
 *
 * @param letters - Column letters.
 * @returns The index, or -1 for text that is not column letters.
 */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The A1 address of a worksheet cell.
 *
 * @param row - 0-based row.
 * @param col - 0-based column.
 * @returns e.g. "H17".
 */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/**
 * Orders A1 addresses by row, then column ("B2" < "AA2" < "A3").
 *
 * @param a - An address.
 * @param b - Another address.
 * @returns Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compareAddresses(a: string, b: string): number {
  return addressOrder(a) - addressOrder(b);
}

/**
 * A number that orders A1 addresses by row, then column (the key of {@link compareAddresses}):
 * sorting many addresses by a key worked out once each is faster than comparing texts.
 *
 * @param address - An A1 address.
 * @returns The key.
 */
export function addressOrder(address: string): number {
  let col = 0;
  let i = 0;
  for (; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return Number(address.slice(i)) * 20_000 + col;
}

/** Whether a raw cell is an error value. */
export function isErrorCell(v: RawCell): boolean {
  if (typeof v === "string")
    return /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA|BUSY!|FIELD!|CONNECT!|BLOCKED!|UNKNOWN!)$/.test(
      v.trim(),
    );
  return typeof v === "object" && v !== null && !(v instanceof Date) && typeof v.error === "string";
}

/**
 * The text of a cell for header reading and names: strings trimmed, numbers as written.
 *
 * @param v - A raw cell.
 * @returns The text ("" for blanks).
 */
export function cellText(v: RawCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v.error;
}

/** Whether a cell is blank (no value or only spaces). */
export function isBlank(v: RawCell): boolean {
  return cellText(v) === "";
}

/** The outcome of reading a number from a cell. */
export type NumberCell =
  | {
      readonly ok: true;
      /** The number as written (in `unit` when the cell names one). */
      readonly value: number;
      readonly blank: boolean;
      /** The unit the cell's text ends with ("45万元"), if any. */
      readonly unit?: Unit;
    }
  | { readonly ok: false; readonly found: string };

const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B]/g;
const DASHES = new Set(["-", "—", "——", "–", "－", "/", "／", "\\", "—-", "--", "━"]);

/**
 * Reads a number from a bureau's cell (spec §6): numbers as they are; text such as "1,234",
 * "１２３", "2 400", "1.2E+3"; a unit after the number ("3.5㎡", "45万元") is returned with it for
 * the caller to convert; blank and —, -, / as 0. Anything else — other text, error values,
 * booleans, dates — is not a number, and the caller reports it with the cell's address.
 *
 * @param v - A raw cell.
 * @returns The number (with `blank` set for blanks and dashes), or what was found.
 * @example parseNumberCell("1,234") // { ok: true, value: 1234, blank: false }
 */
export function parseNumberCell(v: RawCell): NumberCell {
  if (v === null || v === undefined) return { ok: true, value: 0, blank: true };
  if (typeof v === "number") return Number.isFinite(v) ? { ok: true, value: v, blank: false } : { ok: false, found: String(v) };
  if (typeof v === "boolean") return { ok: false, found: v ? "TRUE（逻辑值）" : "FALSE（逻辑值）" };
  if (v instanceof Date) return { ok: false, found: `${v.toISOString().slice(0, 10)}（日期）` };
  if (typeof v === "object") return { ok: false, found: v.error };
  const raw = v.trim();
  if (raw === "") return { ok: true, value: 0, blank: true };
  if (isErrorCell(raw)) return { ok: false, found: raw };
  let t = raw.replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000\u00a0\u2009,，]/g, "");
  if (DASHES.has(t)) return { ok: true, value: 0, blank: true };
  const withUnit = splitCellUnit(t);
  if (withUnit) t = withUnit.number;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n))
      return withUnit ? { ok: true, value: n, blank: false, unit: withUnit.unit } : { ok: true, value: n, blank: false };
  }
  return { ok: false, found: raw };
}
