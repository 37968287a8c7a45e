import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import "../support/fake-excel.js";
import type { FakeSheetSpec } from "../support/fake-excel";
import type { Report } from "../../src/core/report";
import { checkActiveSheet, type ExcelRunner } from "../../src/excel/excel-check";
import { evaluate } from "../../src/functions/logic";
import { columnLetter, type Grid } from "../../src/sheet/cells";
import { checkFile } from "../../src/xlsx/check-file";
import { nodeCodec } from "../../src/xlsx/node-codec";
import { WorkbookPackage } from "../../src/xlsx/workbook-package";

/**
 * One answer everywhere: each workbook of the independent reading corpus gives the same units,
 * values, verdicts and problem cells in the CLI, in the pane (against the recording fake of
 * Office.js, fed the same cells, merged areas and hidden columns) and in the EVALUATE function
 * (fed the sheet's values, as Excel passes a range: no merged areas, no hidden columns).
 */

const ROOT = path.join(__dirname, "..", "fixtures", "independent");
const FILES = ["reading", "review2"].flatMap((b) =>
  readdirSync(path.join(ROOT, b))
    .filter((f) => f.endsWith(".xlsx"))
    .sort()
    .map((f) => `${b}/${f}`),
);
const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-parity-"));

/** The sheets of a workbook as the fake host's specification. */
async function sheetsOf(file: string): Promise<{ specs: FakeSheetSpec[]; grids: Map<string, Grid> }> {
  const pkg = await WorkbookPackage.open(new Uint8Array(readFileSync(file)), nodeCodec());
  const specs: FakeSheetSpec[] = [];
  const grids = new Map<string, Grid>();
  for (const s of pkg.sheets) {
    const grid = (await pkg.worksheet(s.name)).grid;
    grids.set(s.name, grid);
    specs.push({
      name: s.name,
      rows: grid.values.map((r) => [...r].map((v) => (v === undefined ? null : v))),
      merges: (grid.merges ?? []).map((m) => `${columnLetter(m.left)}${m.top + 1}:${columnLetter(m.right)}${m.bottom + 1}`),
      hiddenColumns: [...(grid.hiddenColumns ?? [])].map(columnLetter),
    });
  }
  return { specs, grids };
}

/** What must agree: each unit's students, values, verdict and exclusion; the problem cells. */
function summary(r: Report) {
  return {
    units: r.units
      .map((u) => ({
        key: `${u.school}|${u.level}`,
        students: u.students,
        excluded: u.excluded,
        pass: u.pass,
        values: Object.fromEntries(Object.entries(u.indicators ?? {}).map(([k, v]) => [k, Number(v.value.toPrecision(12))])),
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    problemCells: [...new Set(r.errors.map((e) => `${e.sheet ?? ""}!${e.cell}`))].sort(),
  };
}

let run: ExcelRunner;
beforeEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe("the independent corpus gives one answer in the CLI, the pane and EVALUATE", () => {
  it.each(FILES)("%s: the pane reads what the CLI reads", async (f) => {
    const file = path.join(ROOT, f);
    const cli = await checkFile(file, { out: path.join(tmp, f.replace("/", "-")), force: true });
    const { specs } = await sheetsOf(file);
    const fake = globalThis.createFakeExcel({ sheets: specs, active: cli.outcome.sheetName });
    Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
    run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, batch);
    const pane = await checkActiveSheet(run, { now: new Date("2026-03-01T08:00:00Z") });
    if (!pane.ok) throw new Error(pane.message);
    expect(summary(JSON.parse(JSON.stringify(pane.outcome.report)) as Report)).toEqual(
      summary(JSON.parse(JSON.stringify(cli.report)) as Report),
    );
  });

  // A function's range carries values only: no hidden columns (07, r2-01) and one sheet (13, r2-08).
  const rangeOnly = FILES.filter((f) => !/\/(07|13|r2-01|r2-08)-/.test(f));
  it.each(rangeOnly)("%s: EVALUATE over the sheet's values gives the CLI's units, values and verdicts", async (f) => {
    const file = path.join(ROOT, f);
    const cli = await checkFile(file, { out: path.join(tmp, `fn-${f.replace("/", "-")}`), force: true });
    const { grids } = await sheetsOf(file);
    const grid = grids.get(cli.outcome.sheetName)!;
    const width = Math.max(...grid.values.map((r) => r.length));
    const table = grid.values.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? "") as (string | number | boolean)[]);
    const rows = evaluate(table);
    const byKey = new Map(rows.slice(1).map((r) => [`${String(r[0])}|${String(r[1])}`, r]));
    for (const u of cli.report.units) {
      const level = u.level === "primary" ? "小学" : "初中";
      const row = byKey.get(`${u.school}|${level}`);
      expect(row, `${u.school} ${level}`).toBeDefined();
      const values = (row ?? []).slice(2, 9);
      const want = ["degree", "backbone", "peArt", "teachingArea", "sportsArea", "equipment", "multimedia"].map(
        (id) => u.indicators?.[id as keyof NonNullable<typeof u.indicators>].value ?? "",
      );
      values.forEach((v, k) => {
        if (typeof want[k] === "number") expect(v as number, `${u.school} ${level} ${k}`).toBeCloseTo(want[k], 9);
        else expect(v).toBe("");
      });
      const verdict = u.excluded ? "不参评" : u.errors.length ? "数据有误" : u.pass ? "达标" : "未达标";
      expect(row?.[10], `${u.school} ${level}`).toBe(verdict);
    }
    expect(rows.length - 1).toBe(cli.report.units.length);
  });
});
