import ExcelJS from "exceljs";
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, clearFile, CheckFileError } from "../../src/xlsx/check-file";
import { compoundFile } from "../support/compound";
import { writeSettings } from "../support/settings";
import { LAYOUTS } from "../fixtures/layouts";
import { addSheet, xlsxOf } from "../fixtures/make-xlsx";

const tmp = process.env.YZJH_TMP ?? mkdtempSync(path.join(os.tmpdir(), "yzjh-"));
const layout = (id: string) => {
  const l = LAYOUTS.find((x) => x.id === id);
  if (!l) throw new Error(id);
  return l;
};

async function fileOf(id: string): Promise<string> {
  const l = layout(id);
  const file = path.join(tmp, `${id}.xlsx`);
  await fs.writeFile(file, await xlsxOf(l.sheetName, l.rows, l.merges));
  return file;
}

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe("checkFile round trip", () => {
  it("writes an annotated copy with notes, highlights and result sheets, leaving the input untouched", async () => {
    const input = await fileOf("flat-basic");
    const before = await fs.readFile(input);
    const r = await checkFile(input, { now: new Date("2026-01-01T00:00:00Z") });
    expect(await fs.readFile(input)).toEqual(before);
    expect(r.output).toBe(path.join(tmp, "flat-basic.检查结果.xlsx"));
    const wb = await open(r.output);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "2024年基础数据",
      "达标结果",
      "差异系数",
      "缺口汇总",
      "保障程度",
      "数据问题",
      "检查信息",
      "_yzjh",
    ]);
    expect(wb.getWorksheet("_yzjh")?.state).toBe("veryHidden");
    const data = wb.getWorksheet("2024年基础数据");
    // the teaching point (27 students) is excluded, with a note on its name cell
    const note = data?.getCell("A6").note;
    expect(typeof note === "string" ? note : JSON.stringify(note)).toContain("教学点学生不足50人");
    // values unchanged
    expect(data?.getCell("C4").value).toBe(1532);
  });
});

describe("checkFile on bad files", () => {
  it("refuses a file that is not an xlsx, naming it", async () => {
    const bad = path.join(tmp, "corrupt.xlsx");
    await fs.writeFile(bad, "this is not a zip");
    await expect(checkFile(bad)).rejects.toThrow(CheckFileError);
    await expect(checkFile(bad)).rejects.toThrow(/corrupt\.xlsx：不是 Excel 工作簿/);
  });

  it("refuses a password-protected (OLE) file with a clear message", async () => {
    const ole = path.join(tmp, "locked.xlsx");
    await fs.writeFile(ole, compoundFile(["EncryptionInfo", "EncryptedPackage"]));
    await expect(checkFile(ole)).rejects.toThrow(/设置了打开密码/);
  });

  it("names the missing columns and writes no output", async () => {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, "表1", [
      ["学校名称", "在校生数"],
      ["一小", 300],
    ]);
    const f = path.join(tmp, "missing.xlsx");
    await wb.xlsx.writeFile(f);
    await expect(checkFile(f)).rejects.toThrow(/缺少必需的列：高于规定学历教师数/);
    await expect(fs.stat(path.join(tmp, "missing.检查结果.xlsx"))).rejects.toThrow();
  });
});

describe("clearFile", () => {
  it("gives back the original cells and notes", async () => {
    const input = await fileOf("consolidated-3row");
    const r = await checkFile(input);
    const cleared = path.join(tmp, "cleared.xlsx");
    await clearFile(r.output, cleared);
    const a = await open(input);
    const b = await open(cleared);
    expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
    const wa = a.worksheets[0];
    const wbk = b.worksheets[0];
    wa?.eachRow({ includeEmpty: true }, (row, n) => {
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const other = wbk?.getCell(n, c);
        expect(other?.value).toEqual(cell.value);
        expect(other?.note).toEqual(cell.note);
      });
    });
  });
});

describe("settings saved in the workbook", () => {
  it("are used by the headless check: the province's standard and the user's column correction", async () => {
    const l = LAYOUTS.find((x) => x.id === "extra-columns")!;
    const wb = new ExcelJS.Workbook();
    addSheet(wb, l.sheetName, l.rows, l.merges);
    writeSettings(wb, {
      version: 1,
      profile: { name: "某省标准", standards: { teachingArea: { primary: 5 } } },
      corrections: { [l.sheetName]: { version: 1, columns: { M: { field: "equipment", factor: 10_000 } }, branchParents: {} } },
    });
    const input = path.join(tmp, "settings.xlsx");
    await wb.xlsx.writeFile(input);
    const r = await checkFile(input);
    expect(r.report.profile).toBe("某省标准");
    const u = r.report.units[0]!;
    // 2100 ㎡ / 450 = 4.67 < 5 (the province's standard), ≥ 4.5 (the national one)
    expect(u.indicators!.teachingArea).toMatchObject({ standard: 5, meets: false });
    // M read as 万元 by the correction: 950000 × 10 000 / 450
    expect(u.indicators!.equipment.value).toBeCloseTo((950_000 * 10_000) / 450, 3);
  });
});
