import { INDICATORS } from "./indicators";
import type { Profile } from "./profile";
import type { CountyResult, ExclusionReason, GuaranteeSummary, IndicatorId, Level, LevelSummary } from "./types";

/** A data problem as it appears in the report: the cell and what is wrong. */
export interface ReportError {
  readonly cell: string;
  readonly message: string;
  /** The sheet of the cell (added key: a county kept as one sheet per level spans several). */
  readonly sheet?: string;
}

/** One indicator of one unit in the report. */
export interface ReportIndicator {
  readonly value: number;
  readonly standard: number;
  readonly meets: boolean;
  readonly gap: number;
  readonly ratio: number;
  readonly floorGap: number;
  readonly amount: number;
  readonly assumedSplit: boolean;
}

/** One unit in the report (spec §7). */
export interface ReportUnit {
  readonly school: string;
  readonly sourceRow: number;
  readonly level: Level;
  readonly kind: string;
  readonly students: number;
  readonly share: number;
  readonly excluded: ExclusionReason | null;
  readonly indicators: Record<IndicatorId, ReportIndicator> | null;
  readonly metCount: number | null;
  readonly pass: boolean | null;
  readonly reason: string;
  readonly errors: readonly string[];
}

/** One level × indicator in the report. */
export interface ReportLevelIndicator {
  readonly aggregate: number | null;
  readonly compliant: number;
  readonly cv: number | null;
  readonly cvLimit: number;
  readonly cvPass: boolean | null;
  readonly sentence: string;
  /** Labelled comparisons, never the verdict. */
  readonly comparison: { readonly unweightedCv: number | null; readonly stdevOverAverage: number | null };
}

/** One level in the report. */
export interface ReportLevel {
  readonly units: number;
  readonly passing: number;
  readonly failing: number;
  readonly excluded: number;
  readonly pass: boolean | null;
  readonly indicators: Record<IndicatorId, ReportLevelIndicator>;
}

/** The machine-readable report (spec §7, schemaVersion 1). */
export interface Report {
  readonly schemaVersion: 1;
  readonly sheet: string;
  /** Every sheet read (added key): the checked sheet, then the level tables joined to it. */
  readonly sheets: readonly string[];
  readonly profile: string;
  readonly units: readonly ReportUnit[];
  readonly levels: Record<Level, ReportLevel>;
  readonly resourcePass: boolean | null;
  /** Per item the schools checked and failing, then the failing checks. */
  readonly guarantee: GuaranteeSummary;
  readonly ignored: CountyResult["ignored"];
  readonly errors: readonly ReportError[];
}

function reportLevel(l: LevelSummary): ReportLevel {
  const indicators = {} as Record<IndicatorId, ReportLevelIndicator>;
  for (const d of INDICATORS) {
    const s = l.indicators[d.id];
    indicators[d.id] = {
      aggregate: s.aggregate,
      compliant: s.compliant,
      cv: s.cv,
      cvLimit: s.cvLimit,
      cvPass: s.cvPass,
      sentence: s.sentence,
      comparison: { unweightedCv: s.unweightedCv, stdevOverAverage: s.sampleCv },
    };
  }
  return { units: l.units, passing: l.passing, failing: l.failing, excluded: l.excluded, pass: l.pass, indicators };
}

/**
 * Builds the machine-readable report of spec §7 from a county result. Numbers stay unrounded.
 *
 * @param result - The county result.
 * @param sheet - The name of the data sheet.
 * @param profile - The profile used.
 * @param errors - Data problems with their cell addresses.
 * @param sheets - Every sheet read (the data sheet first).
 * @returns The report, ready for `JSON.stringify`.
 */
export function buildReport(
  result: CountyResult,
  sheet: string,
  profile: Pick<Profile, "name">,
  errors: readonly ReportError[],
  sheets: readonly string[] = [sheet],
): Report {
  return {
    schemaVersion: 1,
    sheet,
    sheets,
    profile: profile.name,
    // The units themselves: each serialises as a report unit (EvaluationUnit.toJSON).
    units: result.units,
    levels: { primary: reportLevel(result.levels.primary), junior: reportLevel(result.levels.junior) },
    resourcePass: result.resourcePass,
    guarantee: result.guarantee,
    ignored: result.ignored,
    errors,
  };
}
