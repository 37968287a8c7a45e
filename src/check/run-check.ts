import { evaluateCounty } from "../core/evaluate";
import { NATIONAL_PROFILE, type Profile } from "../core/profile";
import { buildReport, type Report } from "../core/report";
import { gapTotals, trackPlan, type GapTotal, type TrackingLine } from "../core/plan-tracking";
import type { CountyResult } from "../core/types";
import { readPlanTargets } from "../sheet/read-plan";
import type { Grid } from "../sheet/cells";
import type { MappingCorrections } from "../sheet/mapping";
import { readSheet, type ReadResult } from "../sheet/read-sheet";

/** What a check needs: the sheet's cells and name, the profile, the user's corrections. */
export interface CheckInput {
  readonly grid: Grid;
  readonly sheetName: string;
  readonly profile?: Profile;
  readonly corrections?: MappingCorrections;
  /** The 推进规划 sheet, when the workbook has one. */
  readonly planGrid?: Grid;
  /** The year whose plan targets are compared (default: this year). */
  readonly year?: number;
}

/** A successful read of the sheet. */
export type SheetRead = Extract<ReadResult, { ok: true }>;

/** The outcome of one check: everything any surface shows, or why the sheet could not be read. */
export type CheckOutcome =
  | {
      readonly ok: true;
      readonly sheetName: string;
      /** The profile used (with the region word from the sheet's title where it names one). */
      readonly profile: Profile;
      readonly read: SheetRead;
      readonly result: CountyResult;
      readonly report: Report;
      /** The county's gaps per level and indicator. */
      readonly gaps: readonly GapTotal[];
      /** This year's plan targets against the check, when a 推进规划 sheet was given. */
      readonly tracking: { readonly year: number; readonly lines: readonly TrackingLine[] } | null;
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
  const read = readSheet(input.grid, input.corrections ? { corrections: input.corrections } : {});
  if (!read.ok)
    return { ok: false, sheetName: input.sheetName, message: read.message, missing: read.missing, headersSeen: read.headersSeen };
  const base = input.profile ?? NATIONAL_PROFILE;
  const profile = read.regionWord && base.regionWord === NATIONAL_PROFILE.regionWord ? { ...base, regionWord: read.regionWord } : base;
  const result = evaluateCounty(
    read.schools.map((s) => s.record),
    profile,
  );
  const errors = read.problems.map((p) => ({ cell: p.cell, message: p.message, severity: p.severity }));
  const report = buildReport(result, input.sheetName, profile, errors);
  const year = input.year ?? new Date().getFullYear();
  const tracking = input.planGrid ? { year, lines: trackPlan(readPlanTargets(input.planGrid), result, year) } : null;
  return { ok: true, sheetName: input.sheetName, profile, read, result, report, gaps: gapTotals(result), tracking };
}
