import type { IndicatorId, Level, SchoolRecord, StudentLevel } from "../core/types";
import type { SheetMapping } from "./mapping";
import type { FieldId } from "./vocabulary";

/**
 * What reading a sheet gives: schools with the cells behind their figures, the problems found
 * (always with their cell), the rows that are not schools.
 */

/** A cell of a sheet. */
export interface CellRef {
  readonly sheet: string;
  /** A1 address. */
  readonly address: string;
}

/** A problem found while reading, always with the cell it concerns. */
export interface ReadProblem {
  /** The sheet of the cell. */
  readonly sheet: string;
  /** A1 address, e.g. "H17". */
  readonly cell: string;
  /** 1-based worksheet row. */
  readonly row: number;
  /** error: the school cannot be evaluated; warning: read with an assumption; info: for the record. */
  readonly severity: "error" | "warning" | "info";
  /** Address, what was found, what was expected, in words. */
  readonly message: string;
}

/** A school as read from the sheet(s): the core's record and where its figures are. */
export interface ReadSchool {
  readonly record: SchoolRecord;
  /** The sheet of its (first) row. */
  readonly sheet: string;
  /** The school-name cell on that sheet. */
  readonly nameCell: string;
  /** Its name cells on every sheet it is on (one per level table of a county kept by level). */
  readonly nameCells: readonly CellRef[];
  /** The sheet holding a level's figures (the school's own sheet unless joined from level tables). */
  sheetOf(level: Level): string;
  /** Its 学校标识码, where the sheet has one. */
  readonly code: string | null;
  /**
   * The cells behind an indicator's figure for a level (for highlighting): only the columns that
   * make it (a 初中's 高学历 never names the 专科 column).
   */
  indicatorCells(id: IndicatorId, level: Level): readonly CellRef[];
  /** The cells behind a guarantee figure (students, classes, rooms …). */
  fieldCells(field: FieldId): readonly CellRef[];
  /** How the kind was known. */
  readonly kindSource: "column" | "inferred" | "name" | "levelRow";
  /** The level of the table the school was read from, when the sheet is one level's table. */
  readonly tableLevel: StudentLevel | null;
}

/** A row that is not a school, and why. */
export interface SkippedRow {
  readonly sheet: string;
  readonly row: number;
  readonly reason: "blank" | "total" | "footnote" | "branch" | "no-name" | "second-table" | "section" | "senior";
  readonly text: string;
}

/** The result of reading a sheet. */
export type ReadResult =
  | {
      readonly ok: true;
      readonly mapping: SheetMapping;
      readonly schools: readonly ReadSchool[];
      readonly problems: readonly ReadProblem[];
      readonly skipped: readonly SkippedRow[];
      /** The title rows above the header. */
      readonly preamble: readonly string[];
      /** 全县, 全区 or 全市 when the title says which, else null. */
      readonly regionWord: string | null;
      /** The level the table is about (a county kept as one sheet per level), or null. */
      readonly tableLevel: StudentLevel | null;
    }
  | {
      readonly ok: false;
      /** What stopped the reading, in words. */
      readonly message: string;
      /** The fields that are missing, by name. */
      readonly missing: readonly string[];
      /** The header texts that were seen. */
      readonly headersSeen: readonly string[];
    };

/** A problem before the sheet's name is put on it. */
export type Problem = Omit<ReadProblem, "sheet">;
/** A skipped row before the sheet's name is put on it. */
export type Skipped = Omit<SkippedRow, "sheet">;
