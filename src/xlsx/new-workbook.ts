import type ExcelJS from "exceljs";
import type { FormulaSheet } from "../plan/checklist-sheet";

/**
 * ExcelJS, for the workbooks the product creates from nothing (the demo county, the 评估清单 and
 * 推进规划 template, the CLI's roll-up). Users' own workbooks are never read or written through it:
 * they go through the part-level package code.
 */

/**
 * Loads ExcelJS when a command needs it (it takes longer to load than a county takes to check).
 *
 * @returns The ExcelJS module.
 */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  const m = (await import(/* webpackChunkName: "exceljs" */ "exceljs")) as unknown as { default?: typeof ExcelJS } & typeof ExcelJS;
  return m.default ?? m;
}

/**
 * Adds a sheet of values and live formulas (the 评估清单, the 推进规划 template) to a workbook.
 * Input cells are tinted; 是/否 cells get a drop-down list.
 *
 * @param wb - The workbook.
 * @param sheet - The sheet.
 * @returns The name used (a suffix is added when the name is taken).
 */
export function writeFormulaSheet(wb: ExcelJS.Workbook, sheet: FormulaSheet): string {
  let name = sheet.name;
  for (let i = 2; wb.getWorksheet(name); i++) name = `${sheet.name}(${i})`;
  const ws = wb.addWorksheet(name);
  ws.columns = sheet.widths.map((w) => ({ width: w }));
  for (const c of sheet.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    if (c.formula !== undefined) cell.value = { formula: c.formula };
    else if (c.value !== undefined && c.value !== "") cell.value = c.value;
    if (c.numFmt) cell.numFmt = c.numFmt;
    if (c.bold) cell.font = { bold: true };
    if (c.input) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    cell.alignment = { wrapText: c.col === 1, vertical: "middle" };
  }
  for (const l of sheet.lists) {
    ws.getCell(l.ref).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`"${l.choices.join(",")}"`],
      showErrorMessage: true,
      error: `请选择：${l.choices.join("或")}`,
    };
  }
  return name;
}
