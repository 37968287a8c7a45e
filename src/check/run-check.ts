import { evaluateCounty } from "../core/evaluate";
import { NATIONAL_PROFILE, type Profile } from "../core/profile";
import { buildReport, type Report } from "../core/report";
import { gapTotals, trackPlan, type GapTotal, type TrackingLine } from "../core/plan-tracking";
import type { CountyResult } from "../core/types";
import { readPlanTargets } from "../sheet/read-plan";
import type { Grid } from "../sheet/cells";
import type { MappingCorrections } from "../sheet/mapping";
import { joinLevelTables } from "../sheet/county";
import { readSheet, type ReadResult } from "../sheet/read-sheet";
import type { StudentLevel } from "../core/types";

/** What a check needs: the sheet's cells and name, the profile, the user's corrections. */
export interface CheckInput {
  readonly grid: Grid;
  readonly sheetName: string;
  readonly profile?: Profile;
  readonly corrections?: MappingCorrections;
  /** Merge each branch site into the school its name extends, as proposed, without a saved choice. */
  readonly mergeProposedBranches?: boolean;
  /** The 推进规划 sheet, when the workbook has one. */
  readonly planGrid?: Grid;
  /** The year whose plan targets are compared (default: this year). */
  readonly year?: number;
  /**
   * The workbook's other sheets, for a county kept as one table per level: when the checked sheet
   * is one level's table, the other levels' tables among these are joined to it.
   */
  readonly companions?: readonly { readonly grid: Grid; readonly sheetName: string; readonly corrections?: MappingCorrections }[];
}

/** A successful read of the sheet. */
export type SheetRead = Extract<ReadResult, { ok: true }>;

/** The outcome of one check: everything any surface shows, or why the sheet could not be read. */
export type CheckOutcome =
  | {
      readonly ok: true;
      readonly sheetName: string;
      /** Every sheet the check read (the checked sheet first; level tables joined to it after). */
      readonly sheets: readonly string[];
      /** The profile used (with the region word from the sheet's title where it names one). */
      readonly profile: Profile;
      readonly read: SheetRead;
      readonly result: CountyResult;
      readonly report: Report;
      /** The county's gaps per level and indicator. */
      readonly gaps: readonly GapTotal[];
      /** This year's plan targets against the check, when a 推进规划 sheet was given. */
      /** The 推进规划 comparison: this year's lines, and the target cells that could not be used. */
      readonly tracking: { readonly year: number; readonly lines: readonly TrackingLine[]; readonly problems: readonly string[] } | null;
    }
  | {
      readonly ok: false;
      readonly sheetName: string;
      readonly message: string;
      readonly missing: readonly string[];
      readonly headersSeen: readonly string[];
    };

/** A successful check. */
export type CheckSuccess = Extract<CheckOutcome, { ok: true }>;

/**
 * Runs the whole check on one sheet, host-free: read the sheet, evaluate every school, build the
 * report. The same function serves the task pane, the CLI and the custom functions.
 *
 * @param input - The sheet and the settings.
 * @returns The outcome.
 */
export function runCheck(input: CheckInput): CheckOutcome {
  const first = readSheet(input.grid, {
    sheetName: input.sheetName,
    ...(input.corrections ? { corrections: input.corrections } : {}),
    ...(input.mergeProposedBranches ? { mergeProposedBranches: true } : {}),
  });
  if (!first.ok)
    return { ok: false, sheetName: input.sheetName, message: first.message, missing: first.missing, headersSeen: first.headersSeen };
  const { read, sheets } = joinCounty(input, first);
  const base = input.profile ?? NATIONAL_PROFILE;
  const profile = read.regionWord && base.regionWord === NATIONAL_PROFILE.regionWord ? { ...base, regionWord: read.regionWord } : base;
  const result = evaluateCounty(
    read.schools.map((s) => s.record),
    profile,
  );
  const errors = read.problems.map((p) => ({ cell: p.cell, message: p.message, severity: p.severity, sheet: p.sheet }));
  const report = buildReport(result, input.sheetName, profile, errors, sheets);
  const year = input.year ?? new Date().getFullYear();
  const planProblems: string[] = [];
  const tracking = input.planGrid
    ? { year, lines: trackPlan(readPlanTargets(input.planGrid, planProblems), result, year), problems: planProblems }
    : null;
  return { ok: true, sheetName: input.sheetName, sheets, profile, read, result, report, gaps: gapTotals(result), tracking };
}

/**
 * The county's schools: the checked sheet's, or — when it is one level's table and the workbook
 * holds the other levels' tables — the tables joined (spec: "One table per level").
 */
function joinCounty(input: CheckInput, first: SheetRead): { read: SheetRead; sheets: string[] } {
  if (first.tableLevel === null || !input.companions || input.companions.length === 0) return { read: first, sheets: [input.sheetName] };
  const tables: { sheet: string; read: SheetRead; level: StudentLevel }[] = [
    { sheet: input.sheetName, read: first, level: first.tableLevel },
  ];
  for (const c of input.companions) {
    const r = readSheet(c.grid, { sheetName: c.sheetName, ...(c.corrections ? { corrections: c.corrections } : {}) });
    if (r.ok && r.tableLevel !== null && !tables.some((t) => t.level === r.tableLevel))
      tables.push({ sheet: c.sheetName, read: r, level: r.tableLevel });
  }
  if (tables.length === 1) return { read: first, sheets: [input.sheetName] };
  const joined = joinLevelTables(tables.map((t) => ({ sheet: t.sheet, level: t.level, schools: t.read.schools })));
  const note = {
    sheet: input.sheetName,
    cell: `A${first.mapping.headerRows[0]}`,
    row: first.mapping.headerRows[0],
    severity: "info" as const,
    message: `A${first.mapping.headerRows[0]}：各学段分表检查：${tables.map((t) => `“${t.sheet}”（${t.level === "primary" ? "小学" : t.level === "junior" ? "初中" : "高中"}）`).join("、")}按学校标识码或校名合并为一个县`,
  };
  return {
    read: {
      ...first,
      schools: joined.schools,
      problems: [note, ...tables.flatMap((t) => t.read.problems), ...joined.problems],
      skipped: tables.flatMap((t) => t.read.skipped),
      tableLevel: null,
    },
    sheets: tables.map((t) => t.sheet),
  };
}
