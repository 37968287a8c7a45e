import type ExcelJS from "exceljs";
import type { AnnotationPlan, MarkStyle } from "../plan/annotation-plan";
import { highlightsOf, MARK_COLORS, NOTE_PREFIX, ruleGroups } from "../plan/annotation-plan";
import type { FormulaSheet } from "../plan/checklist-sheet";
import { sheetWidth, VERDICT_RULES, type ResultSheet } from "../plan/result-sheets";
import {
  annotationState,
  CF_MARKER,
  fromChunks,
  markerFormula,
  parseSettings,
  parseState,
  STATE_SHEET,
  toChunks,
  type AnnotationState,
  type WorkbookSettings,
} from "../plan/state";
import type { Grid, MergeArea, RawCell } from "../sheet/cells";
import { columnIndex, columnLetter } from "../sheet/cells";

/**
 * The ExcelJS adapter of the headless mode: reads a worksheet into a grid, and applies or clears
 * an annotation plan. The only module of the headless mode that touches ExcelJS objects.
 */

function rawValue(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    if ("error" in v && typeof v.error === "string") return { error: v.error };
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as { result?: unknown }).result;
      if (result === undefined || result === null) return null;
      if (typeof result === "object" && result !== null && "error" in result) return { error: String(result.error) };
      return result as RawCell;
    }
    if ("text" in v && typeof v.text === "string") return v.text;
  }
  return null;
}

/**
 * Reads a worksheet's values into a grid (formula cells give their cached results; merged areas
 * are listed, their covered cells blank), without touching the worksheet.
 *
 * @param ws - An ExcelJS worksheet.
 * @returns The grid, from A1.
 */
export function worksheetGrid(ws: ExcelJS.Worksheet): Grid {
  const values: RawCell[][] = [];
  const merges: MergeArea[] = [];
  const covered = new Set<string>();
  for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!m) continue;
    const area = { top: Number(m[2]) - 1, left: columnIndex(m[1] ?? ""), bottom: Number(m[4]) - 1, right: columnIndex(m[3] ?? "") };
    merges.push(area);
    if ((area.bottom - area.top + 1) * (area.right - area.left + 1) > 10_000) continue;
    for (let r = area.top; r <= area.bottom; r++)
      for (let c = area.left; c <= area.right; c++) if (r !== area.top || c !== area.left) covered.add(`${r},${c}`);
  }
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    const out: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = colNumber - 1;
      out[c] = covered.has(`${r},${c}`) ? null : rawValue(cell.value);
    });
    values[r] = out;
  });
  for (let i = 0; i < values.length; i++) if (!values[i]) values[i] = [];
  return { values, origin: { row: 0, col: 0 }, merges };
}

function noteText(note: ExcelJS.Cell["note"]): string {
  if (!note) return "";
  if (typeof note === "string") return note;
  return (note.texts ?? []).map((t) => t.text).join("");
}

/**
 * The addresses of a worksheet's cells that carry a note that is not ours.
 *
 * @param ws - The worksheet.
 * @returns The set of A1 addresses.
 */
export function userNoteAddresses(ws: ExcelJS.Worksheet): Set<string> {
  const out = new Set<string>();
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      const t = noteText(cell.note);
      if (t && !t.startsWith(NOTE_PREFIX)) out.add(cell.address);
    });
  });
  return out;
}

/**
 * Removes a cell's note. ExcelJS 4.4 has no API for this (assigning a note always creates one):
 * the note lives in the cell's private `_comment` and, for a cell read from a file, in its value
 * model's `comment`. The round-trip tests pin this down.
 */
function removeNote(cell: ExcelJS.Cell): void {
  const internals = cell as unknown as { _comment?: unknown; _value?: { model?: { comment?: unknown } } };
  delete internals._comment;
  if (internals._value?.model) delete internals._value.model.comment;
}

function stateSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  return wb.getWorksheet(STATE_SHEET);
}

/**
 * The settings stored in the workbook (the same very hidden sheet the task pane writes).
 *
 * @param wb - The workbook.
 * @returns The settings, or the problems that made them unusable.
 */
export function readSettings(wb: ExcelJS.Workbook): ReturnType<typeof parseSettings> {
  return parseSettings(stateSheet(wb)?.getCell("A1").value);
}

/**
 * The annotation state of the last check stored in the workbook, if any.
 *
 * @param wb - The workbook.
 * @returns The state, or null.
 */
export function readState(wb: ExcelJS.Workbook): AnnotationState | null {
  const st = stateSheet(wb);
  if (!st) return null;
  const cells: unknown[] = [];
  for (let r = 1; ; r++) {
    const v = st.getCell(r, 2).value;
    if (typeof v !== "string" || v === "") break;
    cells.push(v);
  }
  return parseState(fromChunks(cells));
}

/**
 * Removes everything a previous check wrote (notes that are still ours, our conditional formats,
 * our result sheets, the state) and nothing else.
 *
 * @param wb - The workbook.
 * @returns True when there was something to clear.
 */
export function clearAnnotations(wb: ExcelJS.Workbook): boolean {
  const state = readState(wb);
  let changed = false;
  for (const ws of wb.worksheets) {
    // The typings omit the public conditionalFormattings array that removeConditionalFormatting filters.
    const list = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    const ours = (cf: ExcelJS.ConditionalFormattingOptions): boolean =>
      cf.rules.some((r) => "formulae" in r && (r.formulae ?? []).some((f) => String(f).includes(CF_MARKER)));
    if (list.some(ours)) {
      ws.removeConditionalFormatting((cf: ExcelJS.ConditionalFormattingOptions) => !ours(cf));
      changed = true;
    }
  }
  if (state) {
    const ws = wb.getWorksheet(state.dataSheet);
    if (ws) {
      for (const a of state.notes) {
        const cell = ws.getCell(a);
        if (noteText(cell.note).startsWith(NOTE_PREFIX)) {
          removeNote(cell);
        }
      }
    }
    for (const name of state.sheets) {
      const s = wb.getWorksheet(name);
      if (s) wb.removeWorksheet(s.id);
    }
    changed = true;
  }
  const st = stateSheet(wb);
  if (st) {
    for (let r = 1; st.getCell(r, 2).value; r++) st.getCell(r, 2).value = null;
    const settings = st.getCell("A1").value;
    if (settings === null || settings === undefined || settings === "") wb.removeWorksheet(st.id);
  }
  return changed;
}

function uniqueName(wb: ExcelJS.Workbook, name: string): string {
  if (!wb.getWorksheet(name)) return name;
  for (let i = 2; ; i++) {
    const n = `${name}(${i})`;
    if (!wb.getWorksheet(n)) return n;
  }
}

function writeResultSheet(wb: ExcelJS.Workbook, sheet: ResultSheet): string {
  const name = uniqueName(wb, sheet.name);
  const ws = wb.addWorksheet(name);
  // Number formats by column (one style per column, not one per cell).
  ws.columns = sheet.widths.map((w, j) => ({ width: w, ...(sheet.formats[j] ? { style: { numFmt: sheet.formats[j] } } : {}) }));
  const width = sheetWidth(sheet);
  sheet.rows.forEach((row, i) => {
    // Strings are set as values: ExcelJS writes them as text, never as formulas.
    const r = ws.addRow(row.map((v) => (v === "" ? null : v)));
    if (sheet.headerRows.includes(i)) r.font = { bold: true };
  });
  if (sheet.verdicts.length > 0) {
    ws.addConditionalFormatting({
      ref: `A1:${columnLetter(width - 1)}${sheet.rows.length}`,
      rules: VERDICT_RULES.map((v, k) => ({
        type: "expression" as const,
        priority: k + 1,
        formulae: [v.formula],
        style: { fill: { type: "pattern" as const, pattern: "solid" as const, bgColor: { argb: v.color } } },
      })),
    });
  }
  ws.views = [{ state: "frozen", ySplit: sheet.headerRows[0] === 0 ? 1 : 0, xSplit: 0 }];
  return name;
}

/**
 * Applies an annotation plan to a workbook: clears a previous check first (so running twice
 * leaves one set), adds notes where the cell has none of the user's, highlights through
 * conditional formats (the user's own formats are never touched), writes the result sheets, and
 * records what it wrote in the very hidden state sheet. Cell values on the data sheet are never
 * changed.
 *
 * @param wb - The workbook (changed in memory; the caller writes it to a new file).
 * @param plan - The plan.
 * @param checkedAt - The time stamp.
 * @returns The state recorded.
 */
export function applyPlan(wb: ExcelJS.Workbook, plan: AnnotationPlan, checkedAt: string): AnnotationState {
  clearAnnotations(wb);
  const ws = wb.getWorksheet(plan.dataSheet);
  if (!ws) throw new Error(`数据表“${plan.dataSheet}”不存在`);
  const notes: string[] = [];
  for (const m of plan.marks) {
    if (m.note) {
      ws.getCell(m.address).note = m.note;
      notes.push(m.address);
    }
  }
  let priority = 1;
  for (const [style, addresses] of Object.entries(highlightsOf(plan))) {
    for (const group of ruleGroups(addresses)) {
      ws.addConditionalFormatting({
        ref: group.join(" "),
        rules: [
          {
            type: "expression",
            priority: priority++,
            formulae: [markerFormula(style)],
            style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: MARK_COLORS[style as MarkStyle] } } },
          },
        ],
      });
    }
  }
  const sheets = plan.sheets.map((s) => writeResultSheet(wb, s));
  const state = annotationState(plan, notes, sheets, checkedAt);
  const st = stateSheet(wb) ?? wb.addWorksheet(STATE_SHEET, { state: "veryHidden" });
  st.state = "veryHidden";
  toChunks(JSON.stringify(state)).forEach((chunk, i) => {
    st.getCell(i + 1, 2).value = chunk;
  });
  return state;
}

/**
 * Stores settings in the workbook's very hidden sheet (A1), where the task pane reads them too.
 *
 * @param wb - The workbook.
 * @param settings - The settings.
 */
export function writeSettings(wb: ExcelJS.Workbook, settings: WorkbookSettings): void {
  const st = stateSheet(wb) ?? wb.addWorksheet(STATE_SHEET, { state: "veryHidden" });
  st.getCell("A1").value = JSON.stringify(settings);
}

/**
 * Adds a sheet of values and live formulas (the 评估清单, the 推进规划 template) to a workbook.
 * Input cells are tinted; 是/否 cells get a drop-down list.
 *
 * @param wb - The workbook.
 * @param sheet - The sheet.
 * @returns The name used (a suffix is added when the name is taken).
 */
export function writeFormulaSheet(wb: ExcelJS.Workbook, sheet: FormulaSheet): string {
  const name = uniqueName(wb, sheet.name);
  const ws = wb.addWorksheet(name);
  ws.columns = sheet.widths.map((w) => ({ width: w }));
  for (const c of sheet.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    if (c.formula !== undefined) cell.value = { formula: c.formula };
    else if (c.value !== undefined && c.value !== "") cell.value = c.value;
    if (c.numFmt) cell.numFmt = c.numFmt;
    if (c.bold) cell.font = { bold: true };
    if (c.input) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    cell.alignment = { wrapText: c.col === 1, vertical: "middle" };
  }
  for (const l of sheet.lists) {
    ws.getCell(l.ref).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`"${l.choices.join(",")}"`],
      showErrorMessage: true,
      error: `请选择：${l.choices.join("或")}`,
    };
  }
  return name;
}
