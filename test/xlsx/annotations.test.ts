import ExcelJS from "exceljs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, clearFile } from "../../src/xlsx/check-file";
import { FLAT_HEADER, LAYOUTS } from "../fixtures/layouts";
import { addSheet } from "../fixtures/make-xlsx";

const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-ann-"));

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function cfRules(ws: ExcelJS.Worksheet): { ref: string; formula: string }[] {
  const list = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
  return list.map((cf) => ({ ref: cf.ref, formula: cf.rules.map((r) => ("formulae" in r ? String(r.formulae?.[0]) : "")).join() }));
}

function noteText(n: ExcelJS.Cell["note"]): string {
  if (!n) return "";
  return typeof n === "string" ? n : (n.texts ?? []).map((t) => t.text).join("");
}

/** A workbook the user has worked on: a note of their own, a fill, a conditional format, a second sheet. */
async function usersWorkbook(): Promise<string> {
  const l = LAYOUTS.find((x) => x.id === "consolidated-3row")!;
  const wb = new ExcelJS.Workbook();
  const ws = addSheet(wb, l.sheetName, l.rows, l.merges);
  ws.getCell("E6").note = "研究生数含在职";
  ws.getCell("A7").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
  ws.getCell("B6").numFmt = "@";
  ws.addConditionalFormatting({
    ref: "C6:D7",
    rules: [{ type: "cellIs", operator: "greaterThan", formulae: ["900"], priority: 1, style: { font: { bold: true } } }],
  });
  addSheet(wb, "说明", [["本表由统计科填报"]]);
  const file = path.join(tmp, "users.xlsx");
  await wb.xlsx.writeFile(file);
  return file;
}

describe("annotations in the xlsx file", () => {
  it("highlights through conditional formats, notes in words, and keeps the user's own note, format and rules", async () => {
    const input = await usersWorkbook();
    const r = await checkFile(input);
    const wb = await open(r.output);
    const ws = wb.getWorksheet("教基综合")!;
    const rules = cfRules(ws);
    expect(rules).toContainEqual({ ref: "C6:D7", formula: "900" });
    expect(rules.find((x) => x.formula.includes("yzjh:fail-school"))?.ref).toBe("A6");
    // The 初中 unit misses 高学历 (64 of 研究生 + 本科): 专科 (G6) is no cause of it.
    expect(rules.find((x) => x.formula.includes("yzjh:unmet"))?.ref.split(" ")).toEqual(["E6", "F6", "R6"]);
    // E6 already had the user's note: kept, ours goes to 数据问题
    expect(noteText(ws.getCell("E6").note)).toBe("研究生数含在职");
    expect(noteText(ws.getCell("F6").note)).toContain("每百名学生拥有高于规定学历教师数 4.82人，标准5.3人");
    const problems = wb.getWorksheet("数据问题")!;
    const moved: string[] = [];
    problems.eachRow((row) => {
      const text = row.getCell(3).value;
      if (row.getCell(1).value === "E6" && typeof text === "string") moved.push(text);
    });
    expect(moved[0]).toContain("已有用户批注");
    expect(ws.getCell("A7").fill).toEqual({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } });
    expect(ws.getCell("B6").numFmt).toBe("@");
  });

  it("running the check twice leaves one set of annotations", async () => {
    const input = await usersWorkbook();
    const once = await checkFile(input, { out: path.join(tmp, "once.xlsx") });
    const twice = await checkFile(once.output, { out: path.join(tmp, "twice.xlsx") });
    const a = await open(once.output);
    const b = await open(twice.output);
    expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
    expect(cfRules(b.getWorksheet("教基综合")!)).toEqual(cfRules(a.getWorksheet("教基综合")!));
    const notes = (wb: ExcelJS.Workbook) => {
      const out: [string, string][] = [];
      wb.getWorksheet("教基综合")!.eachRow((row) => row.eachCell((c) => c.note && out.push([c.address, noteText(c.note)])));
      return out;
    };
    expect(notes(b)).toEqual(notes(a));
  });

  it("check then clear gives back the user's cells, notes, formats, rules and sheets", async () => {
    const input = await usersWorkbook();
    const r = await checkFile(input, { force: true });
    const cleared = path.join(tmp, "cleared.xlsx");
    await clearFile(r.output, cleared);
    const a = await open(input);
    const b = await open(cleared);
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual(a.worksheets.map((w) => [w.name, w.state]));
    for (const wa of a.worksheets) {
      const wbk = b.getWorksheet(wa.name)!;
      expect(cfRules(wbk)).toEqual(cfRules(wa));
      expect((wbk.model as { merges?: string[] }).merges).toEqual((wa.model as { merges?: string[] }).merges);
      wa.eachRow({ includeEmpty: true }, (row, n) =>
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const other = wbk.getCell(n, c);
          expect(other.value, cell.address).toEqual(cell.value);
          expect(noteText(other.note), cell.address).toBe(noteText(cell.note));
          expect(other.style, cell.address).toEqual(cell.style);
        }),
      );
    }
  });

  it("writes a school name beginning with = as text, never as a formula", async () => {
    const rows = [
      [...FLAT_HEADER],
      ['=HYPERLINK("http://x","点我")', "小学", 500, 30, 8, 6, 1960, 5000, 1400000, 10],
      ["+1小学", "小学", 500, 30, 8, 6, 3000, 5000, 1400000, 16],
    ];
    const wb = new ExcelJS.Workbook();
    addSheet(wb, "表", rows);
    const input = path.join(tmp, "inject.xlsx");
    await wb.xlsx.writeFile(input);
    const r = await checkFile(input);
    const out = await open(r.output);
    const units = out.getWorksheet("达标结果")!;
    expect(units.getCell("A4").value).toBe('=HYPERLINK("http://x","点我")');
    expect(units.getCell("A2").formula).toBeUndefined();
    expect(units.getCell("A5").value).toBe("+1小学");
  });
});
