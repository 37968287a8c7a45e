import type { ReportUnit } from "./report";
import type { ResultTable } from "./result-table";
import type { ExclusionReason, IndicatorId, IndicatorResult, Level, SchoolKind, SchoolRecord } from "./types";

/**
 * One evaluation unit (评估单元): one level of one school, with its verdict. Its seven results
 * live in the county's {@link ResultTable}; {@link indicators} shows them as a record.
 */
export class EvaluationUnit {
  readonly schoolId: string;
  readonly school: string;
  readonly sourceRow: number;
  readonly kind: SchoolKind;
  private shown: Readonly<Record<IndicatorId, IndicatorResult>> | null = null;

  /**
   * @param of - The school the unit belongs to.
   * @param level - The unit's level.
   * @param students - The level's students.
   * @param share - The level's share of whole-school resources (1 for a single-level school).
   * @param excluded - Why the unit is left out of the evaluation, or null.
   * @param table - The table holding the unit's results; null for excluded units and units whose
   *   data has errors.
   * @param row - The unit's row in `table` (-1 without one).
   * @param metCount - Indicators met, null without results.
   * @param pass - The verdict: null for excluded units, false for units with data errors.
   * @param reason - The verdict (or exclusion) in words.
   * @param errors - Data problems that kept the unit from being evaluated.
   */
  constructor(
    of: SchoolRecord,
    readonly level: Level,
    readonly students: number,
    readonly share: number,
    readonly excluded: ExclusionReason | null,
    readonly table: ResultTable | null,
    readonly row: number,
    readonly metCount: number | null,
    readonly pass: boolean | null,
    readonly reason: string,
    readonly errors: readonly string[],
  ) {
    this.schoolId = of.id;
    this.school = of.name;
    this.sourceRow = of.sourceRow;
    this.kind = of.kind;
  }

  /** The seven results (made on first use, then kept); null for excluded and unreadable units. */
  get indicators(): Readonly<Record<IndicatorId, IndicatorResult>> | null {
    if (this.table === null) return null;
    return (this.shown ??= this.table.record(this.row));
  }

  /**
   * The unit as the JSON report shows it (spec §7).
   *
   * @returns The report's fields, in the report's order.
   */
  toJSON(): ReportUnit {
    return {
      school: this.school,
      sourceRow: this.sourceRow,
      level: this.level,
      kind: this.kind,
      students: this.students,
      share: this.share,
      excluded: this.excluded,
      // Not kept: a report of a whole province is written once.
      indicators: this.shown ?? this.table?.record(this.row) ?? null,
      metCount: this.metCount,
      pass: this.pass,
      reason: this.reason,
      errors: this.errors,
    };
  }
}
