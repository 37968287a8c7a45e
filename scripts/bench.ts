/**
 * `npm run bench [-- --json] [-- --max N]`: synthetic county sheets of 100, 2 000, 20 000 and
 * 200 000 schools (every kind, messy cells, three-row merged headers) and, per size, the median of
 * several runs after a warm-up:
 * - coreMs: schools → full report; readMs: raw grid → mapped schools;
 * - cliMs: the headless check of the .xlsx file; floorMs: unzipping the file and one streaming
 *   parse of its data sheet (the least any check of the file must do), same run; ratio = cliMs / floorMs;
 * - countyCliMs: `yzjh check` on a county of 80 schools, process start to file written;
 * - syncs and maxRequestBytes: the Office.js adapter against the recording fake;
 * - cvMs: the CV custom function body over the case's rows;
 * - peakRssMb: the headless check in a child process.
 * `--skip-files` measures only the in-memory figures (quick).
 * `--legacy`: per size up to 20 000, the same file saved as .xls by LibreOffice: `xlsCliMs` (the
 * headless check of the .xls, through its .xlsx copy), `convertMs` (the copy alone) and `cliMs` of
 * the .xlsx, same run (median of 3 after a warm-up).
 */
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { SaxesParser } from "saxes";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { evaluateCounty } from "../src/core/evaluate";
import { NATIONAL_PROFILE } from "../src/core/profile";
import { buildReport } from "../src/core/report";
import { sampleCounty, type SampleSheet } from "../src/demo/sample-county";
import { checkActiveSheet } from "../src/excel/excel-check";
import { cv } from "../src/functions/logic";
import { readSheet } from "../src/sheet/read-sheet";
import { checkFile } from "../src/xlsx/check-file";
import { convertToXlsx } from "../src/xlsx/legacy-input";
import { nodeCodec } from "../src/xlsx/node-codec";
import { ZipArchive } from "../src/xlsx/zip-archive";
import { WorkbookPackage } from "../src/xlsx/workbook-package";
import { packageSnapshot } from "../src/xlsx/package-snapshot";
import { writeCheck } from "../src/xlsx/package-writer";
import { prepareCheck } from "../src/workbook/check-session";
import "../test/support/fake-excel.js";
import type { FakeExcel } from "../test/support/fake-excel";

interface Case {
  schools: number;
  coreMs: number;
  readMs: number;
  cliMs: number | null;
  floorMs: number | null;
  ratio: number | null;
  syncs: number;
  maxRequestBytes: number;
  cvMs: number;
  peakRssMb: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

function time<T>(f: () => T): [number, T] {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

async function writeSample(sheet: SampleSheet, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.name);
  for (const row of sheet.rows)
    ws.addRow(row.map((v) => (v === null || v === undefined || (typeof v === "object" && !(v instanceof Date)) ? null : v)));
  for (const m of sheet.merges) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
}

/** The floor of any check of a file: unzip it and parse its data sheet once, streaming (saxes). */
async function floor(file: string): Promise<number> {
  const archive = await ZipArchive.open(new Uint8Array(readFileSync(file)), nodeCodec());
  const xml = (await archive.text("xl/worksheets/sheet1.xml")) ?? "";
  let cells = 0;
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on("opentag", (t) => {
    if (t.local === "c") cells += 1;
  });
  parser.write(xml).close();
  return cells;
}

async function runCase(schools: number, dir: string, log: (s: string) => void, skipFiles: boolean): Promise<Case> {
  const runs = 5;
  const sheet = sampleCounty({ schools, seed: 11 });
  const grid = {
    values: sheet.rows,
    origin: { row: 0, col: 0 },
    merges: sheet.merges.map((m) => {
      const r = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(m)!;
      const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      return { top: Number(r[2]) - 1, left: col(r[1]!), bottom: Number(r[4]) - 1, right: col(r[3]!) };
    }),
  };

  // readMs and coreMs
  readSheet(grid);
  const reads: number[] = [];
  let read = readSheet(grid);
  for (let i = 0; i < runs; i++) {
    const [ms, r] = time(() => readSheet(grid));
    reads.push(ms);
    read = r;
  }
  if (!read.ok) throw new Error(read.message);
  const records = read.schools.map((s) => s.record);
  const cores: number[] = [];
  time(() => buildReport(evaluateCounty(records, NATIONAL_PROFILE), sheet.name, NATIONAL_PROFILE, []));
  for (let i = 0; i < runs; i++)
    cores.push(time(() => buildReport(evaluateCounty(records, NATIONAL_PROFILE), sheet.name, NATIONAL_PROFILE, []))[0]);
  log(`  ${schools}: readMs ${median(reads).toFixed(1)}, coreMs ${median(cores).toFixed(1)}`);

  // cvMs: the CV function body over one value per school
  const values = records.map((r, i) => [((r.students.primary ?? 0) + i) % 97]);
  const students = records.map((r) => [(r.students.primary ?? 0) + (r.students.junior ?? 0) + 1]);
  cv(values, students);
  const cvs: number[] = [];
  for (let i = 0; i < runs; i++) cvs.push(time(() => cv(values, students))[0]);

  // syncs and maxRequestBytes: the Office.js adapter against the recording fake, at every size
  const fake: FakeExcel = globalThis.createFakeExcel({ sheets: [{ name: sheet.name, rows: sheet.rows, merges: sheet.merges }] });
  Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
  await checkActiveSheet(<T>(b: (ctx: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, b));
  const syncs = fake.stats.syncs;
  const maxRequestBytes = fake.stats.maxRequestBytes;
  log(`  ${schools}: syncs ${syncs}, maxRequestBytes ${maxRequestBytes}, largest response ${fake.stats.maxResponseBytes} bytes`);

  const files = skipFiles ? null : await fileFigures(sheet, schools, dir, log);
  return {
    schools,
    coreMs: median(cores),
    readMs: median(reads),
    cliMs: files?.cliMs ?? null,
    floorMs: files?.floorMs ?? null,
    ratio: files ? files.cliMs / files.floorMs : null,
    syncs,
    maxRequestBytes,
    cvMs: median(cvs),
    peakRssMb: files?.peakRssMb ?? null,
  };
}

/** cliMs, floorMs and peakRssMb on the case's .xlsx file. */
async function fileFigures(
  sheet: SampleSheet,
  schools: number,
  dir: string,
  log: (s: string) => void,
): Promise<{ cliMs: number; floorMs: number; peakRssMb: number | null }> {
  const file = path.join(dir, `county-${schools}.xlsx`);
  const tw = performance.now();
  await writeSample(sheet, file);
  log(`  ${schools}: sample file written in ${(performance.now() - tw).toFixed(0)} ms`);
  const fileRuns = schools >= 200_000 ? 1 : schools >= 20_000 ? 3 : 5;
  const clis: number[] = [];
  const floors: number[] = [];
  // The province-sized file is measured once, without a warm-up run.
  if (schools < 200_000) {
    await checkFile(file, { out: path.join(dir, "warm.xlsx"), force: true });
    await floor(file);
  }
  for (let i = 0; i < fileRuns; i++) {
    clis.push((await timeAsync(() => checkFile(file, { out: path.join(dir, `cli-${i}.xlsx`), force: true })))[0]);
    log(`  ${schools}: cliMs ${clis[clis.length - 1]?.toFixed(0)}`);
    floors.push((await timeAsync(() => floor(file)))[0]);
    log(`  ${schools}: floorMs ${floors[floors.length - 1]?.toFixed(0)}`);
  }
  const cliMs = median(clis);
  const floorMs = median(floors);
  const child = spawnSync(
    process.execPath,
    ["--max-old-space-size=20000", process.argv[1] ?? "", "--child-check", file, path.join(dir, "rss.xlsx")],
    { encoding: "utf8" },
  );
  const rss = /maxRSS=(\d+)/.exec(child.stdout);
  const peakRssMb = rss ? Math.round(Number(rss[1]) / 1024) : null;
  log(`  ${schools}: cliMs ${cliMs.toFixed(0)}, floorMs ${floorMs.toFixed(0)}, peakRssMb ${peakRssMb ?? "?"}`);
  return { cliMs, floorMs, peakRssMb };
}

/**
 * `yzjh check` on a county of 80 schools in a new process, start to file written (the bundle in
 * dist/cli, as a user runs it): the median of 7 runs after one warm-up.
 */
async function countyCli(dir: string, log: (s: string) => void): Promise<number> {
  const file = path.join(dir, "county-80.xlsx");
  await writeSample(sampleCounty({ schools: 80, seed: 5 }), file);
  const cli = path.join(__dirname, "yzjh.js");
  const once = (i: number): number => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, "check", file, "--out", path.join(dir, `county-${i}.xlsx`), "--quiet", "--force"], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return performance.now() - t;
  };
  once(0);
  const runs = Array.from({ length: 7 }, (_, i) => once(i + 1));
  const ms = median(runs);
  log(`  countyCliMs ${ms.toFixed(0)} (runs ${runs.map((r) => r.toFixed(0)).join(", ")})`);
  return ms;
}

/**
 * `--phases N`: where the time of a file check of N schools goes (median of 5 after a warm-up):
 * unzip and parse the data sheet into a grid, read the schools, evaluate, plan, and write the copy.
 */
async function phases(schools: number, dir: string): Promise<void> {
  const file = path.join(dir, `phases-${schools}.xlsx`);
  await writeSample(sampleCounty({ schools, seed: 11 }), file);
  const bytes = new Uint8Array(readFileSync(file));
  const rows: Record<string, number[]> = {};
  const lap = (k: string, ms: number) => (rows[k] ??= []).push(ms);
  for (let i = 0; i < 6; i++) {
    let t = performance.now();
    const next = (k: string) => {
      const now = performance.now();
      if (i > 0) lap(k, now - t);
      t = now;
    };
    const pkg = await WorkbookPackage.open(bytes, nodeCodec());
    const snap = packageSnapshot(pkg);
    const name = pkg.sheets[0]?.name ?? "";
    await snap.grid(name);
    next("unzip + parse → grid");
    const p = await prepareCheck(snap, { now: new Date() });
    next("read schools, evaluate, plan, writes");
    if (!p.ok) throw new Error(p.message);
    await writeCheck(pkg, p.writes, new Date());
    next("write the copy");
    await floor(file);
    next("floor (unzip + parse)");
  }
  for (const [k, v] of Object.entries(rows)) process.stdout.write(`${k}: ${median(v).toFixed(0)} ms\n`);
}

/** `--legacy`: the check of an .xls against that of the .xlsx it was saved from. */
async function legacy(dir: string): Promise<void> {
  process.stdout.write("| schools | cliMs (.xlsx) | xlsCliMs | convertMs |\n| ---: | ---: | ---: | ---: |\n");
  for (const schools of [2_000, 20_000]) {
    const xlsx = path.join(dir, `legacy-${schools}.xlsx`);
    await writeSample(sampleCounty({ schools, seed: 13 }), xlsx);
    const lo = spawnSync("soffice", ["--headless", "--norestore", "--convert-to", "xls", "--outdir", dir, xlsx], { timeout: 600_000 });
    if (lo.status !== 0) throw new Error("LibreOffice could not save the .xls");
    const xls = xlsx.replace(/\.xlsx$/, ".xls");
    const bytes = new Uint8Array(readFileSync(xls));
    const figures: Record<"cli" | "xls" | "convert", number[]> = { cli: [], xls: [], convert: [] };
    for (let i = 0; i < 4; i++) {
      const [cli] = await timeAsync(() => checkFile(xlsx, { out: path.join(dir, "l1.xlsx"), force: true }));
      const [xlsMs] = await timeAsync(() => checkFile(xls, { out: path.join(dir, "l2.xlsx"), force: true }));
      const [convert] = await timeAsync(() => convertToXlsx(bytes, "xls", nodeCodec()));
      if (i === 0) continue;
      figures.cli.push(cli);
      figures.xls.push(xlsMs);
      figures.convert.push(convert);
    }
    const f = (xs: number[]) => median(xs).toFixed(0);
    process.stdout.write(`| ${schools} | ${f(figures.cli)} | ${f(figures.xls)} | ${f(figures.convert)} |\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--legacy") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "yzjh-legacy-"));
    try {
      await legacy(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (argv[0] === "--phases") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "yzjh-phases-"));
    try {
      await phases(Number(argv[1] ?? 20_000), dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (argv[0] === "--child-check") {
    await checkFile(argv[1]!, { out: argv[2]!, force: true });
    process.stdout.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
    return;
  }
  const json = argv.includes("--json");
  const maxIdx = argv.indexOf("--max");
  const max = maxIdx >= 0 ? Number(argv[maxIdx + 1]) : Infinity;
  const onlyIdx = argv.indexOf("--only");
  const only = onlyIdx >= 0 ? Number(argv[onlyIdx + 1]) : null;
  const sizes = [100, 2_000, 20_000, 200_000].filter((n) => n <= max && (only === null || n === only));
  const dir = mkdtempSync(path.join(os.tmpdir(), "yzjh-bench-"));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(
    `yzjh bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const cases: Case[] = [];
  let countyCliMs: number | null = null;
  try {
    if (!argv.includes("--skip-files")) countyCliMs = await countyCli(dir, log);
    for (const n of sizes) cases.push(await runCase(n, dir, log, argv.includes("--skip-files")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ countyCliMs, cases })}\n`);
    return;
  }
  process.stdout.write(`countyCliMs: ${countyCliMs === null ? "—" : countyCliMs.toFixed(0)}\n\n`);
  const fmt = (x: number | null, d = 1) => (x === null ? "—" : x.toFixed(d));
  process.stdout.write(
    "| schools | coreMs | readMs | cliMs | floorMs | ratio | syncs | maxRequestBytes | cvMs | peakRssMb |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
  );
  for (const c of cases) {
    process.stdout.write(
      `| ${c.schools} | ${fmt(c.coreMs)} | ${fmt(c.readMs)} | ${fmt(c.cliMs, 0)} | ${fmt(c.floorMs, 0)} | ${fmt(c.ratio, 2)} | ${c.syncs ?? "—"} | ${c.maxRequestBytes ?? "—"} | ${fmt(c.cvMs, 2)} | ${c.peakRssMb ?? "—"} |\n`,
    );
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
