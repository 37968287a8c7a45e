/**
 * One test per row of docs/bad-inputs.md, with the same id.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import "../support/fake-excel.js";
import { loadProfile } from "../../src/core/profile";
import { checkActiveSheet } from "../../src/excel/excel-check";
import { buildPlan } from "../../src/plan/annotation-plan";
import type { RawCell } from "../../src/sheet/cells";
import { readSheet } from "../../src/sheet/read-sheet";
import { checkFile, CheckFileError, fileError } from "../../src/xlsx/check-file";
import { writeSettings } from "../support/settings";
import { FLAT_HEADER } from "../fixtures/layouts";
import { addSheet } from "../fixtures/make-xlsx";
import { compoundFile } from "../support/compound";
import { gridOf } from "../support/grid";

const HEADER: RawCell[] = [...FLAT_HEADER];
const good = (name = "一小", students: RawCell = 500, kind: RawCell = "小学"): RawCell[] => [
  name,
  kind,
  students,
  30,
  8,
  6,
  3000,
  5000,
  1400000,
  16,
];
const read = (rows: RawCell[][], merges: string[] = []) => {
  const r = readSheet(gridOf(rows, merges));
  if (!r.ok) throw new Error(r.message);
  return r;
};
const check = (rows: RawCell[][]) => {
  const r = runCheck({ grid: gridOf(rows), sheetName: "表" });
  if (!r.ok) throw new Error(r.message);
  return r;
};
const problemAt = (rows: RawCell[][], cell: string) => read(rows).problems.find((p) => p.cell === cell);
const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-bad-"));
const fileOf = async (name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> => {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const f = path.join(tmp, name);
  await wb.xlsx.writeFile(f);
  return f;
};

const cases: Record<string, () => void | Promise<void>> = {
  "zero-students": () => {
    const r = check([HEADER, good("零生小学", 0)]);
    expect(r.result.units).toEqual([]);
    expect(r.result.ignored[0]?.reason).toContain("没有小学在校学生");
  },
  "negative-students": () => {
    const r = check([HEADER, good("负数小学", -5)]);
    expect(r.read.problems.find((p) => p.cell === "C2")?.message).toBe("C2：在校学生数为负数（-5），应不小于0");
    expect(r.result.units[0]?.pass).toBe(false);
    expect(r.result.units[0]?.reason.startsWith("数据有误")).toBe(true);
  },
  "text-pending": () => {
    const row = good();
    row[3] = "待统计";
    expect(problemAt([HEADER, row], "D2")?.message).toBe("D2：“待统计”不是数字，高于规定学历教师数应为数字（空白或“—”表示0）");
    expect(check([HEADER, row]).result.units[0]?.pass).toBe(false);
  },
  "text-approximate": () => {
    expect(problemAt([HEADER, good("一小", "约300")], "C2")?.message).toContain("“约300”不是数字");
  },
  "error-div0": () => {
    const row = good();
    row[6] = "#DIV/0!";
    expect(problemAt([HEADER, row], "G2")?.message).toContain("“#DIV/0!”不是数字");
  },
  "error-ref": () => {
    const row = good();
    row[7] = { error: "#REF!" };
    expect(problemAt([HEADER, row], "H2")?.message).toContain("“#REF!”不是数字");
  },
  "date-in-number": () => {
    const row = good();
    row[8] = new Date(Date.UTC(2024, 8, 1));
    expect(problemAt([HEADER, row], "I2")?.message).toContain("“2024-09-01（日期）”不是数字");
  },
  "boolean-in-number": () => {
    const row = good();
    row[9] = true;
    expect(problemAt([HEADER, row], "J2")?.message).toContain("“TRUE（逻辑值）”不是数字");
  },
  scientific: () => {
    const row = good();
    row[8] = "1.2E+3";
    expect(read([HEADER, row]).schools[0]?.record.indicators.equipment).toEqual({ type: "whole", amount: 1200 });
  },
  "full-width": () => {
    const row = good("一小", "１２３");
    row[3] = "1,234";
    row[6] = "2 400";
    row[7] = "3.5㎡";
    const s = read([HEADER, row]).schools[0]!.record;
    expect([s.students.primary, s.indicators.degree, s.indicators.teachingArea, s.indicators.sportsArea]).toEqual([
      123,
      { type: "whole", amount: 1234 },
      { type: "whole", amount: 2400 },
      { type: "whole", amount: 3.5 },
    ]);
  },
  "blank-dash": () => {
    const row = good();
    row[3] = null;
    row[4] = "—";
    row[5] = "-";
    row[9] = "　 ";
    row[7] = "/";
    const r = read([HEADER, row]);
    expect(r.problems).toEqual([]);
    const i = r.schools[0]!.record.indicators;
    expect([i.degree, i.backbone, i.peArt, i.sportsArea, i.multimedia]).toEqual(Array(5).fill({ type: "whole", amount: 0 }));
  },
  "duplicate-school": () => {
    const r = check([HEADER, good("一小"), good("一 小")]);
    expect(r.read.problems.find((p) => p.cell === "A3")?.message).toContain("与A2重名");
    expect(r.result.units).toHaveLength(2);
  },
  "kind-blank": () => {
    // One total student count, a name that says nothing: the level cannot be known — never a silent 小学.
    const r = read([HEADER, good("光明学校", 500, null)]);
    expect(r.schools).toHaveLength(0);
    const p = r.problems.find((x) => x.cell === "B2");
    expect(p?.severity).toBe("error");
    expect(p?.message).toContain("办学类型为空白");
    expect(p?.message).toContain("无法判断");
    // A name that says it: read with a warning on the name cell.
    const named = read([HEADER, good("光明小学", 500, null)]);
    expect(named.schools[0]?.record.kind).toBe("primary");
    expect(named.problems.find((x) => x.cell === "A2")).toMatchObject({ severity: "warning" });
  },
  "kind-unknown": () => {
    const r = read([HEADER, good("某校", 500, "民办学校")]);
    expect(r.problems.find((p) => p.cell === "B2")?.message).toContain("办学类型为“民办学校”");
    expect(r.schools).toHaveLength(0);
  },
  "nine-year-one-level": () => {
    const rows = [
      ["学校名称", "办学类型", "小学在校生数", "初中在校生数", ...HEADER.slice(3)],
      ["九年制", "九年一贯制学校", 500, 0, ...good().slice(3)],
    ];
    const r = check(rows);
    expect(r.result.units.map((u) => [u.level, u.share])).toEqual([["primary", 1]]);
    expect(r.result.units[0]?.indicators?.teachingArea.value).toBeCloseTo(6, 12);
  },
  "teaching-point-no-students": () => {
    const r = check([HEADER, good("无名教学点", null, "教学点")]);
    expect(r.result.units).toEqual([]);
    expect(r.result.ignored[0]?.reason).toContain("缺少学生数");
  },
  "merged-in-data": () => {
    const r = read([HEADER, good("甲", 500, "初级中学"), good("乙", 400, null)], ["B2:B3"]);
    expect(r.schools.map((s) => s.record.kind)).toEqual(["junior", "junior"]);
  },
  "hidden-rows": async () => {
    const f = await fileOf("hidden.xlsx", (wb) => {
      const ws = addSheet(wb, "表", [HEADER, good("显示小学"), good("隐藏小学")]);
      ws.getRow(3).hidden = true;
    });
    const r = await checkFile(f);
    expect(r.report.units.map((u) => u.school)).toEqual(["显示小学", "隐藏小学"]);
  },
  "formula-cells": async () => {
    const f = await fileOf("formula.xlsx", (wb) => {
      const ws = addSheet(wb, "表", [HEADER, good()]);
      ws.getCell("C2").value = { formula: "250*2", result: 500 };
    });
    const r = await checkFile(f);
    expect(r.report.units[0]?.students).toBe(500);
  },
  "two-tables": () => {
    const r = read([HEADER, good("甲"), [], ["二、初中学校"], HEADER, good("乙")]);
    expect(r.schools.map((s) => s.record.name)).toEqual(["甲"]);
    expect(r.problems.find((p) => p.cell === "A5")?.message).toContain("第5行起是另一张表");
  },
  "no-header": () => {
    const r = readSheet(gridOf([["某县2024年统计"], [1, 2, 3]]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain("未找到学校数据表");
    expect(!r.ok && r.headersSeen).toEqual(["A1：某县2024年统计", "A2：1", "B2：2", "C2：3"]);
  },
  "missing-column": () => {
    const r = readSheet(gridOf([HEADER.filter((h) => h !== "网络多媒体教室数"), good().slice(0, 9)]));
    expect(!r.ok && r.message).toBe("缺少必需的列：网络多媒体教室数");
  },
  "empty-formatted-rows": () => {
    const rows: RawCell[][] = [HEADER, good()];
    for (let i = 0; i < 100_000; i++) rows.push(["", null, "", "", "", "", "", "", "", ""]);
    const r = check(rows);
    expect(r.result.units).toHaveLength(1);
    expect(r.read.problems).toEqual([]);
    const plan = buildPlan(r, { checkedAt: "t", version: "v" });
    expect(plan.sheets.find((s) => s.role === "problems")?.rows).toEqual([
      ["单元格", "类别", "说明"],
      ["—", "—", "未发现数据问题"],
    ]);
  },
  "header-only": () => {
    const r = check([HEADER]);
    expect(r.result.units).toEqual([]);
    expect(buildPlan(r, { checkedAt: "t", version: "v" }).marks).toEqual([]);
  },
  "long-name": () => {
    const r = read([HEADER, good("长".repeat(500))]);
    expect(r.schools[0]?.record.name).toHaveLength(200);
    expect(r.problems.find((p) => p.cell === "A2")?.severity).toBe("info");
  },
  "formula-name": async () => {
    const names = ["=1+1", "+SUM(A1)", "-3", "@x"];
    const f = await fileOf("names.xlsx", (wb) => addSheet(wb, "表", [HEADER, ...names.map((n) => good(n))]));
    const r = await checkFile(f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.output);
    const units = wb.getWorksheet("达标结果")!;
    expect([4, 5, 6, 7].map((row) => units.getCell(row, 1).value)).toEqual(names);
    expect([4, 5, 6, 7].every((row) => units.getCell(row, 1).formula === undefined)).toBe(true);
  },
  "quoted-sheet-name": async () => {
    const name = "县'2024 数据";
    const f = await fileOf("quoted.xlsx", (wb) => addSheet(wb, name, [HEADER, good()]));
    const r = await checkFile(f, { sheet: name });
    expect(r.report.sheet).toBe(name);
  },
  "protected-sheet": async () => {
    const fake = globalThis.createFakeExcel({ sheets: [{ name: "表", rows: [HEADER, good()], protected: true }] });
    Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
    const r = await checkActiveSheet(<T>(b: (c: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, b));
    expect(!r.ok && r.message).toContain("受保护，无法写入标注");
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["表"]);
  },
  "response-too-large": async () => {
    // Every row the same long text: the values come back as one response over the (test) limit.
    const rows = [HEADER, ...Array.from({ length: 300 }, (_, i) => [`${"很长的学校名称".repeat(10)}${i}`, ...good().slice(1)])];
    const check = async (responseLimit?: number) => {
      const fake = globalThis.createFakeExcel({ sheets: [{ name: "表", rows }], ...(responseLimit ? { responseLimit } : {}) });
      Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
      const r = await checkActiveSheet(<T>(b: (c: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, b));
      return { r, syncs: fake.stats.syncs };
    };
    const plain = await check();
    const limited = await check(40_000);
    expect(limited.r.ok && plain.r.ok).toBe(true);
    if (limited.r.ok && plain.r.ok) expect(limited.r.outcome.result.units.length).toBe(plain.r.outcome.result.units.length);
    expect(limited.syncs).toBeGreaterThan(plain.syncs);
  },
  "own-sheets-present": async () => {
    const f = await fileOf("own.xlsx", (wb) => addSheet(wb, "表", [HEADER, good()]));
    const first = await checkFile(f, { out: path.join(tmp, "own-1.xlsx") });
    const second = await checkFile(first.output, { out: path.join(tmp, "own-2.xlsx") });
    expect(second.report.sheet).toBe("表");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second.output);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "表",
      "达标结果",
      "差异系数",
      "缺口汇总",
      "保障程度",
      "数据问题",
      "检查信息",
      "_yzjh",
    ]);
  },
  "users-sheet-same-name": async () => {
    const f = await fileOf("same-name.xlsx", (wb) => {
      addSheet(wb, "表", [HEADER, good()]);
      addSheet(wb, "达标结果", [["用户自己的表"]]);
    });
    const r = await checkFile(f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.output);
    expect(wb.getWorksheet("达标结果")?.getCell("A1").value).toBe("用户自己的表");
    expect(wb.getWorksheet("达标结果(2)")?.getCell("A3").value).toBe("学校名称");
  },
  "profile-wrong-types": () => {
    const r = loadProfile({ standards: { degree: { primary: "高" } } });
    expect(!r.ok && r.problems[0]).toBe("小学 每百名学生拥有高于规定学历教师数（standards.degree.primary）：应为数字，实际为“高”");
  },
  "profile-missing-keys": () => {
    const r = loadProfile({ cvLimit: { junior: 0.4 } });
    expect(r.ok && [r.profile.cvLimit, r.profile.standards.degree]).toEqual([
      { primary: 0.5, junior: 0.4 },
      { primary: 4.2, junior: 5.3 },
    ]);
  },
  "settings-corrupt": async () => {
    const f = await fileOf("settings.xlsx", (wb) => {
      addSheet(wb, "表", [HEADER, good()]);
      writeSettings(wb, { version: 1 });
      wb.getWorksheet("_yzjh")!.getCell("A1").value = '{"version":1,"corrections":{"表":{"version":2}}}';
    });
    await expect(checkFile(f)).rejects.toThrow(/工作簿中保存的设置无效/);
  },
  "corrupt-xlsx": async () => {
    const f = path.join(tmp, "corrupt.xlsx");
    await fs.writeFile(f, Buffer.from("504b0304deadbeef", "hex"));
    await expect(checkFile(f)).rejects.toThrow(CheckFileError);
  },
  "csv-input": async () => {
    const f = path.join(tmp, "学校.csv");
    await fs.writeFile(f, "学校名称,在校生数\n一小,500\n");
    await expect(checkFile(f)).rejects.toThrow(/学校\.csv：不是 Excel 工作簿.*CSV/);
  },
  "output-exists": async () => {
    const f = await fileOf("exists.xlsx", (wb) => addSheet(wb, "表", [HEADER, good()]));
    const out = path.join(tmp, "exists.out.xlsx");
    await fs.writeFile(out, "the user's own file");
    await expect(checkFile(f, { out })).rejects.toThrow(/exists\.out\.xlsx：文件已存在，未覆盖（如需覆盖请加 --force）/);
    expect(await fs.readFile(out, "utf8")).toBe("the user's own file");
    await checkFile(f, { out, force: true });
    expect((await fs.readFile(out)).subarray(0, 2).toString()).toBe("PK");
  },
  "output-is-folder": async () => {
    const f = await fileOf("folder.xlsx", (wb) => addSheet(wb, "表", [HEADER, good()]));
    const out = path.join(tmp, "a-folder.xlsx");
    await fs.mkdir(out, { recursive: true });
    await expect(checkFile(f, { out, force: true })).rejects.toThrow(/a-folder\.xlsx：无法写入：同名文件夹已存在/);
  },
  "output-parent-is-file": async () => {
    const f = await fileOf("parent.xlsx", (wb) => addSheet(wb, "表", [HEADER, good()]));
    const blocker = path.join(tmp, "not-a-folder");
    await fs.writeFile(blocker, "x");
    await expect(checkFile(f, { out: path.join(blocker, "out.xlsx") })).rejects.toThrow(/not-a-folder：无法写入：路径中有一段不是文件夹/);
    expect(await fs.readFile(blocker, "utf8")).toBe("x");
  },
  "output-locked-or-full": () => {
    // An output open in Excel (EBUSY, EPERM on Windows) or a full disk: said in Chinese with the file.
    expect(fileError(Object.assign(new Error("x"), { code: "EBUSY" }), "结果.xlsx", "写入").message).toBe(
      "结果.xlsx：无法写入：文件正在被其他程序（如 Excel、WPS）打开，请关闭后再试",
    );
    expect(fileError(Object.assign(new Error("x"), { code: "ENOSPC" }), "结果.xlsx", "写入").message).toBe(
      "结果.xlsx：无法写入：磁盘空间不足",
    );
    expect(fileError(Object.assign(new Error("x"), { code: "EPERM" }), "结果.xlsx", "写入").message).toContain("正在被其他程序");
  },
  "excel95-xls": async () => {
    const f = path.join(tmp, "旧版.xls");
    await fs.writeFile(f, compoundFile(["Book"]));
    await expect(checkFile(f)).rejects.toThrow(/旧版\.xls：文件是 Excel 95 或更早的格式.*另存为 \.xlsx/);
    await expect(fs.stat(path.join(tmp, "旧版.检查结果.xlsx"))).rejects.toThrow();
  },
  "word-as-xls": async () => {
    const f = path.join(tmp, "通知.xls");
    await fs.writeFile(f, compoundFile(["WordDocument"]));
    await expect(checkFile(f)).rejects.toThrow(/通知\.xls：这是 Word 文档，不是 Excel 工作簿/);
  },
  "damaged-xls": async () => {
    const f = path.join(tmp, "损坏.xls");
    await fs.writeFile(f, Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(100)]));
    await expect(checkFile(f)).rejects.toThrow(/损坏\.xls：文件已损坏.*另存为 \.xlsx/);
  },
  "csv-as-xls": async () => {
    const f = path.join(tmp, "名单.xls");
    await fs.writeFile(f, "学校名称,在校生数\n一小,300\n");
    await expect(checkFile(f)).rejects.toThrow(/名单\.xls：不是 Excel 工作簿.*CSV/);
  },
  "password-xlsx": async () => {
    const f = path.join(tmp, "encrypted.xlsx");
    await fs.writeFile(f, compoundFile(["EncryptionInfo", "EncryptedPackage"]));
    await expect(checkFile(f)).rejects.toThrow(/设置了打开密码/);
  },
};

describe("docs/bad-inputs.md", () => {
  const documented = [...readFileSync("docs/bad-inputs.md", "utf8").matchAll(/^\|\s*([a-z][a-z0-9-]*)\s*\|/gm)]
    .map((m) => m[1])
    .filter((id) => id !== "id");
  it("lists at least 30 inputs, each with a test here and no test without a row", () => {
    expect(documented.length).toBeGreaterThanOrEqual(30);
    expect([...documented].sort()).toEqual(Object.keys(cases).sort());
  });
  for (const [id, run] of Object.entries(cases)) it(id, run);
});
