/* global Excel, Office */
/**
 * The Office.js adapter: the only code that calls the Excel JavaScript API. It reads the active
 * sheet in a fixed number of round trips (values in row blocks only for very large sheets),
 * applies the annotation plan in a fixed number of write requests of about equal size, each under
 * the 5 MB limit, with calculation and screen updating suspended,
 * and remembers what it wrote in the very hidden state sheet (shared with the CLI), so that
 * clearing and re-running are exact. Conditional formats, not cell formats, carry the highlights:
 * the user's own formats are never touched.
 */
import { runCheck, type CheckSuccess } from "../check/run-check";
import { checkView, type CheckView } from "../check/check-view";
import { loadProfile, NATIONAL_PROFILE, type Profile } from "../core/profile";
import {
  buildPlan,
  highlightsOf,
  MARK_COLORS,
  NOTE_PREFIX,
  ruleGroups,
  type AnnotationPlan,
  type MarkStyle,
} from "../plan/annotation-plan";
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
import { cellAddress, columnIndex } from "../sheet/cells";
import { VERSION } from "../version";

/** Runs a batch against Excel (Excel.run with delayForCellEdit, or a fake in tests). */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Cells per read request: keeps each response well under the 5 MB limit of Excel on the web. */
export const MAX_CELLS_PER_READ = 500_000;
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
const STATE_ROWS = 200;

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

/** Whether the host supports a requirement set (false outside Office). */
export function supports(set: string, version: string): boolean {
  return typeof Office !== "undefined" && !!Office.context?.requirements?.isSetSupported(set, version);
}

function parseAreaAddress(address: string): MergeArea | null {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(local);
  if (!m) return null;
  const top = Number(m[2]) - 1;
  const left = columnIndex(m[1] ?? "");
  return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? columnIndex(m[3]) : left };
}

function localAddress(address: string): string {
  return (address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address).replace(/\$/g, "");
}

/** Everything read from the workbook for one check. */
interface SheetSnapshot {
  readonly sheetName: string;
  readonly grid: Grid;
  readonly userNotes: Set<string>;
  readonly ourNotes: Set<string>;
  readonly sheetNames: readonly string[];
  readonly state: AnnotationState | null;
  readonly settings: WorkbookSettings;
  readonly protectedSheet: boolean;
}

async function readStateSheet(
  context: Excel.RequestContext,
  names: readonly string[],
): Promise<{ state: AnnotationState | null; settings: WorkbookSettings }> {
  if (!names.includes(STATE_SHEET)) return { state: null, settings: { version: 1 } };
  const range = context.workbook.worksheets.getItem(STATE_SHEET).getRangeByIndexes(0, 0, STATE_ROWS, 2);
  range.load("values");
  await context.sync();
  const values = range.values as unknown[][];
  const settings = parseSettings(values[0]?.[0]);
  return { state: parseState(fromChunks(values.map((r) => r[1]))), settings: settings.ok ? settings.value : { version: 1 } };
}

/** Whether Excel refused a request or its response for its size (5 MB on the web). */
export function isPayloadLimit(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded";
}

/** The used range's values in blocks of `blockRows` rows, its merged areas and the sheet's notes. */
async function readCells(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  used: Excel.Range,
  blockRows: number,
): Promise<{ blocks: Excel.Range[]; merges: Excel.RangeAreas; notes: Excel.NoteCollection | null }> {
  const rows = used.rowCount;
  const blocks: Excel.Range[] = [];
  for (let r = 0; r < rows; r += blockRows) {
    const block = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, Math.min(blockRows, rows - r), used.columnCount);
    block.load("values");
    blocks.push(block);
    // One round trip per block, only for sheets over MAX_CELLS_PER_READ cells (the 5 MB limit).
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    if (blocks.length < Math.ceil(rows / blockRows)) await context.sync();
  }
  const merges = used.getMergedAreasOrNullObject();
  merges.load("areas/items/address");
  const notes = supports("ExcelApi", "1.18") ? ws.notes : null;
  notes?.load("items/content");
  await context.sync();
  return { blocks, merges, notes };
}

/**
 * Reads the active sheet: values (in row blocks when large), merged areas, notes, and the
 * add-in's stored state and settings. 2 round trips (+1 per extra block of values, +1 for the state
 * sheet, +1 when the sheet has notes).
 */
async function snapshot(context: Excel.RequestContext): Promise<SheetSnapshot> {
  const ws = context.workbook.worksheets.getActiveWorksheet();
  ws.load("name");
  // protection is a navigation property: its own scalar is loaded on the next line.
  // eslint-disable-next-line office-addins/load-object-before-read, office-addins/call-sync-before-read
  const protection = ws.protection;
  protection.load("protected");
  const used = ws.getUsedRangeOrNullObject(true);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const sheetNames = sheets.items.map((s) => s.name);
  const { state, settings } = await readStateSheet(context, sheetNames);
  if (used.isNullObject) {
    return {
      sheetName: ws.name,
      grid: { values: [] },
      userNotes: new Set(),
      ourNotes: new Set(),
      sheetNames,
      state,
      settings,
      protectedSheet: protection.protected,
    };
  }
  const cols = used.columnCount;
  // Blocks of MAX_CELLS_PER_READ cells; a sheet of long texts can still pass the 5 MB response
  // limit, and then the read is made again in blocks half the size.
  let blockRows = Math.max(1, Math.floor(MAX_CELLS_PER_READ / Math.max(1, cols)));
  let read: Awaited<ReturnType<typeof readCells>>;
  for (;;) {
    try {
      read = await readCells(context, ws, used, blockRows);
      break;
    } catch (e) {
      if (!isPayloadLimit(e) || blockRows === 1) throw e;
      blockRows = Math.ceil(blockRows / 2);
    }
  }
  const { blocks, merges, notes } = read;
  const values: RawCell[][] = [];
  for (const b of blocks) for (const row of b.values) values.push(row as RawCell[]);
  const mergeAreas = merges.isNullObject
    ? []
    : merges.areas.items.map((a) => parseAreaAddress(a.address)).filter((a): a is MergeArea => a !== null);
  const userNotes = new Set<string>();
  const ourNotes = new Set<string>();
  if (notes && notes.items.length > 0) {
    const locations = notes.items.map((n) => {
      const loc = n.getLocation();
      loc.load("address");
      return { n, loc };
    });
    await context.sync();
    for (const { n, loc } of locations) (n.content.startsWith(NOTE_PREFIX) ? ourNotes : userNotes).add(localAddress(loc.address));
  }
  return {
    sheetName: ws.name,
    grid: { values, origin: { row: used.rowIndex, col: used.columnIndex }, merges: mergeAreas },
    userNotes,
    ourNotes,
    sheetNames,
    state,
    settings,
    protectedSheet: protection.protected,
  };
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

const textOf = (v: unknown): string => (typeof v === "string" ? v : "");
/** A value for Office.js: text that Excel would read as a formula gets a leading apostrophe. */
export function safeValue(v: string | number | boolean | null): string | number | boolean {
  if (v === null) return "";
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

/** Finds our conditional formats (one round trip) and returns the writes that remove them and our notes. */
async function removeOurs(context: Excel.RequestContext, snap: SheetSnapshot): Promise<WriteItem[]> {
  // Our conditional formats, identified by the marker in their formula.
  const targets = [
    snap.sheetName,
    ...(snap.state && snap.state.dataSheet !== snap.sheetName && snap.sheetNames.includes(snap.state.dataSheet)
      ? [snap.state.dataSheet]
      : []),
  ];
  const collections = targets.map((name) => {
    const cfs = context.workbook.worksheets.getItem(name).getRange().conditionalFormats;
    cfs.load("items/type,items/customOrNullObject/rule/formula");
    return cfs;
  });
  await context.sync();
  const items: WriteItem[] = [];
  for (const cfs of collections) {
    for (const cf of cfs.items) {
      if (!cf.customOrNullObject.isNullObject && textOf(cf.customOrNullObject.rule.formula).includes(CF_MARKER))
        items.push({ bytes: 120, queue: () => cf.delete() });
    }
  }
  for (const a of snap.ourNotes)
    items.push({ bytes: 120, queue: () => context.workbook.worksheets.getItem(snap.sheetName).notes.getItem(a).delete() });
  return items;
}

function resultSheetName(preferred: string, snap: SheetSnapshot, taken: Set<string>): { name: string; reuse: boolean } {
  const previous = snap.state?.sheets.find((s) => s === preferred || s.startsWith(`${preferred}(`));
  if (previous && snap.sheetNames.includes(previous)) return { name: previous, reuse: true };
  let name = preferred;
  for (let i = 2; taken.has(name); i++) name = `${preferred}(${i})`;
  return { name, reuse: false };
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
    bytes: 300 * (sheet.formats.length + sheet.headerRows.length + sheet.widths.length + 2),
    queue: () => {
      const w = ws();
      sheet.formats.forEach((f, j) => {
        if (f && sheet.rows.length > 1) w.getRangeByIndexes(1, j, sheet.rows.length - 1, 1).numberFormat = [[f]];
      });
      for (const r of sheet.headerRows) w.getRangeByIndexes(r, 0, 1, width).format.font.bold = true;
      sheet.widths.forEach((cw, j) => {
        w.getRangeByIndexes(0, j, 1, 1).format.columnWidth = cw * 7;
      });
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

async function applyPlanExcel(context: Excel.RequestContext, plan: AnnotationPlan, snap: SheetSnapshot, checkedAt: string): Promise<void> {
  const items = await removeOurs(context, snap);
  const ws = (): Excel.Worksheet => context.workbook.worksheets.getItem(plan.dataSheet);
  const notesSupported = supports("ExcelApi", "1.18");
  const notes: string[] = [];
  for (const m of plan.marks) {
    if (m.note && notesSupported) {
      // Sizes are of the text as it travels: JSON-escaped (quotes, line breaks), UTF-8.
      items.push({ bytes: utf8Length(JSON.stringify(m.note)) + 160, queue: () => ws().notes.add(m.address, m.note) });
      notes.push(m.address);
    }
  }
  for (const [style, addresses] of Object.entries(highlightsOf(plan))) {
    for (const list of ruleGroups(addresses)) {
      const part = list.join(",");
      items.push({
        // The addresses go once as the range and once as the rule's ranges.
        bytes: part.length + JSON.stringify(list).length + 400,
        queue: () => {
          const cf = ws().getRanges(part).conditionalFormats.add(Excel.ConditionalFormatType.custom);
          cf.custom.rule.formula = `=${markerFormula(style)}`;
          cf.custom.format.fill.color = `#${MARK_COLORS[style as MarkStyle].slice(2)}`;
        },
      });
    }
  }
  const taken = new Set(snap.sheetNames);
  const sheets: string[] = [];
  for (const s of plan.sheets) {
    const target = resultSheetName(s.name, snap, taken);
    taken.add(target.name);
    sheets.push(target.name);
    items.push(...sheetItems(context, s, target));
    if (s.role === "cv" && !target.reuse) items.push({ bytes: 600, queue: () => chartCv(context, target.name, s) });
  }
  const state = annotationState(plan, notes, sheets, checkedAt);
  const st = (): Excel.Worksheet => context.workbook.worksheets.getItem(STATE_SHEET);
  items.push({
    bytes: 300,
    queue: () => {
      if (!snap.sheetNames.includes(STATE_SHEET)) context.workbook.worksheets.add(STATE_SHEET);
      st().getRangeByIndexes(0, 1, STATE_ROWS, 1).clear();
    },
  });
  toChunks(JSON.stringify(state)).forEach((chunk, i) => {
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
      ws().activate();
    },
  });
  await sendWrites(context, items);
}

/**
 * Removes what a failed write left behind: our conditional formats and notes on the data sheet
 * (found by their marker and prefix, not by the state, which was not written) and the result
 * sheets this check created. Sheets and notes of the user are never touched.
 */
async function rollBack(run: ExcelRunner, plan: AnnotationPlan, snap: SheetSnapshot): Promise<void> {
  await run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const ws = context.workbook.worksheets.getItem(plan.dataSheet);
    // conditionalFormats is a collection, loaded on the next line.
    // eslint-disable-next-line office-addins/load-object-before-read
    const cfs = ws.getRange().conditionalFormats;
    cfs.load("items/type,items/customOrNullObject/rule/formula");
    const notes = supports("ExcelApi", "1.18") ? plan.marks.filter((m) => m.note).map((m) => ws.notes.getItemOrNullObject(m.address)) : [];
    for (const n of notes) n.load("content");
    await context.sync();
    for (const cf of cfs.items)
      if (!cf.customOrNullObject.isNullObject && textOf(cf.customOrNullObject.rule.formula).includes(CF_MARKER)) cf.delete();
    for (const n of notes) if (!n.isNullObject && n.content.startsWith(NOTE_PREFIX)) n.delete();
    const before = new Set(snap.sheetNames);
    for (const s of sheets.items) {
      const ours = plan.sheets.some((p) => s.name === p.name || s.name.startsWith(`${p.name}(`)) || s.name === STATE_SHEET;
      if (ours && !before.has(s.name)) context.workbook.worksheets.getItem(s.name).delete();
    }
    await context.sync();
  });
}

/** The outcome of a check in Excel, for the pane. */
export type ExcelCheckResult =
  | { readonly ok: true; readonly view: CheckView; readonly outcome: CheckSuccess }
  | { readonly ok: false; readonly message: string };

function profileOf(settings: WorkbookSettings): Profile {
  if (settings.profile === undefined) return NATIONAL_PROFILE;
  const p = loadProfile(settings.profile);
  if (!p.ok) throw new ExcelCheckError(`工作簿中保存的标准设置无效：${p.problems.join("；")}`);
  return p.profile;
}

/**
 * 检查达标 on the active sheet: read, evaluate, annotate in place, write the result sheets.
 * Writes nothing when the sheet cannot be read or is protected.
 *
 * @param run - The Excel runner.
 * @param options - The time stamp and a progress callback.
 * @returns The view for the pane, or why the check stopped.
 */
export async function checkActiveSheet(
  run: ExcelRunner,
  options: { now?: Date; onProgress?: (step: string) => void } = {},
): Promise<ExcelCheckResult> {
  return run(async (context) => {
    options.onProgress?.("read");
    const snap = await snapshot(context);
    if (snap.sheetName === STATE_SHEET || snap.state?.sheets.includes(snap.sheetName)) {
      return { ok: false, message: `“${snap.sheetName}”是检查生成的结果表，请切换到学校数据表再检查` };
    }
    const profile = profileOf(snap.settings);
    const corrections = snap.settings.corrections?.[snap.sheetName];
    options.onProgress?.("evaluate");
    const outcome = runCheck({ grid: snap.grid, sheetName: snap.sheetName, profile, ...(corrections ? { corrections } : {}) });
    if (!outcome.ok)
      return { ok: false, message: `${outcome.message}。看到的表头：${outcome.headersSeen.slice(0, 12).join("，") || "（无）"}` };
    if (snap.protectedSheet)
      return { ok: false, message: `工作表“${snap.sheetName}”受保护，无法写入标注；已完成计算但未写入任何内容。请撤销工作表保护后再检查` };
    const checkedAt = (options.now ?? new Date()).toISOString();
    const plan = buildPlan(outcome, { occupiedNotes: snap.userNotes, checkedAt, version: VERSION });
    options.onProgress?.("write");
    try {
      await applyPlanExcel(context, plan, snap, checkedAt);
    } catch (e) {
      // Office.js has no transactions: take back whatever part of the plan reached the workbook.
      await rollBack(run, plan, snap).catch(() => undefined);
      const why = e instanceof Error ? e.message : String(e);
      return { ok: false, message: `写入标注时出错（${why}），已撤回本次写入的内容，原表未被改动` };
    }
    return { ok: true, view: checkView(outcome), outcome };
  });
}

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
    const { state, settings } = await readStateSheet(context, names);
    if (!state || !names.includes(state.dataSheet)) return false;
    const ws = context.workbook.worksheets.getItem(state.dataSheet);
    // conditionalFormats is a collection, loaded on the next line.
    // eslint-disable-next-line office-addins/load-object-before-read
    const cfs = ws.getRange().conditionalFormats;
    cfs.load("items/type,items/customOrNullObject/rule/formula");
    const notes = supports("ExcelApi", "1.18") ? state.notes.map((a) => ({ a, n: ws.notes.getItemOrNullObject(a) })) : [];
    for (const { n } of notes) n.load("content");
    await context.sync();
    suspend(context);
    for (const cf of cfs.items)
      if (!cf.customOrNullObject.isNullObject && textOf(cf.customOrNullObject.rule.formula).includes(CF_MARKER)) cf.delete();
    for (const { n } of notes) if (!n.isNullObject && n.content.startsWith(NOTE_PREFIX)) n.delete();
    // Result sheets are emptied and removed; Worksheet.delete clears the undo stack, which is acceptable for a clear.
    for (const s of state.sheets) if (names.includes(s)) context.workbook.worksheets.getItem(s).delete();
    const st = context.workbook.worksheets.getItem(STATE_SHEET);
    st.getRangeByIndexes(0, 1, STATE_ROWS, 1).clear();
    if (Object.keys(settings).length <= 1) {
      st.visibility = Excel.SheetVisibility.hidden;
      st.delete();
    }
    ws.activate();
    await context.sync();
    return true;
  });
}

/**
 * Selects a cell on a sheet (links in the pane).
 *
 * @param run - The Excel runner.
 * @param sheet - The sheet name.
 * @param address - The A1 address.
 */
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
    return (
      await readStateSheet(
        context,
        sheets.items.map((s) => s.name),
      )
    ).settings;
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
    }
    await context.sync();
    return names;
  });
}
