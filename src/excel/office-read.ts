/* global Excel, Office */
import { NOTE_PREFIX } from "../plan/annotation-plan";
import { STATE_SHEET } from "../plan/state";
import type { Grid, MergeArea, RawCell } from "../sheet/cells";
import { columnIndex } from "../sheet/cells";
import type { SheetInfo, SnapshotNote, StoredCells, WorkbookSnapshot } from "../workbook/snapshot";

/**
 * Reading the workbook through Office.js for the check session: the active sheet in a fixed
 * number of round trips (values in row blocks only for very large sheets, read again in smaller
 * blocks when Excel refuses a response for its size), the sheet list and the add-in's stored cells.
 */

/** Cells per read request: keeps each response well under the 5 MB limit of Excel on the web. */
export const MAX_CELLS_PER_READ = 500_000;
/** Rows of the state sheet read (settings in A1, the record in column B). */
export const STATE_ROWS = 200;

/**
 * Whether the host supports a requirement set (false outside Office).
 *
 * @param set - The set, e.g. "ExcelApi".
 * @param version - Its version, e.g. "1.18".
 * @returns True when supported.
 */
export function supports(set: string, version: string): boolean {
  return typeof Office !== "undefined" && !!Office.context?.requirements?.isSetSupported(set, version);
}

/**
 * Whether Excel refused a request or its response for its size (5 MB on the web).
 *
 * @param e - The error.
 * @returns True for the two size errors.
 */
export function isPayloadLimit(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded";
}

function parseAreaAddress(address: string): MergeArea | null {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(local);
  if (!m) return null;
  const top = Number(m[2]) - 1;
  const left = columnIndex(m[1] ?? "");
  return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? columnIndex(m[3]) : left };
}

/**
 * An address without its sheet and dollar signs ("Sheet1!$A$1" → "A1").
 *
 * @param address - An Office.js address.
 * @returns The local address.
 */
export function localAddress(address: string): string {
  return (address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address).replace(/\$/g, "");
}

/**
 * The add-in's very hidden sheet's cells (one round trip), or null when the workbook has none.
 *
 * @param context - The request context.
 * @param names - The workbook's sheet names.
 * @returns The stored cells.
 */
export async function readStoredCells(context: Excel.RequestContext, names: readonly string[]): Promise<StoredCells | null> {
  if (!names.includes(STATE_SHEET)) return null;
  const range = context.workbook.worksheets.getItem(STATE_SHEET).getRangeByIndexes(0, 0, STATE_ROWS, 2);
  range.load("values");
  await context.sync();
  const values = range.values as unknown[][];
  return { settings: values[0]?.[0] ?? null, state: values.map((r) => r[1]) };
}

/** Columns whose hidden state is read (a sheet wider than this is read as if none were hidden). */
const MAX_HIDDEN_PROBES = 1_000;

/** Queues the reads of whether each column of a range is hidden. */
function probeHidden(used: Excel.Range): Excel.Range[] {
  if (used.columnCount > MAX_HIDDEN_PROBES) return [];
  const cols: Excel.Range[] = [];
  for (let j = 0; j < used.columnCount; j++) {
    const col = used.getColumn(j);
    col.load("columnHidden");
    cols.push(col);
  }
  return cols;
}

function hiddenOf(used: Excel.Range, cols: readonly Excel.Range[]): Set<number> {
  const out = new Set<number>();
  cols.forEach((c, j) => {
    if (c.columnHidden) out.add(used.columnIndex + j);
  });
  return out;
}

/** A sheet's used range as a grid with its merged areas and hidden columns (two round trips), for sheets other than the active one. */
async function readGrid(context: Excel.RequestContext, name: string): Promise<Grid> {
  const used = context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true);
  used.load("rowIndex,columnIndex,columnCount,values");
  await context.sync();
  if (used.isNullObject) return { values: [] };
  const merges = used.getMergedAreasOrNullObject();
  merges.load("areas/items/address");
  const cols = probeHidden(used);
  await context.sync();
  const areas = merges.isNullObject
    ? []
    : merges.areas.items.map((a) => parseAreaAddress(a.address)).filter((a): a is MergeArea => a !== null);
  return {
    values: used.values as RawCell[][],
    origin: { row: used.rowIndex, col: used.columnIndex },
    merges: areas,
    hiddenColumns: hiddenOf(used, cols),
  };
}

/** The used range's values in blocks of `blockRows` rows, its merged areas and the sheet's notes. */
async function readCells(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  used: Excel.Range,
  blockRows: number,
  notesSupported: boolean,
): Promise<{ blocks: Excel.Range[]; merges: Excel.RangeAreas; notes: Excel.NoteCollection | null; hidden: Excel.Range[] }> {
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
  const notes = notesSupported ? ws.notes : null;
  notes?.load("items/content");
  const hidden = probeHidden(used);
  await context.sync();
  return { blocks, merges, notes, hidden };
}

/** What the writes need besides the snapshot. */
export interface OfficeRead {
  readonly snapshot: WorkbookSnapshot;
  readonly sheetNames: readonly string[];
  readonly activeSheet: string;
}

const VISIBILITY: Readonly<Record<string, SheetInfo["visibility"]>> = {
  Visible: "visible",
  Hidden: "hidden",
  VeryHidden: "veryHidden",
};

/**
 * Reads the workbook for a check: the sheet list, the add-in's stored cells, and the active
 * sheet's values, merged areas and notes. 3 round trips (+1 per extra block of values, +1 when the
 * sheet has notes; +1 for each other sheet the session asks for, such as 推进规划).
 *
 * @param context - The request context.
 * @returns The snapshot and what the writes need.
 */
export async function readWorkbook(context: Excel.RequestContext): Promise<OfficeRead> {
  const notesSupported = supports("ExcelApi", "1.18");
  const ws = context.workbook.worksheets.getActiveWorksheet();
  ws.load("name");
  // protection is a navigation property: its own scalar is loaded on the next line.
  // eslint-disable-next-line office-addins/load-object-before-read, office-addins/call-sync-before-read
  const protection = ws.protection;
  protection.load("protected");
  const used = ws.getUsedRangeOrNullObject(true);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/visibility");
  await context.sync();
  const sheetNames = sheets.items.map((s) => s.name);
  const stored = await readStoredCells(context, sheetNames);
  let grid: Grid = { values: [] };
  const notes: SnapshotNote[] = [];
  if (!used.isNullObject) {
    // Blocks of MAX_CELLS_PER_READ cells; a sheet of long texts can still pass the 5 MB response
    // limit, and then the read is made again in blocks half the size.
    let blockRows = Math.max(1, Math.floor(MAX_CELLS_PER_READ / Math.max(1, used.columnCount)));
    let read: Awaited<ReturnType<typeof readCells>>;
    for (;;) {
      try {
        read = await readCells(context, ws, used, blockRows, notesSupported);
        break;
      } catch (e) {
        if (!isPayloadLimit(e) || blockRows === 1) throw e;
        blockRows = Math.ceil(blockRows / 2);
      }
    }
    const values: RawCell[][] = [];
    for (const b of read.blocks) for (const row of b.values) values.push(row as RawCell[]);
    const merges = read.merges.isNullObject
      ? []
      : read.merges.areas.items.map((a) => parseAreaAddress(a.address)).filter((a): a is MergeArea => a !== null);
    grid = { values, origin: { row: used.rowIndex, col: used.columnIndex }, merges, hiddenColumns: hiddenOf(used, read.hidden) };
    if (read.notes && read.notes.items.length > 0) {
      const locations = read.notes.items.map((n) => {
        const loc = n.getLocation();
        loc.load("address");
        return { n, loc };
      });
      await context.sync();
      for (const { n, loc } of locations) notes.push({ address: localAddress(loc.address), text: n.content });
    }
  }
  const activeSheet = ws.name;
  const isProtected = protection.protected;
  return {
    sheetNames,
    activeSheet,
    snapshot: {
      sheets: sheets.items.map((s) => ({ name: s.name, visibility: VISIBILITY[s.visibility] ?? "visible" })),
      activeSheet,
      canWriteNotes: notesSupported,
      grid: (name) => (name === activeSheet ? Promise.resolve(grid) : readGrid(context, name)),
      notes: (name) => Promise.resolve(name === activeSheet ? notes : []),
      stored: () => Promise.resolve(stored),
      isProtected: (name) => Promise.resolve(name === activeSheet && isProtected),
    },
  };
}

/**
 * The add-in's notes on the active sheet, from what was read.
 *
 * @param snap - The snapshot.
 * @param sheet - The sheet.
 * @returns Addresses of notes whose text starts with the add-in's prefix.
 */
export async function ownNotes(snap: WorkbookSnapshot, sheet: string): Promise<Set<string>> {
  return new Set((await snap.notes(sheet)).filter((n) => n.text.startsWith(NOTE_PREFIX)).map((n) => n.address));
}
