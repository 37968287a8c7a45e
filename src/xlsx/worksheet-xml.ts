import { SaxesParser, type SaxesTagNS } from "saxes";
import type { Grid, MergeArea, RawCell } from "../sheet/cells";
import { NS, xmlErrorMessage } from "./xml";
import { PackageError } from "./zip-archive";

/**
 * A streaming read of a worksheet part (saxes, namespace-aware): the cell values as the check's
 * grid, the merged areas and hidden columns, and where each of the worksheet's own children
 * starts and ends in the text, so that the part can be edited around its cells without parsing
 * them into a tree.
 */

/** What a worksheet's cells need from the rest of the package. */
export interface CellContext {
  /** The shared strings, by index. */
  readonly sharedStrings: readonly string[];
  /** Style indexes (cellXfs) whose number format is a date. */
  readonly dateStyles: ReadonlySet<number>;
  /** The workbook counts dates from 1904. */
  readonly date1904: boolean;
}

/** One child of the worksheet element, by its offsets in the part's text. */
export interface ChildSpan {
  readonly local: string;
  /** The child is in the spreadsheet namespace (others: extensions, mc:AlternateContent). */
  readonly main: boolean;
  /** Offset of its "<". */
  readonly start: number;
  /** Offset just after its end. */
  readonly end: number;
}

/** A worksheet as read. */
export interface WorksheetRead {
  readonly grid: Grid;
  /** The worksheet element's children, in order. */
  readonly children: readonly ChildSpan[];
}

/** Excel's serial date of 1970-01-01 in the 1900 system. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAY_MS = 86_400_000;

/**
 * A date from an Excel serial number.
 *
 * @param serial - Days since the workbook's epoch.
 * @param date1904 - The workbook counts from 1904.
 * @returns The date (UTC).
 */
export function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - UNIX_EPOCH_SERIAL) * DAY_MS));
}

/**
 * The row and column of an A1 reference ("AB12" → [11, 27]).
 *
 * @param ref - The reference.
 * @returns 0-based row and column, or null when it is not one.
 */
export function parseRef(ref: string): [number, number] | null {
  let i = 0;
  let col = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  if (i === 0 || i === ref.length) return null;
  const row = Number(ref.slice(i).replace(/\$/g, ""));
  if (!Number.isInteger(row) || row < 1) return null;
  return [row - 1, col - 1];
}

function parseArea(ref: string): MergeArea | null {
  const [a, b] = ref.replace(/\$/g, "").split(":");
  const tl = a ? parseRef(a) : null;
  const br = b ? parseRef(b) : tl;
  if (!tl || !br) return null;
  return { top: Math.min(tl[0], br[0]), left: Math.min(tl[1], br[1]), bottom: Math.max(tl[0], br[0]), right: Math.max(tl[1], br[1]) };
}

const attr = (tag: SaxesTagNS, local: string): string | undefined => {
  const a = tag.attributes[local];
  return a === undefined ? undefined : a.value;
};

/**
 * Reads a worksheet part.
 *
 * @param xml - The part's text.
 * @param ctx - Shared strings, date styles and the date system.
 * @param part - The part's name, for messages.
 * @returns The grid and the worksheet's children.
 * @throws PackageError when the part is not well-formed or not a worksheet.
 */
export function readWorksheetXml(xml: string, ctx: CellContext, part: string): WorksheetRead {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const values: RawCell[][] = [];
  const merges: MergeArea[] = [];
  const hiddenColumns = new Set<number>();
  const hiddenRows = new Set<number>();
  const children: ChildSpan[] = [];

  let depth = 0;
  let rootSeen = false;
  let childStart = -1;
  // Where we are inside sheetData.
  let inSheetData = false;
  let row = -1;
  let col = -1;
  let rowValues: RawCell[] = [];
  let cellType = "";
  let cellStyle = 0;
  let inValue = false;
  let inInline = false;
  let inText = false;
  let inPhonetic = false;
  let text = "";
  let hasValue = false;

  const finishCell = (): void => {
    if (!hasValue) return;
    let v: RawCell;
    switch (cellType) {
      case "s": {
        const i = Number(text);
        v = Number.isInteger(i) ? (ctx.sharedStrings[i] ?? "") : "";
        break;
      }
      case "inlineStr":
      case "str":
        v = text;
        break;
      case "b":
        v = text.trim() === "1" || text.trim().toLowerCase() === "true";
        break;
      case "e":
        v = { error: text.trim() };
        break;
      case "d": {
        const d = new Date(text.trim());
        v = Number.isNaN(d.getTime()) ? text : d;
        break;
      }
      default: {
        const t = text.trim();
        const n = t === "" ? NaN : Number(t);
        if (Number.isNaN(n)) v = t === "" ? null : t;
        else v = ctx.dateStyles.has(cellStyle) ? serialDate(n, ctx.date1904) : n;
      }
    }
    rowValues[col] = v;
  };

  parser.on("opentagstart", (tag) => {
    if (depth === 1) childStart = Math.max(0, parser.position - tag.name.length - 2);
  });
  parser.on("opentag", (tag) => {
    depth += 1;
    const main = tag.uri === NS.main;
    if (depth === 1) {
      if (tag.local !== "worksheet" || !main) {
        const ns = tag.uri === NS.strictMain ? "（严格 Open XML 格式：请在 Excel 中另存为普通 .xlsx）" : "";
        throw new PackageError(`部件 ${part} 不是工作表${ns}`);
      }
      rootSeen = true;
    } else if (depth === 2) {
      if (main && tag.local === "sheetData") inSheetData = true;
    } else if (inSheetData && main) {
      switch (tag.local) {
        case "row": {
          const r = Number(attr(tag, "r"));
          row = Number.isInteger(r) && r >= 1 ? r - 1 : row + 1;
          col = -1;
          rowValues = [];
          values[row] = rowValues;
          if (attr(tag, "hidden") === "1" || attr(tag, "hidden") === "true") hiddenRows.add(row);
          break;
        }
        case "c": {
          const ref = attr(tag, "r");
          const rc = ref ? parseRef(ref) : null;
          if (rc) {
            if (rc[0] !== row) {
              // A cell outside its row element (some writers): follow the reference.
              row = rc[0];
              rowValues = values[row] ?? [];
              values[row] = rowValues;
            }
            col = rc[1];
          } else col += 1;
          cellType = attr(tag, "t") ?? "";
          cellStyle = Number(attr(tag, "s") ?? 0) || 0;
          text = "";
          hasValue = false;
          break;
        }
        case "v":
          if (!inInline) {
            inValue = true;
            hasValue = true;
            text = "";
          }
          break;
        case "is":
          inInline = true;
          hasValue = true;
          text = "";
          break;
        case "t":
          if (inInline && !inPhonetic) inText = true;
          break;
        case "rPh":
          inPhonetic = true;
          break;
      }
    } else if (depth === 3 && main && tag.local === "mergeCell") {
      const area = parseArea(attr(tag, "ref") ?? "");
      if (area) merges.push(area);
    } else if (depth === 3 && main && tag.local === "col") {
      if (attr(tag, "hidden") === "1" || attr(tag, "hidden") === "true") {
        const min = Number(attr(tag, "min"));
        const max = Number(attr(tag, "max"));
        if (Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min && max - min < 16_384)
          for (let c = min; c <= max; c++) hiddenColumns.add(c - 1);
      }
    }
    if (tag.isSelfClosing) closeTag(tag);
  });
  const closeTag = (tag: SaxesTagNS): void => {
    if (depth === 2) {
      children.push({ local: tag.local, main: tag.uri === NS.main, start: childStart, end: parser.position });
      if (tag.local === "sheetData") inSheetData = false;
    } else if (inSheetData && tag.uri === NS.main) {
      switch (tag.local) {
        case "c":
          finishCell();
          break;
        case "v":
          inValue = false;
          break;
        case "is":
          inInline = false;
          break;
        case "t":
          inText = false;
          break;
        case "rPh":
          inPhonetic = false;
          break;
      }
    }
    depth -= 1;
  };
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) closeTag(tag);
  });
  parser.on("text", (t) => {
    if (inValue || inText) text += t;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw new PackageError(xmlErrorMessage(part, e));
  }
  if (!rootSeen) throw new PackageError(`部件 ${part} 是空的`);
  for (let i = 0; i < values.length; i++) if (!values[i]) values[i] = [];
  return {
    grid: { values, origin: { row: 0, col: 0 }, merges, hiddenColumns, hiddenRows },
    children,
  };
}

/**
 * Reads the shared-string table: each item's text (rich-text runs joined, phonetic readings left out).
 *
 * @param xml - The sharedStrings part's text.
 * @param part - The part's name, for messages.
 * @returns The strings, by index.
 * @throws PackageError when the part is not well-formed.
 */
export function readSharedStrings(xml: string, part: string): string[] {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const out: string[] = [];
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let text = "";
  parser.on("opentag", (tag) => {
    if (tag.uri !== NS.main) return;
    if (tag.local === "si") {
      inItem = true;
      text = "";
    } else if (tag.local === "rPh") phonetic += 1;
    else if (tag.local === "t" && inItem && phonetic === 0 && !tag.isSelfClosing) inText = true;
    if (tag.isSelfClosing && tag.local === "si") {
      out.push("");
      inItem = false;
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.uri !== NS.main || tag.isSelfClosing) return;
    if (tag.local === "si") {
      out.push(text);
      inItem = false;
    } else if (tag.local === "rPh") phonetic -= 1;
    else if (tag.local === "t") inText = false;
  });
  parser.on("text", (t) => {
    if (inText) text += t;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    throw new PackageError(xmlErrorMessage(part, e));
  }
  return out;
}

/**
 * Whether an Excel number format shows a date or time (built-in ids 14–22, 27–36, 45–47, 50–58;
 * custom codes with y, m, d, h or s outside quotes and brackets, and not only elapsed-time words).
 *
 * @param id - The numFmtId.
 * @param code - The custom format code, if any.
 * @returns True for date and time formats.
 */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (code === undefined) return false;
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, "");
  if (/^General$/i.test(bare.trim())) return false;
  return /[ymdhs]/i.test(bare);
}
