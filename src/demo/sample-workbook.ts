import { loadExcelJS } from "../xlsx/new-workbook";
import type { SampleSheet } from "./sample-county";

/** Column widths of the sample 统计表, as a bureau's sheet has them (names and headers whole). */
const WIDTHS = [24, 20, 16, 10, 9, 9, 9, 8, 8, 8, 10, 10, 10, 12, 10, 14, 12, 12, 12, 14, 12, 10, 10];

/**
 * The sample county as an .xlsx a bureau would keep: title, merged three-row header with wrapped
 * text, widths that show names and headers whole, the header frozen, printed A4 landscape.
 *
 * @param sheet - The generated sheet.
 * @returns The file's bytes.
 */
export async function sampleWorkbookBytes(sheet: SampleSheet): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: "frozen", ySplit: 5, xSplit: 1 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:5" },
  });
  sheet.rows.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== null && v !== undefined && !(typeof v === "object" && !(v instanceof Date))) ws.getCell(i + 1, j + 1).value = v;
    }),
  );
  for (const m of sheet.merges) ws.mergeCells(m);
  WIDTHS.forEach((w, j) => (ws.getColumn(j + 1).width = w));
  ws.getRow(1).font = { bold: true, size: 14 };
  for (const r of [3, 4, 5]) {
    const row = ws.getRow(r);
    row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    row.height = r === 3 ? 42 : 30;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
