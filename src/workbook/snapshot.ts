import type { Grid } from "../sheet/cells";

/**
 * What a check reads from a workbook, whatever the host: the Office.js adapter and the file
 * adapter each give one, and the check session ({@link ./check-session}) decides everything from it.
 */

/** A sheet of the workbook. */
export interface SheetInfo {
  readonly name: string;
  readonly visibility: "visible" | "hidden" | "veryHidden";
}

/** A note on a cell, as the host gives it. */
export interface SnapshotNote {
  /** A1 address. */
  readonly address: string;
  readonly text: string;
}

/** The add-in's very hidden sheet as stored: settings in A1, the last check's record in column B. */
export interface StoredCells {
  readonly settings: unknown;
  /** Column B from B1 down to the first blank. */
  readonly state: readonly unknown[];
}

/** A workbook as the check sees it. */
export interface WorkbookSnapshot {
  /** Every sheet, in the workbook's order. */
  readonly sheets: readonly SheetInfo[];
  /** The sheet the user is on (the pane), or null (files). */
  readonly activeSheet: string | null;
  /** Whether the host can write notes (Excel without ExcelApi 1.18 cannot). */
  readonly canWriteNotes: boolean;
  /**
   * A sheet's cells.
   *
   * @param sheet - The sheet's name.
   * @returns Its values (cached results for formulas), merged areas and hidden columns.
   */
  grid(sheet: string): Promise<Grid>;
  /**
   * The notes on a sheet's cells (the user's and ours).
   *
   * @param sheet - The sheet's name.
   * @returns The notes.
   */
  notes(sheet: string): Promise<readonly SnapshotNote[]>;
  /**
   * The add-in's stored settings and record, or null when the workbook has no state sheet.
   *
   * @returns The stored cells.
   */
  stored(): Promise<StoredCells | null>;
  /**
   * Whether a sheet is protected against edits (its notes and formats cannot be written).
   *
   * @param sheet - The sheet's name.
   * @returns True when protected.
   */
  isProtected(sheet: string): Promise<boolean>;
}
