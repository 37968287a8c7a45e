import type { CheckSuccess } from "../check/run-check";
import type { Level } from "../core/types";
import type { CellRef, ReadSchool } from "../sheet/read-sheet";
import { GUARANTEE_NAMES } from "../core/guarantee";
import { INDICATORS } from "../core/indicators";
import { LEVEL_NAMES } from "../core/school-kinds";
import type { GuaranteeCheckId } from "../core/types";
import { addressOrder } from "../sheet/cells";
import type { FieldId } from "../sheet/vocabulary";
import { resultSheets, type ResultSheet } from "./result-sheets";
import { gapSummary, unmetSentence } from "./wording";

import type { MarkStyle } from "./mark-styles";

export { MARK_COLORS, type MarkStyle } from "./mark-styles";

/** The order in which styles win when one cell has several marks. */
const STYLE_PRIORITY: readonly MarkStyle[] = ["problem", "fail-school", "unmet", "guarantee", "excluded"];

/** One cell of the data sheet to highlight, with the note explaining it. */
export interface CellMark {
  /** The sheet the cell is on. */
  readonly sheet: string;
  /** A1 address on that sheet. */
  readonly address: string;
  readonly style: MarkStyle;
  /** The note text (plain text; several findings on separate lines). */
  readonly note: string;
}

/** A note that could not go on its cell because the user's own note is there. */
export interface DisplacedNote {
  readonly sheet: string;
  readonly address: string;
  readonly note: string;
}

/** Everything a check adds to a workbook, host-neutral: applied by the Office.js and ExcelJS adapters. */
export interface AnnotationPlan {
  readonly version: 1;
  /** The sheets the marks are on (the checked sheet first; a county kept by level has several). */
  readonly dataSheets: readonly string[];
  /** Cells to highlight; `note` is empty where the user's own note is kept. */
  readonly marks: readonly CellMark[];
  /** Result sheets to add, in order. */
  readonly sheets: readonly ResultSheet[];
  /** Notes moved to the results because the cell already had the user's note. */
  readonly displaced: readonly DisplacedNote[];
  /** Highlighted cells left without a note because of {@link MAX_NOTES}. */
  readonly notesOmitted: number;
}

/** Options of {@link buildPlan}. */
export interface PlanOptions {
  /** Cells that already carry a user's note, as {@link noteKey}s. */
  readonly occupiedNotes?: ReadonlySet<string>;
  /** The check's time (ISO), for the stamp. */
  readonly checkedAt: string;
  /** The product version, for the stamp. */
  readonly version: string;
  /** At most this many notes (default {@link MAX_NOTES}). */
  readonly maxNotes?: number;
  /** What the file was before the check read it (an .xls read through an .xlsx copy), for 检查信息. */
  readonly source?: string;
}

/**
 * At most this many notes per check. Beyond it the cells are still highlighted and their
 * explanations stay in the result sheets: Excel slows down with tens of thousands of notes, and a
 * province's sheet would otherwise carry one per flagged cell (over 60 000 for 20 000 schools).
 * Notes go first to data problems, then failing schools, unmet indicators, guarantee checks and
 * excluded units.
 */
export const MAX_NOTES = 2_000;

/**
 * Addresses per conditional-format rule: a style's cells are covered by rules of at most this many
 * addresses, the same in every host (a province's thousands of cells in one range reference would
 * be more than Excel's range handling is known to take).
 */
export const ADDRESSES_PER_RULE = 400;

/**
 * The key of a cell in {@link PlanOptions.occupiedNotes}.
 *
 * @param sheet - The sheet.
 * @param address - The A1 address.
 * @returns The key.
 */
export function noteKey(sheet: string, address: string): string {
  return `${sheet}\u0000${address}`;
}

/**
 * The plan's highlighted addresses of one sheet per style, in the order of its marks.
 *
 * @param plan - The plan.
 * @param sheet - The sheet.
 * @returns Addresses per style.
 */
export function highlightsOf(plan: Pick<AnnotationPlan, "marks">, sheet: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of plan.marks) if (m.sheet === sheet) (out[m.style] ??= []).push(m.address);
  return out;
}

/**
 * A style's addresses in groups of {@link ADDRESSES_PER_RULE}.
 *
 * @param addresses - The addresses.
 * @returns The groups, in order.
 */
export function ruleGroups(addresses: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < addresses.length; i += ADDRESSES_PER_RULE) out.push(addresses.slice(i, i + ADDRESSES_PER_RULE));
  return out;
}

/** The prefix of every note the add-in writes, so users (and the adapters) tell ours from theirs. */
export const NOTE_PREFIX = "【优质均衡检查】";

const GUARANTEE_FIELDS: Readonly<Record<GuaranteeCheckId, readonly FieldId[]>> = {
  musicRooms: ["musicRooms"],
  artRooms: ["artRooms"],
  musicRoomArea: ["musicRoomArea"],
  artRoomArea: ["artRoomArea"],
  schoolSize: ["students"],
  classSize: ["largestClass", "oversizeClasses"],
  smallSchoolFunding: ["publicFunds"],
  specialFunding: ["publicFunds"],
  certification: ["certifiedTeachers"],
};

/**
 * Builds the annotation plan of a successful check: highlights with notes on the data sheet
 * (failing schools, unmet indicators' source cells, excluded units, data problems, failed
 * guarantee checks) and the result sheets. Pure: the same outcome gives the same plan.
 *
 * @param outcome - A successful check.
 * @param options - Cells with the user's notes, time and version for the stamp.
 * @returns The plan.
 */
export function buildPlan(outcome: CheckSuccess, options: PlanOptions): AnnotationPlan {
  // Per cell: its styles as bits (by STYLE_PRIORITY), its lines. A line is worded only when its
  // cell gets a note (at most MAX_NOTES of a province's tens of thousands of marked cells).
  type Line = string | (() => string);
  const found = new Map<string, { sheet: string; address: string; styles: number; lines: Line[] }>();
  const words = (lines: readonly Line[]): string[] => lines.map((l) => (typeof l === "string" ? l : l()));
  const add = (ref: CellRef, style: MarkStyle, line: Line): void => {
    const key = noteKey(ref.sheet, ref.address);
    const m = found.get(key);
    const bit = 1 << STYLE_PRIORITY.indexOf(style);
    if (!m) {
      found.set(key, { sheet: ref.sheet, address: ref.address, styles: bit, lines: [line] });
      return;
    }
    m.styles |= bit;
    if (!m.lines.includes(line)) m.lines.push(line);
  };
  const schoolById = new Map(outcome.read.schools.map((s) => [s.record.id, s]));
  const name = (s: ReadSchool, level: Level): CellRef =>
    s.nameCells.find((c) => c.sheet === s.sheetOf(level)) ?? s.nameCells[0] ?? { sheet: s.sheet, address: s.nameCell };

  const unitsPerSchool = new Map<string, number>();
  for (const u of outcome.result.units) unitsPerSchool.set(u.schoolId, (unitsPerSchool.get(u.schoolId) ?? 0) + 1);
  for (const u of outcome.result.units) {
    const s = schoolById.get(u.schoolId);
    if (!s) continue;
    const level = LEVEL_NAMES[u.level];
    const multi = (unitsPerSchool.get(u.schoolId) ?? 0) > 1;
    const tag = multi ? `${level}：` : "";
    const nameCell = name(s, u.level);
    if (u.excluded) {
      add(nameCell, "excluded", `${tag}不参评：${u.reason}`);
      continue;
    }
    if (u.pass === false) {
      add(nameCell, "fail-school", () => {
        // Short enough for its box: the count and the gaps; each unmet figure has its own cell's
        // note, and the whole reason is in 达标结果. A data error is said in full.
        if (u.errors.length > 0) return `${level}未判定：${u.reason.replace(/^数据有误，无法判定：/, "")}`;
        const gaps = gapSummary(u);
        const head = u.reason.replace(/^未达标：/, "").split("；")[0] ?? "";
        return `${level}未达标：${head}${gaps ? `；${gaps}` : ""}（详见“达标结果”）`;
      });
    }
    // Most units meet all seven: nothing to mark, and no view of their results is made.
    if (u.metCount === INDICATORS.length || !u.indicators) continue;
    for (const d of INDICATORS) {
      const r = u.indicators[d.id];
      if (r.meets) continue;
      const cells = s.indicatorCells(d.id, u.level);
      const line = (): string => `${tag}${unmetSentence(r)}${u.pass ? "（该校仍达标：6项达标且不低于85%）" : ""}`;
      if (cells.length === 0) add(nameCell, "unmet", line);
      for (const c of cells) add(c, "unmet", line);
    }
  }
  for (const g of outcome.result.guarantee.failing) {
    const s = schoolById.get(g.schoolId);
    if (!s) continue;
    const cells = GUARANTEE_FIELDS[g.id].flatMap((f) => s.fieldCells(f));
    const line = `${GUARANTEE_NAMES[g.id]}不达标：${g.message}`;
    if (cells.length === 0) add({ sheet: s.sheet, address: s.nameCell }, "guarantee", line);
    for (const c of cells) add(c, "guarantee", line);
  }
  for (const p of outcome.read.problems) {
    if (p.severity === "info") continue;
    add({ sheet: p.sheet, address: p.cell }, "problem", p.message);
  }

  const occupied = options.occupiedNotes ?? new Set<string>();
  const maxNotes = options.maxNotes ?? MAX_NOTES;
  // The strongest style of each cell (lowest bit), and the cells in address order.
  const sheetOrder = new Map(outcome.sheets.map((name, i) => [name, i]));
  const flagged = [...found.values()].map((m) => ({
    key: noteKey(m.sheet, m.address),
    sheet: m.sheet,
    address: m.address,
    order: (sheetOrder.get(m.sheet) ?? 0) * 2 ** 40 + addressOrder(m.address),
    lines: m.lines,
    rank: 31 - Math.clz32(m.styles & -m.styles),
  }));
  flagged.sort((a, b) => a.order - b.order);
  // Which cells get a note when there are more than maxNotes: by style priority, then address.
  const candidates = flagged.filter((m) => !occupied.has(m.key));
  const noted =
    candidates.length <= maxNotes
      ? new Set(candidates.map((m) => m.key))
      : new Set(
          [...candidates]
            .sort((a, b) => a.rank - b.rank || a.order - b.order)
            .slice(0, maxNotes)
            .map((m) => m.key),
        );
  const marks: CellMark[] = [];
  const displaced: DisplacedNote[] = [];
  let notesOmitted = 0;
  for (const m of flagged) {
    const style = STYLE_PRIORITY[m.rank] as MarkStyle;
    const at = { sheet: m.sheet, address: m.address };
    if (occupied.has(m.key)) {
      displaced.push({ ...at, note: words(m.lines).join("；") });
      marks.push({ ...at, style, note: "" });
    } else if (noted.has(m.key)) {
      marks.push({ ...at, style, note: `${NOTE_PREFIX}\n${words(m.lines).join("\n")}` });
    } else {
      notesOmitted += 1;
      marks.push({ ...at, style, note: "" });
    }
  }
  return {
    version: 1,
    dataSheets: outcome.sheets,
    marks,
    displaced,
    notesOmitted,
    sheets: resultSheets(outcome, displaced, options, { notes: noted.size, omitted: notesOmitted }),
  };
}
