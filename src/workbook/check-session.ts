import { runCheck, type CheckOutcome, type CheckSuccess } from "../check/run-check";
import { loadProfile, NATIONAL_PROFILE, type Profile } from "../core/profile";
import {
  buildPlan,
  highlightsOf,
  MARK_COLORS,
  NOTE_PREFIX,
  noteKey,
  ruleGroups,
  type AnnotationPlan,
  type MarkStyle,
} from "../plan/annotation-plan";
import { CHECKLIST_SHEET } from "../plan/checklist-sheet";
import type { ResultSheet } from "../plan/result-sheets";
import {
  annotationState,
  fromChunks,
  markerFormula,
  parseSettings,
  parseState,
  STATE_SHEET,
  toChunks,
  type AnnotationState,
  type WorkbookSettings,
} from "../plan/state";
import { PLAN_SHEET } from "../sheet/read-plan";
import { VERSION } from "../version";
import { chooseSheetNames } from "./sheet-names";
import type { StoredCells, WorkbookSnapshot } from "./snapshot";

/**
 * One check session for every host: from a snapshot of the workbook (settings, sheets, notes),
 * decide once which sheet is checked with which profile and corrections, run the check and turn
 * its plan into the finished writes — what to remove, notes, grouped highlight rules, result
 * sheets with their final names, the record to store. The Office.js and file adapters only read
 * their snapshot and render these writes.
 */

/** A highlight rule: one style over at most {@link ../plan/annotation-plan.ADDRESSES_PER_RULE} cells. */
export interface HighlightRule {
  readonly style: MarkStyle;
  /** Fill colour, ARGB. */
  readonly color: string;
  /** The rule's formula (without "="), carrying the add-in's marker. */
  readonly formula: string;
  readonly addresses: readonly string[];
}

/** A result sheet with the name it is written under. */
export interface NamedResultSheet {
  readonly name: string;
  /** The previous check's sheet of that name is replaced (Office.js clears and rewrites it). */
  readonly replaces: boolean;
  readonly sheet: ResultSheet;
}

/** What a check writes on one sheet of the user's. */
export interface SheetWrites {
  readonly name: string;
  /** Notes to add (text starting with the add-in's prefix). */
  readonly notes: readonly { readonly address: string; readonly text: string }[];
  readonly rules: readonly HighlightRule[];
}

/** Everything a check writes, in the order hosts apply it. */
export interface CheckWrites {
  /** The previous check's record: its notes, highlights and result sheets are removed first. */
  readonly previous: AnnotationState | null;
  /** The sheets that carry highlights and notes (the checked sheet first). */
  readonly dataSheets: readonly SheetWrites[];
  /** Result sheets, in order. */
  readonly results: readonly NamedResultSheet[];
  /** The settings cell, kept as it was (null when the workbook had none). */
  readonly settingsText: string | null;
  /** The new record, and the cells it is stored in (column B of the state sheet). */
  readonly state: AnnotationState;
  readonly stateChunks: readonly string[];
}

/** A check ready to be written, or why it cannot be. */
export type PreparedCheck =
  | { readonly ok: true; readonly outcome: CheckSuccess; readonly plan: AnnotationPlan; readonly writes: CheckWrites }
  | { readonly ok: false; readonly message: string };

/** What removing a check's annotations writes. */
export interface ClearWrites {
  readonly previous: AnnotationState | null;
  readonly settingsText: string | null;
}

/** What a check is asked to do. */
export interface CheckRequest {
  /** The sheet to check (default: the active sheet, else the first sheet holding a school table). */
  readonly sheet?: string;
  /** A profile that replaces the one saved in the workbook. */
  readonly profile?: Profile;
  /** The time of the check. */
  readonly now: Date;
  /** Called between steps (read, evaluate, write). */
  readonly onProgress?: (step: "read" | "evaluate" | "write") => void;
  /** Merge each branch site into the school its name extends, as proposed, without a saved choice. */
  readonly mergeProposedBranches?: boolean;
  /** What the file was before it was read (an .xls through an .xlsx copy), said in 检查信息. */
  readonly source?: string;
}

/** Sheets the add-in writes, never checked as data. */
const OWN_SHEETS: ReadonlySet<string> = new Set([STATE_SHEET, CHECKLIST_SHEET, PLAN_SHEET]);

/**
 * The stored record and settings of a workbook.
 *
 * @param stored - The state sheet's cells.
 * @returns The previous check's record (null when none or unreadable) and the settings.
 */
export function storedOf(stored: StoredCells | null): {
  previous: AnnotationState | null;
  settings: ReturnType<typeof parseSettings>;
  settingsText: string | null;
} {
  if (!stored) return { previous: null, settings: { ok: true, value: { version: 1 } }, settingsText: null };
  const text = typeof stored.settings === "string" && stored.settings.trim() !== "" ? stored.settings : null;
  return { previous: parseState(fromChunks(stored.state)), settings: parseSettings(stored.settings), settingsText: text };
}

/**
 * The profile a check uses: the one asked for, else the one saved in the workbook (validated),
 * else the national one.
 *
 * @param settings - The workbook's settings.
 * @param given - A profile given with the request.
 * @returns The profile, or why the saved one cannot be used.
 */
export function profileFor(
  settings: WorkbookSettings,
  given: Profile | undefined,
): { ok: true; profile: Profile } | { ok: false; message: string } {
  if (given) return { ok: true, profile: given };
  if (settings.profile === undefined) return { ok: true, profile: NATIONAL_PROFILE };
  const p = loadProfile(settings.profile);
  return p.ok ? { ok: true, profile: p.profile } : { ok: false, message: `工作簿中保存的标准设置无效：${p.problems.join("；")}` };
}

/**
 * Prepares a check: chooses the sheet, runs the check and builds the writes.
 *
 * @param snap - The workbook.
 * @param request - Sheet, profile and time.
 * @returns The check and its writes, or why it cannot be done (nothing is then written).
 */
export async function prepareCheck(snap: WorkbookSnapshot, request: CheckRequest): Promise<PreparedCheck> {
  request.onProgress?.("read");
  const { previous, settings, settingsText } = storedOf(await snap.stored());
  if (!settings.ok) return { ok: false, message: `工作簿中保存的设置无效：${settings.problems.join("；")}` };
  const profile = profileFor(settings.value, request.profile);
  if (!profile.ok) return profile;
  const names = snap.sheets.map((s) => s.name);
  const own = new Set([...OWN_SHEETS, ...(previous?.sheets ?? [])]);

  const visible = snap.sheets.filter((s) => s.visibility === "visible" && !own.has(s.name)).map((s) => s.name);
  let candidates: string[];
  if (request.sheet !== undefined) {
    if (!names.includes(request.sheet)) return { ok: false, message: `没有名为“${request.sheet}”的工作表（有：${names.join("、")}）` };
    candidates = [request.sheet];
  } else if (snap.activeSheet !== null) {
    if (own.has(snap.activeSheet)) return { ok: false, message: `“${snap.activeSheet}”是检查生成的工作表，请切换到学校数据表再检查` };
    candidates = [snap.activeSheet];
  } else {
    candidates = visible;
    if (candidates.length === 0) return { ok: false, message: "工作簿中没有可检查的工作表" };
  }
  const planGrid = names.includes(PLAN_SHEET) ? await snap.grid(PLAN_SHEET) : undefined;
  request.onProgress?.("evaluate");
  const failures: Extract<CheckOutcome, { ok: false }>[] = [];
  let outcome: CheckSuccess | null = null;
  for (const name of candidates) {
    const corrections = settings.value.corrections?.[name];
    const input = {
      grid: await snap.grid(name),
      sheetName: name,
      profile: profile.profile,
      ...(corrections ? { corrections } : {}),
      ...(request.mergeProposedBranches ? { mergeProposedBranches: true } : {}),
      ...(planGrid ? { planGrid, year: request.now.getFullYear() } : {}),
    };
    let o = runCheck(input);
    if (o.ok && o.read.tableLevel !== null) {
      // One level's table: the county's other levels' tables are joined to it.
      const companions = [];
      for (const other of visible.filter((v) => v !== name)) {
        const c = settings.value.corrections?.[other];
        companions.push({ grid: await snap.grid(other), sheetName: other, ...(c ? { corrections: c } : {}) });
      }
      if (companions.length > 0) o = runCheck({ ...input, companions });
    }
    if (o.ok) {
      outcome = o;
      break;
    }
    failures.push(o);
  }
  if (!outcome) {
    const detail = failures.map(
      (f) => `工作表“${f.sheetName}”：${f.message}；看到的表头：${f.headersSeen.slice(0, 12).join("，") || "（无）"}`,
    );
    return { ok: false, message: candidates.length > 1 ? `未找到可检查的学校数据表\n${detail.join("\n")}` : (detail[0] ?? "") };
  }
  for (const sheet of outcome.sheets)
    if (await snap.isProtected(sheet))
      return {
        ok: false,
        message: `工作表“${sheet}”受保护，无法写入标注；已完成计算但未写入任何内容。请撤销工作表保护后再检查`,
      };
  request.onProgress?.("write");
  const occupied = new Set<string>();
  for (const sheet of outcome.sheets)
    for (const n of await snap.notes(sheet)) if (!n.text.startsWith(NOTE_PREFIX)) occupied.add(noteKey(sheet, n.address));
  const checkedAt = request.now.toISOString();
  const plan = buildPlan(outcome, {
    occupiedNotes: occupied,
    checkedAt,
    version: VERSION,
    ...(snap.canWriteNotes ? {} : { maxNotes: 0 }),
    ...(request.source ? { source: request.source } : {}),
  });
  return { ok: true, outcome, plan, writes: writesOf(plan, names, previous, settingsText, checkedAt) };
}

/**
 * The writes of a plan: notes, highlight rules grouped by style, result sheets named once, the
 * record to store.
 *
 * @param plan - The plan.
 * @param existing - The workbook's sheet names.
 * @param previous - The previous check's record.
 * @param settingsText - The settings cell as stored.
 * @param checkedAt - The check's time (ISO).
 * @returns The writes.
 */
export function writesOf(
  plan: AnnotationPlan,
  existing: readonly string[],
  previous: AnnotationState | null,
  settingsText: string | null,
  checkedAt: string,
): CheckWrites {
  const dataSheets = plan.dataSheets.map((name): SheetWrites => {
    const rules: HighlightRule[] = [];
    for (const [style, addresses] of Object.entries(highlightsOf(plan, name))) {
      const s = style as MarkStyle;
      for (const group of ruleGroups(addresses))
        rules.push({ style: s, color: MARK_COLORS[s], formula: markerFormula(s), addresses: group });
    }
    const notes = plan.marks.filter((m) => m.sheet === name && m.note !== "").map((m) => ({ address: m.address, text: m.note }));
    return { name, notes, rules };
  });
  const named = chooseSheetNames(
    plan.sheets.map((s) => s.name),
    existing,
    previous?.sheets ?? [],
  );
  const results = plan.sheets.map((sheet, i) => {
    const name = named[i] as string;
    return { name, replaces: existing.includes(name), sheet };
  });
  const state = annotationState(
    plan,
    new Map(dataSheets.map((d) => [d.name, d.notes.map((n) => n.address)])),
    results.map((r) => r.name),
    checkedAt,
  );
  return {
    previous,
    dataSheets,
    results,
    settingsText,
    state,
    stateChunks: toChunks(JSON.stringify(state)),
  };
}

/**
 * Prepares 清除标注: the previous check's record to remove, the settings kept.
 *
 * @param snap - The workbook.
 * @returns The writes (previous null when there is nothing recorded).
 */
export async function prepareClear(snap: WorkbookSnapshot): Promise<ClearWrites> {
  const { previous, settingsText } = storedOf(await snap.stored());
  return { previous, settingsText };
}
