import { read, type CellObject } from "@e965/xlsx";
import ExcelJS from "exceljs";
import { mkdtempSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RawCell } from "../../src/sheet/cells";
import { checkFile } from "../../src/xlsx/check-file";
import { decodeText, legacyFormat } from "../../src/xlsx/legacy-format";
import { convertToXlsx } from "../../src/xlsx/legacy-input";
import { nodeCodec } from "../../src/xlsx/node-codec";
import { odsSheets } from "../../src/xlsx/ods-visibility";
import { WorkbookPackage } from "../../src/xlsx/workbook-package";
import { LAYOUTS } from "../fixtures/layouts";
import { addSheet, xlsxOf } from "../fixtures/make-xlsx";
import { compoundFile } from "../support/compound";
import { HAS_LIBREOFFICE, HAS_OPENPYXL, inventory, libreOfficeFailures, libreOfficeSaveAs, xmlProblems } from "../support/consumers";

/**
 * Legacy workbooks (.xls, .et, .ods, web-page and XML tables saved as .xls): told from their
 * content, read through an .xlsx copy with the same verdicts as the .xlsx, and refused in Chinese
 * when they cannot be read. The LibreOffice copies are made by LibreOffice (a real producer); the
 * refusals are in test/reliability/bad-inputs.test.ts (docs/bad-inputs.md).
 */

const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-legacy-"));
const flat = LAYOUTS.find((l) => l.id === "flat-basic")!;
const consolidated = LAYOUTS.find((l) => l.id === "consolidated-3row")!;

/** A statistics system's web-page export: a plain table, one row per line. */
function htmlTable(rows: readonly (readonly RawCell[])[], charset: string | null): string {
  const cell = (v: RawCell) => (v === null || v === undefined ? "" : typeof v === "object" ? "" : String(v));
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("\n");
  const meta = charset ? `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">` : "";
  return `<html><head>${meta}<title>导出</title></head><body><table border="1">\n${body}\n</table></body></html>`;
}

/** The JSON report of a check, without what differs between two files of the same data. */
async function reportOf(file: string): Promise<unknown> {
  const r = await checkFile(file, {
    out: path.join(tmp, `${path.basename(file)}.out.xlsx`),
    force: true,
    now: new Date("2026-01-01T00:00:00Z"),
  });
  const text = JSON.stringify(r.report).replaceAll(r.report.sheet, "<sheet>");
  const { generatedAt: _t, source: _s, file: _f, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("legacyFormat", () => {
  it("tells compound files, .ods, web pages and XML tables from .xlsx and text", async () => {
    expect(legacyFormat(compoundFile(["Workbook"]), "数据.xls")).toBe("xls");
    expect(legacyFormat(compoundFile(["Workbook"]), "数据.ET")).toBe("et");
    expect(legacyFormat(new Uint8Array(await xlsxOf("表", flat.rows)), "a.xlsx")).toBeNull();
    expect(legacyFormat(new TextEncoder().encode(htmlTable(flat.rows, "utf-8")), "导出.xls")).toBe("html");
    const xml2003 =
      '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>';
    expect(legacyFormat(new TextEncoder().encode(xml2003), "导出.xls")).toBe("xml2003");
    expect(legacyFormat(new TextEncoder().encode("学校名称,在校生数\n一小,300\n"), "a.xls")).toBeNull();
    expect(legacyFormat(new Uint8Array(0), "a.xls")).toBeNull();
  });

  it.skipIf(!HAS_LIBREOFFICE)("knows LibreOffice's .ods by its stored mimetype", async () => {
    const src = path.join(tmp, "ods-src.xlsx");
    await fs.writeFile(src, await xlsxOf(flat.sheetName, flat.rows, flat.merges));
    const ods = path.join(libreOfficeSaveAs([src], "ods"), "ods-src.ods");
    expect(legacyFormat(readFileSync(ods), "ods-src.ods")).toBe("ods");
  });
});

describe("decodeText", () => {
  it("reads GBK when the page says gb2312, UTF-8 when it says nothing, and GB18030 when UTF-8 fails", () => {
    const gbk = new Uint8Array([...Buffer.from('<meta charset="gb2312">'), 0xd1, 0xa7, 0xd0, 0xa3]); // 学校 in GBK
    expect(decodeText(gbk)).toContain("学校");
    expect(decodeText(new TextEncoder().encode("<table><td>学校</td></table>"))).toContain("学校");
    // 学校名称 in GBK, no charset said: not UTF-8, so GB18030.
    expect(decodeText(new Uint8Array([...Buffer.from("<table><td>"), 0xd1, 0xa7, 0xd0, 0xa3, 0xc3, 0xfb, 0xb3, 0xc6]))).toContain(
      "学校名称",
    );
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("学校")]))).toBe("学校");
  });
});

describe("a legacy file gives the same check as its .xlsx", () => {
  it("for a web-page table in GBK saved as .xls (a statistics system's export)", async () => {
    const xlsx = path.join(tmp, "flat.xlsx");
    await fs.writeFile(xlsx, await xlsxOf(flat.sheetName, flat.rows, flat.merges));
    const page = path.join(tmp, "导出.xls");
    // Written in GBK as the systems write it: the meta says gb2312.
    await fs.writeFile(page, encodeGbk(htmlTable(flat.rows, "gb2312")));
    const r = await checkFile(page, { out: path.join(tmp, "导出.检查结果.xlsx"), force: true });
    expect(r.converted).toBe("html");
    // The page's title names the sheet (SheetJS would call it Sheet1).
    expect(r.report.sheet).toBe("导出");
    expect(await reportOf(page)).toEqual(await reportOf(xlsx));
  });

  it.skipIf(!HAS_LIBREOFFICE)("for LibreOffice's .xls and .ods of a three-row merged header", async () => {
    const xlsx = path.join(tmp, "consolidated.xlsx");
    await fs.writeFile(xlsx, await xlsxOf(consolidated.sheetName, consolidated.rows, consolidated.merges));
    const expected = await reportOf(xlsx);
    for (const format of ["xls", "ods"]) {
      const copy = path.join(libreOfficeSaveAs([xlsx], format), `consolidated.${format}`);
      expect(await reportOf(copy)).toEqual(expected);
    }
  });
});

describe("the .xlsx copy", () => {
  // Hidden columns are held to the reviewer's figures in the corpus (07-hidden-duplicate-column, as
  // .xls and .ods): here, the merges and the copy's consumers.
  it.skipIf(!HAS_LIBREOFFICE || !HAS_OPENPYXL)("keeps the merged header and opens in openpyxl and LibreOffice", async () => {
    const xlsx = path.join(tmp, "hidden.xlsx");
    await fs.writeFile(xlsx, await xlsxOf(consolidated.sheetName, consolidated.rows, consolidated.merges));
    for (const format of ["xls", "ods"]) {
      const copy = path.join(libreOfficeSaveAs([xlsx], format), `hidden.${format}`);
      const bytes = new Uint8Array(readFileSync(copy));
      const converted = await convertToXlsx(bytes, format as "xls" | "ods", nodeCodec());
      const out = path.join(tmp, `hidden.${format}.xlsx`);
      await fs.writeFile(out, converted.bytes);
      expect(xmlProblems(out)).toBe("");
      const inv = inventory(out);
      expect([...(inv.sheets[0]?.merged ?? [])].sort()).toEqual([...(consolidated.merges ?? [])].sort());
      expect(libreOfficeFailures([out])).toEqual([]);
      const pkg = await WorkbookPackage.open(converted.bytes, nodeCodec());
      expect(pkg.sheets.map((s) => s.name)).toEqual([consolidated.sheetName]);
    }
  });

  it.skipIf(!HAS_LIBREOFFICE)("keeps SheetJS's console notes on .ods number formats out of the output", async () => {
    const src = path.join(tmp, "formats.xlsx");
    await fs.writeFile(src, await xlsxOf(flat.sheetName, flat.rows, flat.merges));
    const ods = path.join(libreOfficeSaveAs([src], "ods"), "formats.ods");
    const spies = (["error", "warn", "log"] as const).map((m) => vi.spyOn(console, m));
    await convertToXlsx(new Uint8Array(readFileSync(ods)), "ods", nodeCodec());
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });
});

describe("a web page's cells", () => {
  it("keep a code's leading zero as text, give plain numbers as numbers and leave the rest as written", async () => {
    const page = htmlTable(
      [
        ["学校代码", "序号", "在校生数", "备注"],
        ["0520000001", "1", "5,600", "约300"],
      ],
      "utf-8",
    );
    const { bytes } = await convertToXlsx(new TextEncoder().encode(page), "html", nodeCodec());
    const book = read(bytes, { type: "array" });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const cells = ["A2", "B2", "C2", "D2"].map((a) => sheet[a] as CellObject | undefined);
    expect(cells.map((c) => [c?.t, c?.v])).toEqual([
      ["s", "0520000001"],
      ["n", 1],
      ["s", "5,600"],
      ["s", "约300"],
    ]);
  });
});

describe("a web page's sheet", () => {
  it("is named after the page's title, else the file", async () => {
    const names = async (html: string, file: string) => {
      const { bytes } = await convertToXlsx(new TextEncoder().encode(html), "html", nodeCodec(), file);
      return (await WorkbookPackage.open(bytes, nodeCodec())).sheets.map((s) => s.name);
    };
    expect(await names(htmlTable(flat.rows, "utf-8"), "x.xls")).toEqual(["导出"]);
    expect(await names("<table><tr><td>学校名称</td></tr></table>", "某县2024年基础数据.xls")).toEqual(["某县2024年基础数据"]);
    expect(await names("<title>a/b:c</title><table><tr><td>1</td></tr></table>", "x.xls")).toEqual(["a_b_c"]);
  });
});

describe("what a copy must not get wrong", () => {
  it("refuses a web page that hides rows or columns with display:none, or leaves out cells' end tags", async () => {
    const hidden = '<table><tr><td>学校名称</td><td style="display:none">旧值</td></tr></table>';
    await expect(convertToXlsx(new TextEncoder().encode(hidden), "html", nodeCodec())).rejects.toThrow(/隐藏的行或列（display:none）/);
    const row = "<table><tr style='display: none'><td>1</td></tr></table>";
    await expect(convertToXlsx(new TextEncoder().encode(row), "html", nodeCodec())).rejects.toThrow(/隐藏的行或列/);
    const open = "<table><tr><td>学校<td>学生<tr><td>甲小<td>120</table>";
    await expect(convertToXlsx(new TextEncoder().encode(open), "html", nodeCodec())).rejects.toThrow(/缺少结束标记/);
  });

  it("reads an XHTML page and a prefixed Excel 2003 XML table", async () => {
    const xhtml = `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>某县</title></head><body><table><tr><td>学校名称</td><td>5</td></tr></table></body></html>`;
    expect(legacyFormat(new TextEncoder().encode(xhtml), "a.xls")).toBe("html");
    const { bytes } = await convertToXlsx(new TextEncoder().encode(xhtml), "html", nodeCodec());
    expect((await WorkbookPackage.open(bytes, nodeCodec())).sheets.map((x) => x.name)).toEqual(["某县"]);
    const prefixed =
      '<?xml version="1.0"?><ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><ss:Worksheet ss:Name="学校"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="String">学校名称</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>';
    expect(legacyFormat(new TextEncoder().encode(prefixed), "a.xls")).toBe("xml2003");
  });

  it("fits a long or doubled sheet name to Excel's 31 characters", async () => {
    const long = `<title>${"某某县".repeat(12)}学校办学条件统计</title><table><tr><td>学校名称</td></tr></table>`;
    const { bytes } = await convertToXlsx(new TextEncoder().encode(long), "html", nodeCodec());
    const [name] = (await WorkbookPackage.open(bytes, nodeCodec())).sheets.map((x) => x.name);
    expect(Array.from(name ?? "")).toHaveLength(31);
    expect(name).toBe("某某县".repeat(12).slice(0, 31));
  });

  it.skipIf(!HAS_LIBREOFFICE)("keeps values, not formulas, from an .xls (the copy shows what was checked)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("学校");
    ws.getCell("A1").value = 5;
    ws.getCell("B1").value = { formula: "A1*2", result: 10 };
    const src = path.join(tmp, "formula.xlsx");
    await wb.xlsx.writeFile(src);
    const xls = path.join(libreOfficeSaveAs([src], "xls"), "formula.xls");
    const { bytes } = await convertToXlsx(new Uint8Array(readFileSync(xls)), "xls", nodeCodec());
    const pkg = await WorkbookPackage.open(bytes, nodeCodec());
    const sheetXml = (await pkg.archive.text(pkg.sheets[0]!.part!)) ?? "";
    expect(sheetXml).not.toContain("<f>");
    expect(sheetXml).toMatch(/<c r="B1"[^>]*><v>10<\/v><\/c>/);
  });

  it.skipIf(!HAS_LIBREOFFICE)("checks the visible sheet of an .ods whose hidden sheet comes first, under its name as written", async () => {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, "2023年", flat.rows).state = "hidden";
    addSheet(wb, "2024年&校区", flat.rows, flat.merges);
    // The visible sheet active, as Excel keeps it (LibreOffice shows an active sheet even if hidden).
    wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: "visible" }];
    const src = path.join(tmp, "hidden-sheet.xlsx");
    await wb.xlsx.writeFile(src);
    const ods = path.join(libreOfficeSaveAs([src], "ods"), "hidden-sheet.ods");
    const r = await checkFile(ods, { out: path.join(tmp, "hidden-sheet.检查结果.xlsx"), force: true });
    expect(r.report.sheet).toBe("2024年&校区");
    const pkg = await WorkbookPackage.open(readFileSync(r.output), nodeCodec());
    expect(pkg.sheets.filter((x) => x.name === "2023年").map((x) => x.state)).toEqual(["hidden"]);
  });
});

describe("an Excel-made web page", () => {
  it("gives the number a cell holds (x:num), not the rounded text it shows", async () => {
    const page =
      '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>' +
      "<tr><td>学校名称</td><td>生均</td><td>比例</td><td>代码</td></tr>" +
      '<tr><td>甲小</td><td class=xl65 x:num="4.49">4.5</td><td x:num="0.95">95%</td><td x:str>0520000001</td></tr>' +
      "</table></body></html>";
    const { bytes } = await convertToXlsx(new TextEncoder().encode(page), "html", nodeCodec());
    const book = read(bytes, { type: "array" });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    expect(["B2", "C2", "D2"].map((a) => (sheet[a] as CellObject | undefined)?.v)).toEqual([4.49, 0.95, "0520000001"]);
  });
});

describe("odsSheets", () => {
  it("reads hidden sheets, collapsed and filtered columns and rows with their repeats, and names as written, under any prefix", async () => {
    const content = `<?xml version="1.0"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:s="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
<office:automatic-styles>
  <s:style s:name="ta1" s:family="table"><s:table-properties t:display="true"/></s:style>
  <s:style s:name="ta2" s:family="table"><s:table-properties t:display="false"/></s:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<t:table t:name="2023年" t:style-name="ta2"><t:table-row><t:table-cell/></t:table-row></t:table>
<t:table t:name="学校&amp;校区" t:style-name="ta1">
  <t:table-column t:number-columns-repeated="2"/>
  <t:table-column t:visibility="collapse"/>
  <t:table-header-rows><t:table-row><t:table-cell/></t:table-row></t:table-header-rows>
  <t:table-row t:number-rows-repeated="3"><t:table-cell/></t:table-row>
  <t:table-row t:visibility="filter" t:number-rows-repeated="2"><t:table-cell/></t:table-row>
</t:table>
<t:table t:name="空"><t:table-column t:visibility="collapse" t:number-columns-repeated="1000"/></t:table>
</office:spreadsheet></office:body></office:document-content>`;
    const { ZipWriter, Uint8ArrayWriter, TextReader } = await import("@zip.js/zip.js");
    const w = new ZipWriter(new Uint8ArrayWriter());
    await w.add("mimetype", new TextReader("application/vnd.oasis.opendocument.spreadsheet"), { level: 0 });
    await w.add("content.xml", new TextReader(content));
    const bytes = await w.close();
    expect(await odsSheets(bytes, nodeCodec())).toEqual([
      { name: "2023年", hidden: true, columns: [], rows: [] },
      { name: "学校&校区", hidden: false, columns: [{ start: 2, end: 3 }], rows: [{ start: 4, end: 6 }] },
      { name: "空", hidden: false, columns: [{ start: 0, end: 1000 }], rows: [] },
    ]);
  });
});

/** GBK bytes of a text (Node's TextDecoder knows GBK; the encoder is built from it, by table). */
function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder("gbk");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
