import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUTS } from "../fixtures/layouts";
import { addSheet, xlsxOf } from "../fixtures/make-xlsx";
import { HAS_LIBREOFFICE, HAS_OPENPYXL, inventory, libreOfficeFailures, libreOfficeSaveAs, xmlProblems } from "../support/consumers";

const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-cli-"));
const yzjh = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.resolve("bin/yzjh.js"), ...args], { encoding: "utf8", cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const layoutFile = async (id: string, name = `${id}.xlsx`): Promise<string> => {
  const l = LAYOUTS.find((x) => x.id === id)!;
  const f = path.join(tmp, name);
  await fs.writeFile(f, await xlsxOf(l.sheetName, l.rows, l.merges));
  return f;
};

describe("yzjh check", () => {
  it("writes the annotated copy beside the input and the JSON report, exit 0", async () => {
    const input = await layoutFile("flat-basic", "县A.xlsx");
    const r = yzjh("check", input, "--json", path.join(tmp, "县A.json"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("【小学】评估单元1个，达标1个");
    expect(existsSync(path.join(tmp, "县A.检查结果.xlsx"))).toBe(true);
    const report = JSON.parse(await fs.readFile(path.join(tmp, "县A.json"), "utf8")) as { schemaVersion: number; units: unknown[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.units).toHaveLength(3);
  });

  it("exits 0 when schools fail: the verdict is not an error", async () => {
    const input = await layoutFile("consolidated-3row");
    expect(yzjh("check", input, "--quiet").code).toBe(0);
  });

  it("exits 2 naming the file for a corrupt file, with no stack trace and no output", async () => {
    const bad = path.join(tmp, "坏文件.xlsx");
    await fs.writeFile(bad, "PK not really");
    const r = yzjh("check", bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain("坏文件.xlsx：文件已损坏或不完整");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(tmp, "坏文件.检查结果.xlsx"))).toBe(false);
  });

  it("exits 2 naming the missing columns and the headers seen", async () => {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, "表", [
      ["学校名称", "在校生数", "班级数"],
      ["一小", 300, 8],
    ]);
    const f = path.join(tmp, "缺列.xlsx");
    await wb.xlsx.writeFile(f);
    const r = yzjh("check", f);
    expect(r.code).toBe(2);
    expect(r.err).toContain("缺少必需的列：高于规定学历教师数");
    expect(r.err).toContain("学校名称");
    expect(existsSync(path.join(tmp, "缺列.检查结果.xlsx"))).toBe(false);
  });

  it("rejects a profile with wrong types, naming the key", async () => {
    const input = await layoutFile("flat-basic", "县B.xlsx");
    const profile = path.join(tmp, "bad-profile.json");
    await fs.writeFile(profile, JSON.stringify({ standards: { degree: { primary: "高" } } }));
    const r = yzjh("check", input, "--profile", profile);
    expect(r.code).toBe(2);
    expect(r.err).toContain("standards.degree.primary");
  });

  it("reads a profile saved with a byte-order mark (Notepad, WPS) and refuses, in Chinese, one that is not JSON", async () => {
    const input = await layoutFile("flat-basic", "县BOM.xlsx");
    const profile = path.join(tmp, "bom-profile.json");
    await fs.writeFile(profile, "\uFEFF" + JSON.stringify({ name: "某省标准", standards: { degree: { primary: 6 } } }));
    const json = path.join(tmp, "县BOM.json");
    expect(yzjh("check", input, "--profile", profile, "--json", json, "--quiet").code).toBe(0);
    expect((JSON.parse(await fs.readFile(json, "utf8")) as { profile: string }).profile).toBe("某省标准");
    const broken = path.join(tmp, "broken-profile.json");
    await fs.writeFile(broken, '{\n  "name": "某省",\n  standards: {}\n}');
    const r = yzjh("check", input, "--profile", broken);
    expect(r.code).toBe(2);
    expect(r.err).toContain("标准配置文件不是有效的 JSON（第 3 行第 3 列附近）");
    expect(r.err).not.toMatch(/Unexpected|Expected/);
  });

  it("refuses a profile saved as GBK (Notepad's ANSI) instead of reading a garbled name", async () => {
    const input = await layoutFile("flat-basic", "县GBK.xlsx");
    const profile = path.join(tmp, "gbk-profile.json");
    // {"name":"某省标准"} with the name in GBK: C4B3 CAA1 B1EA D7BC.
    await fs.writeFile(profile, Buffer.concat([Buffer.from('{"name":"'), Buffer.from("c4b3caa1b1ead7bc", "hex"), Buffer.from('"}')]));
    const r = yzjh("check", input, "--profile", profile);
    expect(r.code).toBe(2);
    expect(r.err).toContain("标准配置文件不是 UTF-8 编码");
  });

  it("asks to confirm a standard far from the national one, and takes it when the file says confirmed", async () => {
    const input = await layoutFile("flat-basic", "县45.xlsx");
    const profile = path.join(tmp, "far-profile.json");
    await fs.writeFile(profile, JSON.stringify({ name: "某县", standards: { teachingArea: { primary: 45 } } }));
    const r = yzjh("check", input, "--profile", profile);
    expect(r.code).toBe(2);
    expect(r.err).toContain("45 是国家标准 4.5 的 10 倍");
    expect(r.err).toContain('"confirmed": true');
    await fs.writeFile(profile, JSON.stringify({ name: "某县", standards: { teachingArea: { primary: 45 } }, confirmed: true }));
    const json = path.join(tmp, "县45.json");
    expect(yzjh("check", input, "--profile", profile, "--json", json, "--quiet").code).toBe(0);
  });

  it("does not judge a school whose branch site waits to be merged, and merges it as proposed with --merge-branches", async () => {
    const input = await layoutFile("branches", "县校区.xlsx");
    const json = path.join(tmp, "县校区.json");
    type R = { units: { school: string; students: number; pass: boolean | null; errors: string[] }[] };
    expect(yzjh("check", input, "--json", json, "--out", path.join(tmp, "a.xlsx"), "--quiet").code).toBe(0);
    const before = (JSON.parse(await fs.readFile(json, "utf8")) as R).units.find((u) => u.school === "中心小学")!;
    expect(before.pass).toBe(false);
    expect(before.errors.join("")).toContain("校区“中心小学东校区”（第3行）尚未确认并入");
    expect(yzjh("check", input, "--merge-branches", "--json", json, "--out", path.join(tmp, "b.xlsx"), "--quiet", "--force").code).toBe(0);
    // 800 + 200 students; 40 + 10 teachers: 5 per 100, and so on; the merged school meets all seven.
    const after = (JSON.parse(await fs.readFile(json, "utf8")) as R).units.find((u) => u.school === "中心小学")!;
    expect([after.students, after.pass, after.errors]).toEqual([1000, true, []]);
  });

  it("applies a valid profile", async () => {
    const input = await layoutFile("flat-basic", "县C.xlsx");
    const profile = path.join(tmp, "profile.json");
    await fs.writeFile(profile, JSON.stringify({ name: "某省标准", standards: { degree: { primary: 6 } } }));
    const json = path.join(tmp, "县C.json");
    expect(yzjh("check", input, "--profile", profile, "--json", json, "--quiet").code).toBe(0);
    const report = JSON.parse(await fs.readFile(json, "utf8")) as {
      profile: string;
      units: { indicators: { degree: { standard: number; meets: boolean } } | null }[];
    };
    expect(report.profile).toBe("某省标准");
    expect(report.units[0]!.indicators!.degree).toMatchObject({ standard: 6, meets: false }); // 5.22 < 6
  });

  it("checks a folder and writes a roll-up", async () => {
    const dir = path.join(tmp, "地市");
    await fs.mkdir(dir);
    for (const id of ["flat-basic", "old-template"]) {
      const l = LAYOUTS.find((x) => x.id === id)!;
      await fs.writeFile(path.join(dir, `${id}.xlsx`), await xlsxOf(l.sheetName, l.rows, l.merges));
    }
    const out = path.join(tmp, "结果");
    const r = yzjh("check", dir, "--out", out, "--json", out);
    expect(r.code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual([
      "flat-basic.report.json",
      "flat-basic.检查结果.xlsx",
      "old-template.report.json",
      "old-template.检查结果.xlsx",
      "汇总.xlsx",
    ]);
    expect(r.out).toContain("已检查2个工作簿");
  });

  it.skipIf(!HAS_LIBREOFFICE || !HAS_OPENPYXL)(
    "checks an .xls through an .xlsx copy, says so, leaves the .xls as it was, and the copy opens in openpyxl and LibreOffice",
    async () => {
      const xlsx = await layoutFile("flat-basic", "县B.xlsx");
      const xls = path.join(libreOfficeSaveAs([xlsx], "xls"), "县B.xls");
      const before = await fs.readFile(xls);
      const r = yzjh("check", xls, "--quiet");
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain("注意：县B.xls：原文件是 Excel 97-2003 工作簿（.xls），不能原样标注：已转成 .xlsx 副本再检查和标注");
      const out = path.join(path.dirname(xls), "县B.检查结果.xlsx");
      expect(r.out).toContain(`已写出：${out}`);
      expect(await fs.readFile(xls)).toEqual(before);
      // The copy says what it was made from, for a colleague who opens it without the add-in.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const info = wb.getWorksheet("检查信息")!;
      const row = info.getRows(1, info.rowCount)!.find((r) => r.getCell(1).value === "原文件");
      expect(row?.getCell(2).value).toMatch(/^县B\.xls：原文件是 Excel 97-2003 工作簿（\.xls），不能原样标注/);
      const plain = new ExcelJS.Workbook();
      await plain.xlsx.readFile(path.join(tmp, "县A.检查结果.xlsx"));
      const plainInfo = plain.getWorksheet("检查信息")!;
      expect(plainInfo.getRows(1, plainInfo.rowCount)!.some((r) => r.getCell(1).value === "原文件")).toBe(false);
      expect(xmlProblems(out)).toBe("");
      expect(inventory(out).sheets.map((s) => s.name)).toContain("达标结果");
      expect(libreOfficeFailures([out])).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!HAS_LIBREOFFICE)(
    "checks the .xls, .et and .ods in a folder with its .xlsx: same-named files kept apart, a file it cannot read listed as 未检查",
    async () => {
      const dir = path.join(tmp, "旧格式");
      await fs.mkdir(dir);
      const src = await layoutFile("flat-basic", "源.xlsx");
      await fs.copyFile(path.join(libreOfficeSaveAs([src], "xls"), "源.xls"), path.join(dir, "甲.xls"));
      await fs.copyFile(path.join(dir, "甲.xls"), path.join(dir, "乙.et"));
      await fs.copyFile(path.join(libreOfficeSaveAs([src], "ods"), "源.ods"), path.join(dir, "丙.ods"));
      await fs.copyFile(src, path.join(dir, "丁.xlsx"));
      await fs.copyFile(path.join(dir, "甲.xls"), path.join(dir, "丁.xls"));
      await fs.copyFile(src, path.join(dir, "丁.检查结果.xlsx"));
      await fs.writeFile(path.join(dir, "戊.xls"), "学校名称,在校生数\n一小,300\n");
      await fs.writeFile(path.join(dir, "说明.txt"), "不是工作簿");
      const out = path.join(tmp, "旧格式结果");
      const r = yzjh("check", dir, "--out", out, "--json", out);
      expect(r.code).toBe(2);
      expect(r.err).toContain("戊.xls：不是 Excel 工作簿");
      expect((await fs.readdir(out)).sort()).toEqual(
        [
          "丁.report.json",
          "丁.xls.report.json",
          "丁.xls.检查结果.xlsx",
          "丁.检查结果.xlsx",
          "丙.report.json",
          "丙.检查结果.xlsx",
          "乙.report.json",
          "乙.检查结果.xlsx",
          "汇总.xlsx",
          "甲.report.json",
          "甲.检查结果.xlsx",
        ].sort(),
      );
      expect(r.out).toContain("已检查5个工作簿，1个未能检查（原因见上，汇总中标为“未检查”）");
      expect(r.out).toContain("注意：乙.et：原文件是 WPS 表格（.et）");
      expect(r.out).toContain("注意：丙.ods：原文件是开放文档表格（.ods）");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, "汇总.xlsx"));
      const rows = wb.getWorksheet("汇总")!.getSheetValues().slice(2) as unknown[][];
      const byName = new Map(rows.map((row) => [row[1], row]));
      expect(byName.get("戊.xls")?.[8]).toBe("未检查");
      expect(byName.get("戊.xls")?.[10]).toMatch(/^不是 Excel 工作簿/);
      expect(byName.get("甲.xls")?.[10]).toBe("由旧格式文件转成的 .xlsx 副本检查");
      expect(byName.get("丁.xlsx")?.[10]).toBeFalsy();
    },
    120_000,
  );

  it("keeps apart two folders' workbooks of the same name checked into one --out folder", async () => {
    for (const d of ["甲区", "乙区"]) {
      await fs.mkdir(path.join(tmp, d), { recursive: true });
      await layoutFile("flat-basic", path.join(d, "县C.xlsx"));
    }
    const out = path.join(tmp, "两区结果");
    const r = yzjh("check", path.join(tmp, "甲区"), path.join(tmp, "乙区"), "--out", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual(["乙区-县C.检查结果.xlsx", "县C.检查结果.xlsx", "汇总.xlsx"].sort());
  });

  it("says a bad option in Chinese and shows the usage for check --help", () => {
    const bad = yzjh("check", "--bogus", "a.xlsx");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("错误：未知选项“--bogus”");
    expect(bad.err).not.toMatch(/Unknown option|positional/);
    const missing = yzjh("check", "a.xlsx", "--out");
    expect(missing.err).toContain("选项“--out”缺少取值");
    const help = yzjh("check", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("用法：");
  });

  it("refuses to write over its input", async () => {
    const input = await layoutFile("flat-basic", "县D.xlsx");
    const r = yzjh("check", input, "--out", input);
    expect(r.code).toBe(2);
    expect(r.err).toContain("输出文件不能与输入文件相同");
  });

  it("prints usage for an unknown command with exit 2", () => {
    const r = yzjh("frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toContain("用法");
  });
});

describe("outputs are never overwritten without --force", () => {
  it("check refuses an existing copy (exit 2, the file named, untouched) and replaces it with --force", async () => {
    const input = await layoutFile("flat-basic", "县E.xlsx");
    const out = path.join(tmp, "县E.检查结果.xlsx");
    await fs.writeFile(out, "mine");
    const r = yzjh("check", input, "--quiet");
    expect(r.code).toBe(2);
    expect(r.err).toContain("县E.检查结果.xlsx：文件已存在，未覆盖（如需覆盖请加 --force）");
    expect(await fs.readFile(out, "utf8")).toBe("mine");
    expect(yzjh("check", input, "--quiet", "--force").code).toBe(0);
    expect((await fs.readFile(out)).subarray(0, 2).toString()).toBe("PK");
  });

  it("checklist keeps a checklist the user filled in, unless --force", async () => {
    const out = path.join(tmp, "已填的清单.xlsx");
    await fs.writeFile(out, "filled in");
    const r = yzjh("checklist", "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("已填的清单.xlsx：文件已存在，未覆盖（其中可能已有填写的内容；如需覆盖请加 --force）");
    expect(await fs.readFile(out, "utf8")).toBe("filled in");
    expect(yzjh("checklist", "--out", out, "--force").code).toBe(0);
  });

  it("a folder in the way is said in Chinese, with no stack trace", async () => {
    const input = await layoutFile("flat-basic", "县D.xlsx");
    await fs.mkdir(path.join(tmp, "县D.检查结果.xlsx"), { recursive: true });
    const r = yzjh("check", input, "--quiet", "--force");
    expect(r.code).toBe(2);
    expect(r.err).toContain("县D.检查结果.xlsx：无法写入：同名文件夹已存在");
    expect(r.err).not.toMatch(/EISDIR|\n\s+at /);
  });
});

describe("yzjh checklist", () => {
  it("writes the checklist with formulas and the plan template, filled from a check", async () => {
    const input = await layoutFile("flat-basic", "县E.xlsx");
    const out = path.join(tmp, "清单.xlsx");
    const r = yzjh("checklist", "--out", out, "--check", input, "--start", "2025", "--years", "3");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["评估清单", "推进规划"]);
    const sheet = wb.getWorksheet("评估清单")!;
    let formulas = 0;
    let lists = 0;
    sheet.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (c) => {
        if (c.formula) formulas += 1;
        if (c.dataValidation?.type === "list") lists += 1;
      }),
    );
    expect(formulas).toBeGreaterThan(40);
    expect(lists).toBe(20); // 8 guarantee + 6 quality 是/否 items + 6 veto items
    // resource rows filled from the check: flat-basic passes
    const filled: string[] = [];
    const text = (v: ExcelJS.CellValue): string => (typeof v === "string" ? v : "");
    sheet.eachRow((row) => {
      if (text(row.getCell(2).value).startsWith("每百名学生拥有高于规定学历教师数"))
        filled.push(text(row.getCell(3).value), text(row.getCell(6).value));
    });
    expect(filled[0]).toBe("达标");
    expect(filled[1]).toContain("全区5.22人，达标1/1");
    expect(wb.getWorksheet("推进规划")!.getCell("E2").value).toBe("2025年");
  });

  it("refuses a bad year", () => {
    expect(yzjh("checklist", "--start", "abc").code).toBe(2);
  });
});

describe("yzjh demo", () => {
  it("generates a sample county of the size asked for, checks it, and refuses a size that is not a number", async () => {
    const dir = path.join(tmp, "demo-300");
    const r = yzjh("demo", "--out", dir, "--schools", "300");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(await fs.readFile(path.join(dir, "示例县2024.report.json"), "utf8")) as { units: { school: string }[] };
    // 300 schools: nine-year and twelve-year schools give two units, a few kinds none.
    expect(new Set(report.units.map((u) => u.school)).size).toBeGreaterThan(250);
    const bad = yzjh("demo", "--out", dir, "--schools", "abc");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--schools 应为1到200000之间的整数，收到“abc”");
  });
});
