/* global Excel */
/**
 * The Office.js adapter: reads the workbook for the check session ({@link ./office-read}) and
 * renders the session's writes in a fixed number of write requests of about equal size, each
 * under the 5 MB limit, with calculation and screen updating suspended. What it wrote is recorded
 * in the very hidden state sheet (shared with the CLI), so that clearing and re-running are
 * exact. Conditional formats, not cell formats, carry the highlights: the user's own formats are
 * never touched.
 */
import { checkView, type CheckView } from "../check/check-view";
import type { CheckSuccess } from "../check/run-check";
import { NOTE_PREFIX } from "../plan/annotation-plan";
import type { FormulaSheet } from "../plan/checklist-sheet";
import { filterRef, sheetWidth, VERDICT_RULES, type ResultSheet } from "../plan/result-sheets";
import { annotatedSheets, isOwnFormula, STATE_SHEET, type AnnotationState, type WorkbookSettings } from "../plan/state";
import { cellAddress } from "../sheet/cells";
import { prepareCheck, prepareClear, storedOf, type CheckWrites } from "../workbook/check-session";
import { ownNotes, readStoredCells, readWorkbook, STATE_ROWS, supports, type OfficeRead } from "./office-read";

export { isPayloadLimit, MAX_CELLS_PER_READ, supports } from "./office-read";

/** Runs a batch against Excel (Excel.run with delayForCellEdit, or a fake in tests). */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The most estimated bytes in one write request (Excel on the web refuses requests over 5 MB). */
export const MAX_BYTES_PER_WRITE = 4_500_000;
/**
 * A check's writes always go in this many requests, divided by size: the same round trips for a
 * county and a province (up to about 13 MB of writes, some 25 000 schools); more only when a
 * request would otherwise pass {@link MAX_BYTES_PER_WRITE}.
 */
export const WRITE_REQUESTS = 3;
/** Bytes of result-sheet rows per write item (small items divide evenly between requests). */
const ROWS_BYTES_PER_ITEM = 32_000;

/** A problem the adapter reports to the pane (protected sheet, no table…). */
export class ExcelCheckError extends Error {
  override readonly name = "ExcelCheckError";
}

/**
 * The runner for real Excel: waits while the user is editing a cell instead of failing, and makes
 * all of a check's writes one undo step where the host supports it (ExcelApi 1.20).
 *
 * @returns A runner.
 */
export function officeRunner(): ExcelRunner {
  return <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> =>
    Excel.run<T>({ delayForCellEdit: true, ...(supports("ExcelApi", "1.20") ? { mergeUndoGroup: true } : {}) }, batch);
}

/** One write of the plan: its estimated request size and the Office.js calls that queue it. */
interface WriteItem {
  readonly bytes: number;
  readonly queue: () => void;
}

/**
 * Sends the writes in a fixed number of requests ({@link WRITE_REQUESTS}, more only when a
 * request would pass {@link MAX_BYTES_PER_WRITE}): each item goes to the request that holds the
 * middle of its bytes, so the requests are of about equal size and their number does not depend
 * on the sheet. Every request starts with calculation and screen updating suspended.
 *
 * @param context - The request context.
 * @param items - The writes, in order.
 * @returns The number of requests sent.
 */
async function sendWrites(context: Excel.RequestContext, items: readonly WriteItem[]): Promise<number> {
  const total = items.reduce((a, i) => a + i.bytes, 0);
  const largest = items.reduce((a, i) => Math.max(a, i.bytes), 0);
  // Room for the division's unevenness (at most one item per request); items are small by design.
  const room = Math.max(MAX_BYTES_PER_WRITE / 2, MAX_BYTES_PER_WRITE - largest);
  const requests = Math.max(WRITE_REQUESTS, Math.ceil(total / room));
  let offset = 0;
  let next = 0;
  for (let r = 0; r < requests; r++) {
    suspend(context);
    while (next < items.length) {
      const item = items[next] as WriteItem;
      const middle = offset + item.bytes / 2;
      if (r < requests - 1 && Math.floor((middle * requests) / Math.max(1, total)) > r) break;
      item.queue();
      offset += item.bytes;
      next += 1;
    }
    // One round trip per request, a fixed number of them (the 5 MB limit per request).
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
  }
  return requests;
}

function suspend(context: Excel.RequestContext): void {
  if (supports("ExcelApi", "1.8")) context.application.suspendApiCalculationUntilNextSync();
  if (supports("ExcelApi", "1.9")) context.application.suspendScreenUpdatingUntilNextSync();
}

/**
 * The UTF-8 length of a text (Chinese characters take 3 bytes in a request).
 *
 * @param s - The text.
 * @returns Its size in bytes.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
  }
  return n;
}

/** A value for Office.js: text that Excel would read as a formula gets a leading apostrophe. */
export function safeValue(v: string | number | boolean | null): string | number | boolean {
  if (v === null) return "";
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

function sheetItems(context: Excel.RequestContext, sheet: ResultSheet, target: { name: string; reuse: boolean }): WriteItem[] {
  const ws = (): Excel.Worksheet => context.workbook.worksheets.getItem(target.name);
  const items: WriteItem[] = [
    {
      bytes: 200,
      queue: () => {
        if (target.reuse) ws().getRange().clear();
        else context.workbook.worksheets.add(target.name);
      },
    },
  ];
  const width = sheetWidth(sheet);
  // Rows go in small ranges, so that the requests can be divided evenly.
  let start = 0;
  while (start < sheet.rows.length) {
    const chunk: (string | number | boolean)[][] = [];
    let bytes = 0;
    while (start + chunk.length < sheet.rows.length && bytes < ROWS_BYTES_PER_ITEM) {
      const row = Array.from({ length: width }, (_, k) => safeValue(sheet.rows[start + chunk.length]?.[k] ?? null));
      bytes += utf8Length(JSON.stringify(row));
      chunk.push(row);
    }
    const first = start;
    items.push({
      bytes: bytes + 200,
      queue: () => {
        ws().getRangeByIndexes(first, 0, chunk.length, width).values = chunk;
      },
    });
    start += chunk.length;
  }
  items.push({
    bytes: 300 * (sheet.formats.length + sheet.headerRows.length + sheet.widths.length + sheet.fills.length + 8),
    queue: () => {
      const w = ws();
      sheet.formats.forEach((f, j) => {
        if (f && sheet.rows.length > 1) w.getRangeByIndexes(1, j, sheet.rows.length - 1, 1).numberFormat = [[f]];
      });
      for (const r of sheet.headerRows) w.getRangeByIndexes(r, 0, 1, width).format.font.bold = true;
      sheet.widths.forEach((cw, j) => {
        w.getRangeByIndexes(0, j, 1, 1).format.columnWidth = cw * 7;
      });
      const top = sheet.freezeRows;
      if (sheet.rows.length > top)
        for (const j of sheet.wrapCols) w.getRangeByIndexes(top, j, sheet.rows.length - top, 1).format.wrapText = true;
      if (sheet.wrapCols.length > 0 && sheet.rows.length > top)
        w.getRangeByIndexes(top, 0, sheet.rows.length - top, sheetWidth(sheet)).format.autofitRows();
      for (const c of sheet.fills) w.getRangeByIndexes(c.row, c.col, 1, 1).format.fill.color = `#${c.color.slice(2)}`;
      if (sheet.freezeRows > 0) w.freezePanes.freezeRows(sheet.freezeRows);
      const filter = filterRef(sheet);
      if (filter && supports("ExcelApi", "1.9")) w.autoFilter.apply(w.getRange(filter));
      // A4 landscape, fitted to the width, the frozen rows repeated on every page.
      if (supports("ExcelApi", "1.9")) {
        w.pageLayout.orientation = Excel.PageOrientation.landscape;
        w.pageLayout.paperSize = Excel.PaperType.a4;
        w.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (sheet.freezeRows > 0) w.pageLayout.setPrintTitleRows(`$1:$${sheet.freezeRows}`);
      }
      // Verdict cells are coloured by two rules on the sheet (达标/✓ green, 未达标/✗ red), not cell by cell.
      if (sheet.verdicts.length > 0) {
        const all = w.getRangeByIndexes(0, 0, sheet.rows.length, width);
        for (const rule of VERDICT_RULES) {
          const cf = all.conditionalFormats.add(Excel.ConditionalFormatType.custom);
          cf.custom.rule.formula = `=${rule.formula}`;
          cf.custom.format.fill.color = `#${rule.color.slice(2)}`;
        }
      }
    },
  });
  return items;
}

function chartCv(context: Excel.RequestContext, sheetName: string, sheet: ResultSheet): void {
  if (!supports("ExcelApi", "1.1")) return;
  const ws = context.workbook.worksheets.getItem(sheetName);
  const firstData = sheet.rows.findIndex((r) => typeof r[6] === "number");
  if (firstData < 0) return;
  const chart = ws.charts.add(Excel.ChartType.columnClustered, ws.getRangeByIndexes(firstData, 6, 7, 2), Excel.ChartSeriesBy.columns);
  chart.title.text = "差异系数与限值";
  chart.setPosition(cellAddress(1, 13), cellAddress(18, 20));
}

/**
 * Finds the add-in's conditional formats on sheets and its notes (one round trip) and returns the
 * writes that remove them: notes known from what was read (the active sheet) or from the previous
 * check's record (other sheets), each removed only when its text is still the add-in's.
 */
async function removalItems(
  context: Excel.RequestContext,
  sheets: readonly string[],
  known: ReadonlyMap<string, ReadonlySet<string>>,
  recorded: ReadonlyMap<string, readonly string[]>,
): Promise<WriteItem[]> {
  const collections = sheets.map((name) => {
    const cfs = context.workbook.worksheets.getItem(name).getRange().conditionalFormats;
    cfs.load("items/type,items/customOrNullObject/rule/formula");
    return cfs;
  });
  const probes: { sheet: string; address: string; note: Excel.Note }[] = [];
  if (supports("ExcelApi", "1.18"))
    for (const [sheet, addresses] of recorded) {
      if (known.has(sheet)) continue;
      for (const address of addresses) {
        const note = context.workbook.worksheets.getItem(sheet).notes.getItemOrNullObject(address);
        note.load("content");
        probes.push({ sheet, address, note });
      }
    }
  await context.sync();
  const items: WriteItem[] = [];
  for (const cfs of collections)
    for (const cf of cfs.items)
      if (!cf.customOrNullObject.isNullObject && isOwnFormula(cf.customOrNullObject.rule.formula))
        items.push({ bytes: 120, queue: () => cf.delete() });
  for (const [sheet, addresses] of known)
    for (const a of addresses)
      items.push({ bytes: 120, queue: () => context.workbook.worksheets.getItem(sheet).notes.getItem(a).delete() });
  for (const p of probes)
    if (!p.note.isNullObject && p.note.content.startsWith(NOTE_PREFIX)) items.push({ bytes: 120, queue: () => p.note.delete() });
  return items;
}

/** The sheets a previous check left that this one does not replace. */
function staleSheets(previous: AnnotationState | null, names: readonly string[], keep: ReadonlySet<string>): string[] {
  return (previous?.sheets ?? []).filter((s) => names.includes(s) && !keep.has(s));
}

async function applyWrites(context: Excel.RequestContext, writes: CheckWrites, read: OfficeRead): Promise<void> {
  const before = writes.previous ? annotatedSheets(writes.previous).filter((d) => read.sheetNames.includes(d.name)) : [];
  const dataSheets = [...new Set([...writes.dataSheets.map((d) => d.name), ...before.map((d) => d.name)])];
  const items = await removalItems(
    context,
    dataSheets,
    new Map([[read.activeSheet, await ownNotes(read.snapshot, read.activeSheet)]]),
    new Map(before.map((d) => [d.name, d.notes])),
  );
  const replaced = new Set(writes.results.filter((r) => r.replaces).map((r) => r.name));
  for (const s of staleSheets(writes.previous, read.sheetNames, replaced))
    items.push({ bytes: 200, queue: () => context.workbook.worksheets.getItem(s).delete() });
  for (const d of writes.dataSheets) {
    const ws = (): Excel.Worksheet => context.workbook.worksheets.getItem(d.name);
    for (const n of d.notes) {
      // Sizes are of the text as it travels: JSON-escaped (quotes, line breaks), UTF-8.
      items.push({ bytes: utf8Length(JSON.stringify(n.text)) + 160, queue: () => ws().notes.add(n.address, n.text) });
    }
    for (const rule of d.rules) {
      const part = rule.addresses.join(",");
      items.push({
        // The addresses go once as the range and once as the rule's ranges.
        bytes: part.length + JSON.stringify(rule.addresses).length + 400,
        queue: () => {
          const cf = ws().getRanges(part).conditionalFormats.add(Excel.ConditionalFormatType.custom);
          cf.custom.rule.formula = `=${rule.formula}`;
          cf.custom.format.fill.color = `#${rule.color.slice(2)}`;
        },
      });
    }
  }
  for (const r of writes.results) {
    items.push(...sheetItems(context, r.sheet, { name: r.name, reuse: r.replaces }));
    if (r.sheet.role === "cv" && !r.replaces) items.push({ bytes: 600, queue: () => chartCv(context, r.name, r.sheet) });
  }
  const st = (): Excel.Worksheet => context.workbook.worksheets.getItem(STATE_SHEET);
  items.push({
    bytes: 300,
    queue: () => {
      if (!read.sheetNames.includes(STATE_SHEET)) context.workbook.worksheets.add(STATE_SHEET);
      st().getRangeByIndexes(0, 1, STATE_ROWS, 1).clear();
    },
  });
  writes.stateChunks.forEach((chunk, i) => {
    items.push({
      bytes: utf8Length(JSON.stringify(chunk)) + 200,
      queue: () => {
        st().getRangeByIndexes(i, 1, 1, 1).values = [[chunk]];
      },
    });
  });
  items.push({
    bytes: 200,
    queue: () => {
      st().visibility = Excel.SheetVisibility.veryHidden;
      context.workbook.worksheets.getItem(read.activeSheet).activate();
    },
  });
  await sendWrites(context, items);
}

/**
 * Removes what a failed write left behind: the add-in's conditional formats and notes on the data
 * sheet (found by their marker and prefix, not by the state, which was not written) and the result
 * sheets this check created. Sheets and notes of the user are never touched.
 */
async function rollBack(run: ExcelRunner, writes: CheckWrites, before: readonly string[]): Promise<void> {
  await run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const found = writes.dataSheets.map((d) => {
      const ws = context.workbook.worksheets.getItem(d.name);
      // conditionalFormats is a collection, loaded on the next line.
      // eslint-disable-next-line office-addins/load-object-before-read
      const cfs = ws.getRange().conditionalFormats;
      cfs.load("items/type,items/customOrNullObject/rule/formula");
      const notes = supports("ExcelApi", "1.18") ? d.notes.map((n) => ws.notes.getItemOrNullObject(n.address)) : [];
      for (const n of notes) n.load("content");
      return { cfs, notes };
    });
    await context.sync();
    for (const { cfs, notes } of found) {
      for (const cf of cfs.items) if (!cf.customOrNullObject.isNullObject && isOwnFormula(cf.customOrNullObject.rule.formula)) cf.delete();
      for (const n of notes) if (!n.isNullObject && n.content.startsWith(NOTE_PREFIX)) n.delete();
    }
    const existed = new Set(before);
    const ours = new Set([...writes.results.map((r) => r.name), STATE_SHEET]);
    for (const s of sheets.items) if (ours.has(s.name) && !existed.has(s.name)) context.workbook.worksheets.getItem(s.name).delete();
    await context.sync();
  });
}

/** The outcome of a check in Excel, for the pane. */
export type ExcelCheckResult =
  { readonly ok: true; readonly view: CheckView; readonly outcome: CheckSuccess } | { readonly ok: false; readonly message: string };

/**
 * 检查达标 on the active sheet: read, evaluate, annotate in place, write the result sheets.
 * Writes nothing when the sheet cannot be read or is protected.
 *
 * @param run - The Excel runner.
 * @param options - The time stamp, a progress callback, and a signal to cancel with: a check
 * cancelled before its writes writes nothing.
 * @returns The view for the pane, or why the check stopped.
 */
export async function checkActiveSheet(
  run: ExcelRunner,
  options: { now?: Date; onProgress?: (step: string) => void; signal?: AbortSignal } = {},
): Promise<ExcelCheckResult> {
  return run(async (context) => {
    options.onProgress?.("read");
    const read = await readWorkbook(context);
    const prepared = await prepareCheck(read.snapshot, {
      now: options.now ?? new Date(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (!prepared.ok) return { ok: false, message: prepared.message };
    if (options.signal?.aborted) return { ok: false, message: CANCELLED };
    try {
      await applyWrites(context, prepared.writes, read);
    } catch (e) {
      // Office.js has no transactions: take back whatever part of the writes reached the workbook.
      await rollBack(run, prepared.writes, read.sheetNames).catch(() => undefined);
      const why = e instanceof Error ? e.message : String(e);
      return { ok: false, message: `写入标注时出错（${why}），已撤回本次写入的内容，原表未被改动` };
    }
    return { ok: true, view: checkView(prepared.outcome), outcome: prepared.outcome };
  });
}

/** What a check cancelled before its writes says. */
export const CANCELLED = "已取消：未写入任何内容，原表未改动";

/**
 * 清除标注: removes the highlights, notes and result sheets the last check wrote, and nothing else.
 *
 * @param run - The Excel runner.
 * @returns True when something was removed.
 */
export async function clearActiveAnnotations(run: ExcelRunner): Promise<boolean> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const names = sheets.items.map((s) => s.name);
    const stored = await readStoredCells(context, names);
    const clear = await prepareClear({
      sheets: [],
      activeSheet: null,
      canWriteNotes: false,
      grid: () => Promise.resolve({ values: [] }),
      notes: () => Promise.resolve([]),
      stored: () => Promise.resolve(stored),
      isProtected: () => Promise.resolve(false),
    });
    const state = clear.previous;
    if (!state) return false;
    const annotated = annotatedSheets(state).filter((d) => names.includes(d.name));
    const found = annotated.map((d) => {
      const ws = context.workbook.worksheets.getItem(d.name);
      // conditionalFormats is a collection, loaded on the next line.
      // eslint-disable-next-line office-addins/load-object-before-read
      const cfs = ws.getRange().conditionalFormats;
      cfs.load("items/type,items/customOrNullObject/rule/formula");
      const notes = supports("ExcelApi", "1.18") ? d.notes.map((a) => ws.notes.getItemOrNullObject(a)) : [];
      for (const n of notes) n.load("content");
      return { cfs, notes };
    });
    await context.sync();
    suspend(context);
    for (const { cfs, notes } of found) {
      for (const cf of cfs.items) if (!cf.customOrNullObject.isNullObject && isOwnFormula(cf.customOrNullObject.rule.formula)) cf.delete();
      for (const n of notes) if (!n.isNullObject && n.content.startsWith(NOTE_PREFIX)) n.delete();
    }
    // Result sheets are removed; Worksheet.delete clears the undo stack, which is acceptable for a clear.
    for (const s of state.sheets) if (names.includes(s)) context.workbook.worksheets.getItem(s).delete();
    const st = context.workbook.worksheets.getItem(STATE_SHEET);
    st.getRangeByIndexes(0, 1, STATE_ROWS, 1).clear();
    if (clear.settingsText === null) {
      st.visibility = Excel.SheetVisibility.hidden;
      st.delete();
    }
    if (annotated[0]) context.workbook.worksheets.getItem(annotated[0].name).activate();
    await context.sync();
    return true;
  });
}

export async function selectCell(run: ExcelRunner, sheet: string, address: string): Promise<void> {
  await run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}

/**
 * The settings stored in the workbook.
 *
 * @param run - The Excel runner.
 * @returns The settings (defaults when none or invalid).
 */
export async function loadSettings(run: ExcelRunner): Promise<WorkbookSettings> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const { settings } = storedOf(
      await readStoredCells(
        context,
        sheets.items.map((s) => s.name),
      ),
    );
    return settings.ok ? settings.value : { version: 1 };
  });
}

/**
 * Saves settings in the workbook's very hidden sheet (A1), where the CLI reads them too.
 *
 * @param run - The Excel runner.
 * @param settings - The settings.
 */
export async function saveSettings(run: ExcelRunner, settings: WorkbookSettings): Promise<void> {
  const text = JSON.stringify(settings);
  if (text.length > 30_000) throw new ExcelCheckError("设置过大，无法保存");
  await run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const exists = sheets.items.some((s) => s.name === STATE_SHEET);
    const st = exists ? context.workbook.worksheets.getItem(STATE_SHEET) : context.workbook.worksheets.add(STATE_SHEET);
    st.getRange("A1").values = [[text]];
    st.visibility = Excel.SheetVisibility.veryHidden;
    await context.sync();
  });
}

/**
 * Recalculates the workbook fully, so that the custom functions answer with newly saved standards
 * (they are not volatile and would otherwise keep their old answers).
 *
 * @param run - The Excel runner.
 */
export async function recalculateAll(run: ExcelRunner): Promise<void> {
  await run(async (context) => {
    context.workbook.application.calculate(Excel.CalculationType.full);
    await context.sync();
  });
}

/**
 * 插入评估清单: adds the county checklist (and the 推进规划 template) as new sheets with live
 * formulas and 是/否 lists, filled from the last check when there is one. Existing sheets of those
 * names are left alone (a suffix is added).
 *
 * @param run - The Excel runner.
 * @param sheets - The sheets to add (from checklistSheet and planTemplate).
 * @returns The names used.
 */
export async function insertFormulaSheets(run: ExcelRunner, sheets: readonly FormulaSheet[]): Promise<string[]> {
  return run(async (context) => {
    const all = context.workbook.worksheets;
    all.load("items/name");
    await context.sync();
    const taken = new Set(all.items.map((s) => s.name));
    const names: string[] = [];
    for (const sheet of sheets) {
      let name = sheet.name;
      for (let i = 2; taken.has(name); i++) name = `${sheet.name}(${i})`;
      taken.add(name);
      names.push(name);
      const ws = context.workbook.worksheets.add(name);
      for (const c of sheet.cells) {
        const cell = ws.getRangeByIndexes(c.row, c.col, 1, 1);
        if (c.formula !== undefined) cell.formulas = [[`=${c.formula}`]];
        else if (c.value !== undefined && c.value !== "") cell.values = [[safeValue(c.value)]];
        if (c.numFmt) cell.numberFormat = [[c.numFmt]];
        if (c.bold) cell.format.font.bold = true;
        if (c.input) cell.format.fill.color = "#FFF2CC";
      }
      if (supports("ExcelApi", "1.8")) {
        for (const l of sheet.lists)
          ws.getRange(l.ref).dataValidation.rule = { list: { inCellDropDown: true, source: l.choices.join(",") } };
      }
      sheet.widths.forEach((w, j) => {
        ws.getRangeByIndexes(0, j, 1, 1).format.columnWidth = w * 7;
      });
      ws.freezePanes.freezeRows(sheet.titleRows);
      if (supports("ExcelApi", "1.9")) {
        ws.pageLayout.orientation = Excel.PageOrientation.landscape;
        ws.pageLayout.paperSize = Excel.PaperType.a4;
        ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        ws.pageLayout.setPrintTitleRows(`$1:$${sheet.titleRows}`);
      }
    }
    await context.sync();
    return names;
  });
}
