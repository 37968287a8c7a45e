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
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: sheet.titleRows }],
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${sheet.titleRows}`,
    },
  });
  ws.columns = sheet.widths.map((w) => ({ width: w }));
  // Wrapped text gets the height it needs: LibreOffice and WPS do not work it out when they open a file.
  const lines = new Map<number, number>();
  for (const c of sheet.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    if (c.formula !== undefined) cell.value = { formula: c.formula };
    else if (c.value !== undefined && c.value !== "") cell.value = c.value;
    if (c.numFmt) cell.numFmt = c.numFmt;
    if (c.bold) cell.font = { bold: true };
    if (c.input) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    cell.alignment = { wrapText: c.col === 1, vertical: "middle" };
    if (c.col === 1 && typeof c.value === "string") {
      const width = Math.max(4, (sheet.widths[1] ?? 10) - 1);
      let w = 0;
      for (const ch of c.value) w += ch.charCodeAt(0) > 0x2e7f ? 1.6 : 0.8;
      lines.set(c.row, Math.max(lines.get(c.row) ?? 1, Math.ceil(w / width)));
    }
  }
  for (const [row, n] of lines) if (n > 1) ws.getRow(row + 1).height = 15 * n;
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
