import type ExcelJS from "exceljs";
import { STATE_SHEET, type WorkbookSettings } from "../../src/plan/state";

/**
 * Stores settings in a workbook made with ExcelJS the way the pane stores them (the very hidden
 * sheet, A1): test inputs of a user who saved settings in Excel.
 *
 * @param wb - The workbook.
 * @param settings - The settings.
 */
export function writeSettings(wb: ExcelJS.Workbook, settings: WorkbookSettings): void {
  const st = wb.getWorksheet(STATE_SHEET) ?? wb.addWorksheet(STATE_SHEET, { state: "veryHidden" });
  st.getCell("A1").value = JSON.stringify(settings);
}
