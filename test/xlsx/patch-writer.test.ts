import ExcelJS from "exceljs";
import { XMLValidator } from "fast-xml-parser";
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sampleCounty } from "../../src/demo/sample-county";
import { checkFile, clearFile } from "../../src/xlsx/check-file";
import { ADDRESSES_PER_RULE } from "../../src/plan/annotation-plan";
import { xmlText } from "../../src/xlsx/patch-writer";
import { entryData, readZip } from "../../src/xlsx/zip";
import { LAYOUTS } from "../fixtures/layouts";
import { addSheet, xlsxOf } from "../fixtures/make-xlsx";

const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-patch-"));
const NOW = new Date("2026-03-01T08:00:00Z");

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** JSON with keys in order (ExcelJS re-orders the keys of rich-text fonts it rewrites). */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** Everything a user sees in a workbook, as ExcelJS reads it back. */
async function seen(file: string) {
  const wb = await open(file);
  return wb.worksheets.map((ws) => {
    const cells: string[] = [];
    const notes: string[] = [];
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value;
        const shown = v instanceof Date ? v.toISOString() : typeof v === "object" && v !== null ? stable(v) : String(v);
        const bold = c.font?.bold ? " bold" : "";
        const fmt = c.numFmt && typeof v === "number" ? ` fmt=${c.numFmt}` : "";
        cells.push(`${c.address}=${shown}${bold}${fmt}`);
        const n = c.note;
        if (n) notes.push(`${c.address}:${typeof n === "string" ? n : (n.texts ?? []).map((t) => t.text).join("")}`);
      }),
    );
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings.map((cf) => ({
      ref: cf.ref.split(/\s+/).sort().join(" "),
      rules: cf.rules.map((r) => ({
        formulae: "formulae" in r ? r.formulae : [],
        fill: (r.style?.fill as ExcelJS.FillPattern | undefined)?.bgColor?.argb,
      })),
    }));
    // ExcelJS leaves out a width of 9 (its default) where the patch writes it: both read as 9 here.
    const widths = (ws.columns ?? []).map((c) => c.width ?? 9);
    return { name: ws.name, state: ws.state, cells, notes, cfs, widths };
  });
}

async function bothWriters(name: string, bytes: Buffer) {
  const input = path.join(tmp, `${name}.xlsx`);
  await fs.writeFile(input, bytes);
  const fast = await checkFile(input, { out: path.join(tmp, `${name}.patch.xlsx`), now: NOW });
  const full = await checkFile(input, { out: path.join(tmp, `${name}.exceljs.xlsx`), now: NOW, writer: "exceljs" });
  return { input, fast, full };
}

describe("the patching writer", () => {
  it("writes what the ExcelJS writer writes: sheets, values, formats, notes, highlights and state", async () => {
    // Every layout of the corpus (all hold a school table).
    for (const l of LAYOUTS) {
      const { fast, full } = await bothWriters(l.id, await xlsxOf(l.sheetName, l.rows, l.merges));
      expect(fast.writer, l.id).toBe("patch");
      expect(full.writer, l.id).toBe("exceljs");
      const a = await seen(fast.output);
      const b = await seen(full.output);
      // The CF lists are compared as sets of rules (the writers order blocks differently).
      const sortCfs = (x: typeof a) => x.map((s) => ({ ...s, cfs: [...s.cfs].sort((p, q) => p.ref.localeCompare(q.ref)) }));
      expect(sortCfs(a), l.id).toEqual(sortCfs(b));
    }
  });

  it("patches a workbook written by another program (LibreOffice Calc) as the ExcelJS writer would", async () => {
    // The demo county saved by LibreOffice: shared strings, printOptions/pageSetup/headerFooter after
    // the merged cells, the sheet behind rId2.
    const bytes = await fs.readFile(path.resolve("test/fixtures/libreoffice-county.xlsx"));
    const { fast, full } = await bothWriters("libreoffice", bytes);
    expect(fast.writer).toBe("patch");
    expect(await seen(fast.output)).toEqual(await seen(full.output));
    for (const [name, e] of readZip(await fs.readFile(fast.output))) {
      if (/\.(xml|rels|vml)$/.test(name)) expect(XMLValidator.validate(entryData(e).toString("utf8")), name).toBe(true);
    }
  });

  it("covers a style's cells with rules of at most 400 addresses, like the pane", async () => {
    const sheet = sampleCounty({ schools: 600, seed: 9 });
    const wb = new ExcelJS.Workbook();
    addSheet(wb, sheet.name, sheet.rows, sheet.merges);
    const { fast, full } = await bothWriters("many-marks", Buffer.from(await wb.xlsx.writeBuffer()));
    const a = (await seen(fast.output))[0]!;
    expect(a.cfs.some((cf) => cf.ref.split(" ").length === ADDRESSES_PER_RULE)).toBe(true);
    expect(Math.max(...a.cfs.map((cf) => cf.ref.split(" ").length))).toBe(ADDRESSES_PER_RULE);
    const b = (await seen(full.output))[0]!;
    const refs = (x: typeof a) => x.cfs.map((cf) => cf.ref).sort();
    expect(refs(a)).toEqual(refs(b));
  });

  it("copies the user's parts byte for byte and writes well-formed XML", async () => {
    const l = LAYOUTS.find((x) => x.id === "consolidated-3row")!;
    const { input, fast } = await bothWriters("bytes", await xlsxOf(l.sheetName, l.rows, l.merges));
    const before = readZip(await fs.readFile(input));
    const after = readZip(await fs.readFile(fast.output));
    const changed = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"];
    for (const [name, e] of before) {
      if (changed.includes(name)) continue;
      // Copied as stored: the same compressed bytes, not just the same content.
      expect(after.get(name)?.raw, name).toEqual(e.raw);
    }
    // The data sheet keeps its cells byte for byte: only what follows them changes.
    const text = (m: typeof before, name: string) => entryData(m.get(name)!).toString("utf8");
    expect(text(after, "xl/worksheets/sheet1.xml").split("</sheetData>")[0]).toBe(
      text(before, "xl/worksheets/sheet1.xml").split("</sheetData>")[0],
    );
    for (const [name, e] of after) {
      if (!/\.(xml|rels|vml)$/.test(name)) continue;
      expect(XMLValidator.validate(entryData(e).toString("utf8")), name).toBe(true);
    }
  });

  it("is undone by clearing: the cleared copy shows what the original showed", async () => {
    const sheet = sampleCounty({ schools: 40, seed: 3 });
    const wb = new ExcelJS.Workbook();
    addSheet(wb, sheet.name, sheet.rows, sheet.merges);
    const { input, fast } = await bothWriters("clear", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(fast.writer).toBe("patch");
    const out = path.join(tmp, "clear.cleared.xlsx");
    expect(await clearFile(fast.output, out)).toBe(true);
    expect(await seen(out)).toEqual(await seen(input));
  });

  it("leaves to ExcelJS a workbook with the user's notes on the data sheet or a previous check", async () => {
    const l = LAYOUTS.find((x) => x.id === "flat-basic")!;
    const wb = new ExcelJS.Workbook();
    addSheet(wb, l.sheetName, l.rows, l.merges).getCell("C4").note = "用户的批注";
    const { fast } = await bothWriters("user-note", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(fast.writer).toBe("exceljs");
    expect((await seen(fast.output))[0]?.notes).toContain("C4:用户的批注");
    const again = await checkFile(fast.output, { out: path.join(tmp, "again.xlsx"), now: NOW });
    expect(again.writer).toBe("exceljs");
  });

  it("writes a school name that looks like a formula as text", async () => {
    const l = LAYOUTS.find((x) => x.id === "flat-basic")!;
    const rows = l.rows.map((r) => [...r]);
    const first = rows.findIndex((r) => r[0] === "城关第一小学");
    rows[first]![0] = '=HYPERLINK("http://x","y")&"<b>"';
    const { fast } = await bothWriters("formula-name", await xlsxOf(l.sheetName, rows, l.merges));
    expect(fast.writer).toBe("patch");
    const results = (await open(fast.output)).getWorksheet("达标结果")!;
    const names: unknown[] = [];
    results.eachRow((row) => names.push(row.getCell(1).value));
    expect(names).toContain('=HYPERLINK("http://x","y")&"<b>"');
  });
});

describe("xmlText", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(xmlText('a<b>&"c"\u0001\u000bd\te')).toBe("a&lt;b&gt;&amp;&quot;c&quot;d\te");
  });
});
