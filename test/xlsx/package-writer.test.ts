import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/core/report";
import { NOTE_PREFIX } from "../../src/plan/annotation-plan";
import { checkFile, clearFile } from "../../src/xlsx/check-file";
import { HAS_LIBREOFFICE, HAS_OPENPYXL, inventory, libreOfficeFailures, xmlProblems, type Inventory } from "../support/consumers";

/**
 * The producers corpus (test/fixtures/producers: workbooks written by openpyxl, XlsxWriter,
 * LibreOffice, ExcelJS and SheetJS, with charts, images, a pivot table, tables, validation,
 * hyperlinks, names, notes, hidden and protected sheets): every file survives check, re-check and
 * clear; every output opens in openpyxl and LibreOffice; every part parses as namespace-correct
 * XML; clearing gives back every part byte for byte; nothing the user had is missing.
 */

const DIR = path.join(__dirname, "..", "fixtures", "producers");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".xlsx"))
  .sort();
const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-producers-"));
const NOW = new Date("2026-03-01T08:00:00Z");

interface Round {
  readonly input: string;
  readonly checked: string;
  readonly rechecked: string;
  readonly cleared: string;
  readonly report: Report;
}
const rounds = new Map<string, Round>();

function parts(file: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(file)))).filter(([n]) => !n.endsWith("/")));
}

beforeAll(async () => {
  for (const f of FILES) {
    const input = path.join(DIR, f);
    const base = path.join(tmp, f.replace(/\.xlsx$/, ""));
    const r1 = await checkFile(input, { out: `${base}.checked.xlsx`, now: NOW });
    const r2 = await checkFile(r1.output, { out: `${base}.rechecked.xlsx`, now: NOW });
    await clearFile(r2.output, `${base}.cleared.xlsx`, { now: NOW });
    rounds.set(f, { input, checked: r1.output, rechecked: r2.output, cleared: `${base}.cleared.xlsx`, report: r1.report });
  }
}, 240_000);

describe("the producers corpus", () => {
  it("holds every producer and feature the check must survive", () => {
    const names = FILES.join(" ");
    for (const p of [
      "openpyxl",
      "xlsxwriter",
      "libreoffice",
      "exceljs",
      "sheetjs",
      "pivot",
      "chart",
      "image",
      "comments",
      "table",
      "names",
    ])
      expect(names, p).toContain(p);
  });

  it.each(FILES)("%s: check → re-check → clear gives back every part byte for byte", (f) => {
    const r = rounds.get(f)!;
    const before = parts(r.input);
    const after = parts(r.cleared);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, bytes] of before) expect(Buffer.from(after.get(name)!).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it.each(FILES)("%s: the user's parts the check does not edit are copied unchanged", (f) => {
    const r = rounds.get(f)!;
    const before = parts(r.input);
    const checked = parts(r.checked);
    const edited = [...before.keys()].filter((n) => !Buffer.from(checked.get(n) ?? []).equals(Buffer.from(before.get(n)!)));
    // Only the workbook's lists, the styles and the data sheet (with its notes and their drawing) may change.
    for (const n of edited)
      expect(n, f).toMatch(
        /^(\[Content_Types\]\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|xl\/worksheets\/(_rels\/)?sheet1\.xml(\.rels)?|xl\/comments.*\.xml|xl\/.*\.vml)$/,
      );
    expect(edited).toContain("xl/worksheets/sheet1.xml");
  });

  it("reads the same schools and figures from every producer's file", () => {
    // 青山县实验小学 worked by hand: 1 420 students; 68, 18, 15 teachers; 7 100 ㎡; 11 360 ㎡; 355 万元; 36 rooms.
    const expected = {
      degree: 4.788732,
      backbone: 1.267606,
      peArt: 1.056338,
      teachingArea: 5,
      sportsArea: 8,
      equipment: 2500,
      multimedia: 2.535211,
    };
    const byProducer = FILES.map((f) => rounds.get(f)!.report);
    for (const [i, report] of byProducer.entries()) {
      const u = report.units.find((x) => x.school === "青山县实验小学");
      expect(u, FILES[i]).toBeDefined();
      for (const [id, v] of Object.entries(expected))
        expect(u!.indicators![id as keyof typeof expected].value, `${FILES[i]} ${id}`).toBeCloseTo(v, 5);
      expect(u!.pass, FILES[i]).toBe(true);
    }
    const key = (u: Report["units"][number]) => `${u.school}|${u.level}`;
    const first = new Map(byProducer[0]!.units.map((u) => [key(u), u]));
    for (const [i, report] of byProducer.entries())
      for (const u of report.units) {
        const same = first.get(key(u));
        if (!same) continue;
        expect(u.students, `${FILES[i]} ${key(u)}`).toBe(same.students);
        expect(u.pass, `${FILES[i]} ${key(u)}`).toBe(same.pass);
        for (const [id, r] of Object.entries(u.indicators ?? {})) {
          const other = same.indicators?.[id as keyof NonNullable<typeof u.indicators>];
          expect(r.value, `${FILES[i]} ${key(u)} ${id}`).toBeCloseTo(other?.value ?? NaN, 9);
        }
      }
  });

  it.skipIf(!HAS_OPENPYXL).each(FILES)("%s: every output parses as namespace-correct XML and opens in openpyxl", (f) => {
    const r = rounds.get(f)!;
    for (const file of [r.checked, r.rechecked, r.cleared]) {
      expect(xmlProblems(file), file).toBe("");
      expect(() => inventory(file), file).not.toThrow();
    }
  });

  it.skipIf(!HAS_OPENPYXL).each(FILES)("%s: nothing the user had is missing after the check", (f) => {
    const r = rounds.get(f)!;
    const before: Inventory = inventory(r.input);
    const after: Inventory = inventory(r.checked);
    expect(after.defined_names).toEqual(before.defined_names);
    for (const s of before.sheets) {
      const t = after.sheets.find((x) => x.name === s.name);
      expect(t, `${f} ${s.name}`).toBeDefined();
      const same = [
        "state",
        "values_sha256",
        "merged",
        "charts",
        "images",
        "data_validations",
        "hyperlinks",
        "tables",
        "pivots",
        "freeze_panes",
        "protected",
      ] as const;
      for (const k of same) expect(t![k], `${f} ${s.name} ${k}`).toEqual(s[k]);
      for (const [cell, c] of Object.entries(s.comments ?? {})) expect(t!.comments[cell], `${f} ${s.name} ${cell}`).toEqual(c);
      for (const cf of s.conditional_formats ?? []) expect(t!.conditional_formats, `${f} ${s.name}`).toContainEqual(cf);
    }
    // The check's own notes are there too, next to the user's.
    const data = after.sheets[0]!;
    expect(
      Object.values(data.comments).some((c) => c.text.startsWith(NOTE_PREFIX)),
      f,
    ).toBe(true);
  });

  it.skipIf(!HAS_OPENPYXL).each(FILES)("%s: a re-check leaves what one check leaves", (f) => {
    const r = rounds.get(f)!;
    const once = inventory(r.checked);
    const twice = inventory(r.rechecked);
    const view = (inv: Inventory) => ({ names: inv.defined_names, sheets: inv.sheets.map(({ raw: _raw, ...rest }) => rest) });
    expect(view(twice)).toEqual(view(once));
  });

  it.skipIf(!HAS_LIBREOFFICE)(
    "every output opens in LibreOffice Calc",
    () => {
      const files = FILES.flatMap((f) => {
        const r = rounds.get(f)!;
        return [r.checked, r.rechecked, r.cleared];
      });
      expect(libreOfficeFailures(files)).toEqual([]);
    },
    600_000,
  );
});
