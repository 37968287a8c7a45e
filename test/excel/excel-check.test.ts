import { beforeEach, describe, expect, it } from "vitest";
import "../support/fake-excel.js";
import type { FakeExcel, FakeSheet, FakeSheetSpec } from "../support/fake-excel";
import { sampleCounty } from "../../src/demo/sample-county";
import {
  CANCELLED,
  checkActiveSheet,
  clearActiveAnnotations,
  loadSettings,
  saveSettings,
  isPayloadLimit,
  selectCell,
  WRITE_REQUESTS,
  type ExcelRunner,
} from "../../src/excel/excel-check";
import { NOTE_PREFIX } from "../../src/plan/annotation-plan";
import { LAYOUTS } from "../fixtures/layouts";

let fake: FakeExcel;
let run: ExcelRunner;

function install(sheets: FakeSheetSpec[], sets?: Record<string, string>): void {
  fake = globalThis.createFakeExcel({ sheets, ...(sets ? { sets } : {}) });
  Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
  run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, batch);
}

function snapshotOf(sheet: FakeSheet) {
  return {
    cells: [...sheet.cells.entries()],
    notes: [...sheet.notes.entries()],
    cfs: sheet.cfs.map((c) => ({ ...c })),
    formats: [...sheet.formats.entries()],
    merges: sheet.merges,
  };
}

const layout = (id: string) => LAYOUTS.find((l) => l.id === id)!;
const sheetSpec = (id: string): FakeSheetSpec => ({
  name: layout(id).sheetName,
  rows: layout(id).rows.map((r) => [...r]),
  merges: [...(layout(id).merges ?? [])],
});

describe("checkActiveSheet against the recording fake", () => {
  beforeEach(() => install([sheetSpec("consolidated-3row"), { name: "说明", rows: [["统计科"]] }]));

  it("writes nothing when cancelled before its writes", async () => {
    const controller = new AbortController();
    const r = await checkActiveSheet(run, {
      onProgress: (step) => {
        if (step === "evaluate") controller.abort();
      },
      signal: controller.signal,
    });
    expect(r).toEqual({ ok: false, message: CANCELLED });
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["教基综合", "说明"]);
    expect(fake.state.sheets[0]!.notes.size + fake.state.sheets[0]!.cfs.length).toBe(0);
  });

  it("sets up every result sheet for reading and printing: frozen header, filter, A4 landscape, legend colours", async () => {
    await checkActiveSheet(run);
    const units = fake.state.sheets.find((s) => s.name === "达标结果")! as unknown as {
      frozenRows: number;
      autoFilter: unknown;
      pageLayout: Record<string, unknown>;
      formats: Map<string, unknown>;
    };
    expect(units.frozenRows).toBe(3);
    expect(units.autoFilter).toMatchObject({ top: 2, left: 0 });
    expect(units.pageLayout).toMatchObject({ orientation: "Landscape", paperSize: "A4", titleRows: "$1:$3" });
    expect(units.pageLayout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(units.formats.get("F2:fill")).toBe("#FFC7CE");
  });

  it("annotates the data sheet and writes the result sheets, never a user value", async () => {
    const data = fake.state.sheets[0]!;
    const before = [...data.cells.entries()];
    const r = await checkActiveSheet(run, { now: new Date("2026-01-01T00:00:00Z") });
    expect(r.ok).toBe(true);
    expect([...data.cells.entries()]).toEqual(before);
    expect(fake.state.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["教基综合", "Visible"],
      ["说明", "Visible"],
      ["达标结果", "Visible"],
      ["差异系数", "Visible"],
      ["缺口汇总", "Visible"],
      ["保障程度", "Visible"],
      ["数据问题", "Visible"],
      ["检查信息", "Visible"],
      ["_yzjh", "VeryHidden"],
    ]);
    // The 初中 unit misses 高学历: its cells are 研究生 and 本科 (E, F), never 专科 (G).
    expect([...data.notes.keys()].sort()).toEqual(["A6", "E6", "F6", "R6"]);
    expect(data.notes.get("A6")?.startsWith(NOTE_PREFIX)).toBe(true);
    expect(data.cfs.map((c) => [c.ranges, c.formula])).toEqual([
      [["A6"], '=N("yzjh:fail-school")=0'],
      [["E6", "F6", "R6"], '=N("yzjh:unmet")=0'],
    ]);
    expect(fake.state.sheets.find((s) => s.name === "差异系数")?.charts).toHaveLength(1);
    expect(fake.state.sheets.find((s) => s.name === "达标结果")?.cells.get("3,0")).toBe("实验学校");
  });

  it("touches nothing on other sheets", async () => {
    const other = snapshotOf(fake.state.sheets[1]!);
    await checkActiveSheet(run);
    expect(snapshotOf(fake.state.sheets.find((s) => s.name === "说明")!)).toEqual(other);
  });

  it("clear after check restores the sheet and removes every sheet it added", async () => {
    const data = fake.state.sheets[0]!;
    const before = snapshotOf(data);
    await checkActiveSheet(run);
    expect(await clearActiveAnnotations(run)).toBe(true);
    expect(snapshotOf(data)).toEqual(before);
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["教基综合", "说明"]);
    expect(await clearActiveAnnotations(run)).toBe(false);
  });

  it("running twice leaves one set of annotations and reuses the result sheets", async () => {
    await checkActiveSheet(run);
    const once = snapshotOf(fake.state.sheets[0]!);
    const names = fake.state.sheets.map((s) => s.name);
    await checkActiveSheet(run);
    const twice = snapshotOf(fake.state.sheets[0]!);
    expect(twice.cells).toEqual(once.cells);
    expect(twice.notes).toEqual(once.notes);
    expect(twice.cfs.map((c) => [c.ranges, c.formula])).toEqual(once.cfs.map((c) => [c.ranges, c.formula]));
    expect(fake.state.sheets.map((s) => s.name)).toEqual(names);
  });

  it("keeps the user's note and conditional format, putting our note in the results", async () => {
    const spec = sheetSpec("consolidated-3row");
    install([{ ...spec, notes: { E6: "研究生数含在职" } }]);
    const data = fake.state.sheets[0]!;
    data.cfs.push({ type: "CellValue", ranges: ["C6:D7"], formula: "900", color: "#FFFF00" });
    await checkActiveSheet(run);
    expect(data.notes.get("E6")).toBe("研究生数含在职");
    expect(data.cfs[0]).toEqual({ type: "CellValue", ranges: ["C6:D7"], formula: "900", color: "#FFFF00" });
    await clearActiveAnnotations(run);
    expect([...data.notes.entries()]).toEqual([["E6", "研究生数含在职"]]);
    expect(data.cfs).toHaveLength(1);
  });

  it("writes nothing on a protected sheet and says so", async () => {
    install([{ ...sheetSpec("flat-basic"), protected: true }]);
    const before = snapshotOf(fake.state.sheets[0]!);
    const r = await checkActiveSheet(run);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain("受保护");
    expect(snapshotOf(fake.state.sheets[0]!)).toEqual(before);
    expect(fake.state.sheets).toHaveLength(1);
  });

  it("says what is missing when the sheet has no table, and writes nothing", async () => {
    install([{ name: "Sheet1", rows: [["随便写点什么"], [1, 2, 3]] }]);
    const r = await checkActiveSheet(run);
    expect(!r.ok && r.message).toContain("未找到学校数据表");
    expect(fake.state.sheets).toHaveLength(1);
  });

  it("without ExcelApi 1.18 writes no notes, and the results still", async () => {
    install([sheetSpec("consolidated-3row")], { ExcelApi: "1.17", SharedRuntime: "1.1" });
    const r = await checkActiveSheet(run);
    expect(r.ok).toBe(true);
    expect(fake.state.sheets[0]!.notes.size).toBe(0);
    expect(fake.state.sheets[0]!.cfs).toHaveLength(2);
  });

  it("writes a school name that looks like a formula as text", async () => {
    const rows = layout("flat-basic").rows.map((r) => [...r]);
    rows[3]![0] = "=1+1小学";
    install([{ name: "表", rows }]);
    await checkActiveSheet(run);
    const units = fake.state.sheets.find((s) => s.name === "达标结果")!;
    expect(units.cells.get("3,0")).toBe("=1+1小学");
  });

  it("selects a cell and stores settings the CLI can read", async () => {
    await selectCell(run, "教基综合", "A6");
    expect(fake.state.selected).toBe("教基综合!A6");
    await saveSettings(run, { version: 1, profile: { regionWord: "全县" } });
    expect(await loadSettings(run)).toEqual({ version: 1, profile: { regionWord: "全县" } });
    expect(fake.state.sheets.find((s) => s.name === "_yzjh")?.visibility).toBe("VeryHidden");
  });
});

describe("one check session with the CLI", () => {
  it("reads the workbook's 推进规划 and writes 规划对照, as the CLI does", async () => {
    const plan = [["推进规划"], ["指标", "2026年", null], [null, "小学", "初中"], ["每百名学生拥有高于规定学历教师数", "1/1", "1/1"]];
    install([sheetSpec("consolidated-3row"), { name: "推进规划", rows: plan }]);
    const r = await checkActiveSheet(run, { now: new Date("2026-05-01T00:00:00Z") });
    expect(r.ok).toBe(true);
    const tracking = fake.state.sheets.find((s) => s.name === "规划对照");
    expect(tracking).toBeDefined();
    expect([...tracking!.cells.values()].some((v) => v === "落后于计划" || v === "按计划")).toBe(true);
  });

  it("refuses settings saved in the workbook that are not valid, writing nothing, as the CLI does", async () => {
    install([sheetSpec("consolidated-3row"), { name: "_yzjh", rows: [['{"version":1,"corrections":{"教基综合":{"version":2}}}']] }]);
    fake.state.sheets[1]!.visibility = "VeryHidden";
    const before = fake.state.sheets.map((s) => s.name);
    const r = await checkActiveSheet(run);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain("工作簿中保存的设置无效");
    expect(fake.state.sheets.map((s) => s.name)).toEqual(before);
    expect(fake.state.sheets[0]!.cfs).toEqual([]);
  });
});

describe("round trips", () => {
  async function syncsFor(schools: number) {
    const sheet = sampleCounty({ schools, seed: 7 });
    install([{ name: sheet.name, rows: sheet.rows, merges: sheet.merges }]);
    const r = await checkActiveSheet(run);
    expect(r.ok).toBe(true);
    return { syncs: fake.stats.syncs, maxRequestBytes: fake.stats.maxRequestBytes };
  }

  it("uses the same round trips for 100, 2 000 and 20 000 schools: 3 reads and 3 writes, each under 5 MB", async () => {
    const small = await syncsFor(100);
    const medium = await syncsFor(2_000);
    const large = await syncsFor(20_000);
    // Reads: the sheet's size and names; its values, merges and notes; our old conditional formats.
    expect(small.syncs).toBe(3 + WRITE_REQUESTS);
    expect(medium.syncs).toBe(small.syncs);
    expect(large.syncs).toBe(small.syncs);
    expect(large.maxRequestBytes).toBeLessThan(5_000_000);
    // The writes are divided evenly: at 20 000 schools no request is much larger than a third.
    const writes = fake.stats.requests.slice(-WRITE_REQUESTS).map((r) => r.bytes);
    expect(Math.max(...writes) / Math.min(...writes)).toBeLessThan(1.5);
  });
});

describe("responses over the size limit", () => {
  it("reads again in smaller blocks when Excel refuses a response for its size, with the same result", async () => {
    const sheet = sampleCounty({ schools: 2_000, seed: 5 });
    const spec = { name: sheet.name, rows: sheet.rows, merges: sheet.merges };
    install([spec]);
    const plain = await checkActiveSheet(run, { now: new Date("2026-01-01T00:00:00Z") });
    const plainSyncs = fake.stats.syncs;
    // 2 000 schools × 23 columns come back as about 500 kB: refuse anything over 150 kB.
    fake = globalThis.createFakeExcel({ sheets: [spec], responseLimit: 150_000 });
    Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
    const limited = await checkActiveSheet(run, { now: new Date("2026-01-01T00:00:00Z") });
    expect(limited.ok && plain.ok).toBe(true);
    if (!limited.ok || !plain.ok) return;
    expect(JSON.stringify(limited.outcome.report)).toBe(JSON.stringify(plain.outcome.report));
    expect(fake.stats.syncs).toBeGreaterThan(plainSyncs);
  });

  it("isPayloadLimit knows Excel's two size errors and nothing else", () => {
    expect(isPayloadLimit({ code: "ResponsePayloadSizeLimitExceeded" })).toBe(true);
    expect(isPayloadLimit({ code: "RequestPayloadSizeLimitExceeded" })).toBe(true);
    expect(isPayloadLimit({ code: "AccessDenied" })).toBe(false);
    expect(isPayloadLimit(new Error("x"))).toBe(false);
    expect(isPayloadLimit(null)).toBe(false);
  });
});

describe("insertFormulaSheets", () => {
  it("adds the checklist with formulas and 是/否 lists, beside a user's sheet of the same name", async () => {
    const { checklistSheet } = await import("../../src/plan/checklist-sheet");
    install([sheetSpec("flat-basic"), { name: "评估清单", rows: [["用户的表"]] }]);
    const names = await (await import("../../src/excel/excel-check")).insertFormulaSheets(run, [checklistSheet().sheet]);
    expect(names).toEqual(["评估清单(2)"]);
    const sheet = fake.state.sheets.find((s) => s.name === "评估清单(2)")!;
    const formulas = [...sheet.cells.values()].filter((v) => typeof v === "object" && v !== null && "formula" in v);
    expect(formulas.length).toBeGreaterThan(40);
    expect([...sheet.formats.keys()].some((k) => k.endsWith(":validation"))).toBe(true);
    expect(fake.state.sheets.find((s) => s.name === "评估清单")!.cells.get("0,0")).toBe("用户的表");
  });
});

describe("officeRunner", () => {
  it("waits for cell edit mode and asks for one undo group where ExcelApi 1.20 exists", async () => {
    const { officeRunner } = await import("../../src/excel/excel-check");
    const seen: unknown[] = [];
    for (const version of ["1.20", "1.19"]) {
      install([{ name: "表", rows: [["x"]] }], { ExcelApi: version });
      (fake.Excel as { run: unknown }).run = (options: unknown, batch: () => Promise<unknown>) => {
        seen.push(options);
        return batch();
      };
      await officeRunner()(() => Promise.resolve(1));
    }
    expect(seen).toEqual([{ delayForCellEdit: true, mergeUndoGroup: true }, { delayForCellEdit: true }]);
  });
});

describe("a write that fails midway", () => {
  it("takes back what reached the workbook, so the sheet is as it was", async () => {
    const spec = sheetSpec("consolidated-3row");
    fake = globalThis.createFakeExcel({ sheets: [{ ...spec, notes: { B6: "用户批注" } }], failOnNote: "F6" });
    Object.assign(globalThis, { Excel: fake.Excel, Office: fake.Office });
    run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => fake.Excel.run<T>({}, batch);
    const before = snapshotOf(fake.state.sheets[0]!);
    const r = await checkActiveSheet(run);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain("已撤回本次写入的内容");
    expect(snapshotOf(fake.state.sheets[0]!)).toEqual(before);
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["教基综合"]);
  });
});
