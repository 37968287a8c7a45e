import { filterRef, sheetWidth, VERDICT_RULES, wrappedLines, type PlanValue, type ResultSheet } from "../plan/result-sheets";
import { columnLetter } from "../sheet/cells";
import type { StylesEdit } from "./styles-edit";
import { NS, xmlText } from "./xml";

/**
 * The worksheets the check adds, as part text: result sheets (values, bold header rows, column
 * widths and number formats, verdict colours) and the add-in's very hidden state sheet. Text is
 * always written as text (an inline string), never as a formula.
 */

/**
 * One cell's XML.
 *
 * @param ref - Its A1 address.
 * @param v - The value.
 * @param style - The cellXfs index (0 for none).
 * @returns The `c` element, or "" for a blank.
 */
export function cellXml(ref: string, v: PlanValue, style: number): string {
  const s = style ? ` s="${style}"` : "";
  if (v === null || v === "") return "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const space = /^\s|\s$|\n/.test(v) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

/**
 * A result sheet as worksheet XML.
 *
 * @param sheet - The sheet.
 * @param styles - The styles being extended (bold headers, number formats, verdict fills).
 * @returns The part's text.
 */
export function resultSheetXml(sheet: ResultSheet, styles: StylesEdit): string {
  const width = sheetWidth(sheet);
  const headers = new Set(sheet.headerRows);
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}">`];
  // Printed fitted to the page's width (A4 landscape, below).
  out.push('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
  const f = sheet.freezeRows;
  out.push(
    f > 0
      ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${f}" topLeftCell="A${f + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${f + 1}" sqref="A${f + 1}"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
  );
  out.push('<sheetFormatPr defaultRowHeight="15"/>');
  if (sheet.widths.length > 0)
    out.push(`<cols>${sheet.widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>`);
  out.push("<sheetData>");
  // Column letters and the styles of header and data cells, worked out once per column.
  const letters = Array.from({ length: width }, (_, j) => columnLetter(j));
  const headerStyle = styles.xf(true, "");
  const wrapped = new Set(sheet.wrapCols);
  const dataStyles = letters.map((_, j) => styles.xf(false, sheet.formats[j] ?? ""));
  const wrapStyle = wrapped.size > 0 ? styles.xf(false, "", true) : 0;
  const filled = new Map(sheet.fills.map((c) => [`${c.row},${c.col}`, styles.xf(false, "", false, c.color)]));
  // One list of small pieces joined once: a province's 达标结果 is some 20 MB of text.
  sheet.rows.forEach((row, i) => {
    const header = headers.has(i);
    const r = String(i + 1);
    const rowStart = out.length;
    const lines = wrappedLines(sheet, i);
    out.push(lines > 1 ? `<row r="${r}" ht="${lines * 15}" customHeight="1">` : `<row r="${r}">`);
    let any = false;
    for (let j = 0; j < row.length; j++) {
      const v = row[j] ?? null;
      if (v === null || v === "") continue;
      const style =
        filled.size > 0 && filled.has(`${i},${j}`)
          ? (filled.get(`${i},${j}`) as number)
          : header
            ? headerStyle
            : typeof v === "number"
              ? (dataStyles[j] as number)
              : wrapped.has(j)
                ? wrapStyle
                : 0;
      const piece = cellXml((letters[j] as string) + r, v, style);
      if (piece === "") continue;
      out.push(piece);
      any = true;
    }
    if (any) out.push("</row>");
    else out.length = rowStart;
  });
  out.push("</sheetData>");
  const filter = filterRef(sheet);
  if (filter) out.push(`<autoFilter ref="${filter}"/>`);
  if (sheet.verdicts.length > 0) {
    out.push(`<conditionalFormatting sqref="A1:${columnLetter(width - 1)}${sheet.rows.length}">`);
    VERDICT_RULES.forEach((rule, k) =>
      out.push(
        `<cfRule type="expression" dxfId="${styles.dxf(rule.color)}" priority="${k + 1}"><formula>${xmlText(rule.formula)}</formula></cfRule>`,
      ),
    );
    out.push("</conditionalFormatting>");
  }
  out.push('<printOptions gridLines="1"/>');
  out.push('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>');
  out.push('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
  out.push(`<headerFooter><oddFooter>${xmlText(`&L${sheet.name}&R第 &P 页，共 &N 页`)}</oddFooter></headerFooter>`);
  out.push("</worksheet>");
  return out.join("");
}

/**
 * The workbook-level names a result sheet needs: its print titles (the frozen rows repeated on
 * each page) and the filter's database range, both scoped to the sheet.
 *
 * @param sheet - The sheet.
 * @param name - Its name in the workbook.
 * @returns The names, as name → formula.
 */
export function sheetNames(sheet: ResultSheet, name: string): { name: string; value: string; hidden: boolean }[] {
  const quoted = `'${name.replace(/'/g, "''")}'`;
  const out: { name: string; value: string; hidden: boolean }[] = [];
  const filter = filterRef(sheet);
  if (filter) out.push({ name: "_xlnm._FilterDatabase", value: `${quoted}!${filter.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`, hidden: true });
  if (sheet.freezeRows > 0) out.push({ name: "_xlnm.Print_Titles", value: `${quoted}!$1:$${sheet.freezeRows}`, hidden: false });
  return out;
}

/**
 * The add-in's state sheet: the settings in A1, the record in column B.
 *
 * @param settings - The settings text, or null.
 * @param chunks - The record, in cell-sized chunks.
 * @returns The part's text.
 */
export function stateSheetXml(settings: string | null, chunks: readonly string[]): string {
  const rows: string[] = [];
  const n = Math.max(chunks.length, settings === null ? 0 : 1);
  for (let i = 0; i < n; i++) {
    const a = i === 0 && settings !== null ? cellXml("A1", settings, 0) : "";
    const b = chunks[i] !== undefined ? cellXml(`B${i + 1}`, chunks[i] as string, 0) : "";
    if (a || b) rows.push(`<row r="${i + 1}">${a}${b}</row>`);
  }
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}"><sheetData>${rows.join("")}</sheetData></worksheet>`;
}
