import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/report";
import { checkFile } from "../../src/xlsx/check-file";
import { LAYOUTS } from "../fixtures/layouts";
import { xlsxOf } from "../fixtures/make-xlsx";

const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-golden-"));

async function reportOf(id: string): Promise<Report> {
  const l = LAYOUTS.find((x) => x.id === id)!;
  const input = path.join(tmp, `${id}.xlsx`);
  await fs.writeFile(input, await xlsxOf(l.sheetName, l.rows, l.merges));
  const json = path.join(tmp, `${id}.json`);
  await checkFile(input, { json });
  return JSON.parse(await fs.readFile(json, "utf8")) as Report;
}

describe("JSON report (spec §7) on the fixtures, values worked by hand", () => {
  it("flat-basic: two passing schools and an excluded teaching point", async () => {
    const r = await reportOf("flat-basic");
    expect(r.schemaVersion).toBe(1);
    expect(r.sheet).toBe("2024年基础数据");
    expect(r.units.map((u) => [u.school, u.sourceRow, u.level, u.students, u.excluded, u.metCount, u.pass])).toEqual([
      ["城关第一小学", 4, "primary", 1532, null, 7, true],
      ["城关中学", 5, "junior", 1200, null, 7, true],
      ["大湾教学点", 6, "primary", 27, "small-teaching-point", null, null],
    ]);
    const school = r.units[0]!;
    expect(Object.keys(school.indicators!)).toEqual([
      "degree",
      "backbone",
      "peArt",
      "teachingArea",
      "sportsArea",
      "equipment",
      "multimedia",
    ]);
    expect(school.indicators!.degree).toMatchObject({ standard: 4.2, meets: true, gap: 0 });
    expect(school.indicators!.degree.value).toBeCloseTo((80 * 100) / 1532, 12);
    expect(school.indicators!.equipment.value).toBeCloseTo(3_600_000 / 1532, 9);
    expect(r.units[2]!.indicators).toBeNull();
    expect(r.levels.primary).toMatchObject({ units: 1, passing: 1, pass: true });
    expect(r.levels.primary.indicators.degree.sentence).toBe("全区5.22人，达标1/1");
    expect(r.levels.primary.indicators.degree.cv).toBe(0);
    expect(r.levels.junior.indicators.sportsArea.aggregate).toBeCloseTo(13000 / 1200, 12);
    expect(r.resourcePass).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it("consolidated-3row: a nine-year school split 800 : 1.1 × 600, degree teachers by level rule", async () => {
    const r = await reportOf("consolidated-3row");
    const w = 800 + 1.1 * 600; // 1460
    const p = r.units.find((u) => u.school === "实验学校" && u.level === "primary")!;
    const j = r.units.find((u) => u.school === "实验学校" && u.level === "junior")!;
    expect(p.share).toBeCloseTo(800 / w, 12);
    expect(p.indicators!.teachingArea.value).toBeCloseTo((9000 * 800) / w / 800, 10);
    expect(j.indicators!.teachingArea.value).toBeCloseTo((9000 * 660) / w / 600, 10);
    // sports = 运动场地 14000 + 室内体育用房 800
    expect(j.indicators!.sportsArea.value).toBeCloseTo((14800 * 660) / w / 600, 10);
    // 330 万元
    expect(j.indicators!.equipment.value).toBeCloseTo((3_300_000 * 660) / w / 600, 8);
    expect(j.indicators!.equipment.meets).toBe(false);
    // degree: primary counts 研究生+本科+专科 = 94, junior 研究生+本科 = 64, split and flagged
    expect(p.indicators!.degree.value).toBeCloseTo(((94 * 800) / w) * (100 / 800), 10);
    expect(j.indicators!.degree.value).toBeCloseTo(((64 * 660) / w) * (100 / 600), 10);
    expect(j.indicators!.degree.assumedSplit).toBe(true);
    // backbone given per level: 9 and 7, unsplit
    expect(j.indicators!.backbone.value).toBeCloseTo(700 / 600, 12);
    expect(j.indicators!.backbone.assumedSplit).toBe(false);
    // PE/arts: 体育 6 + 艺术(计) 8 = 14 (音乐, 美术 not counted again)
    expect(p.indicators!.peArt.amount).toBeCloseTo((14 * 800) / w, 10);
    expect([p.pass, j.pass, j.metCount]).toEqual([true, false, 5]);
    const school2 = r.units.find((u) => u.school === "新区小学")!;
    expect(school2.indicators!.equipment.value).toBeCloseTo(2105, 9);
    expect(r.levels.primary).toMatchObject({ units: 2, passing: 2 });
    expect(r.levels.primary.indicators.teachingArea.aggregate).toBeCloseTo(((9000 * 800) / w + 5000) / 1800, 10);
    expect(r.levels.junior).toMatchObject({ units: 1, passing: 0, pass: false });
    expect(r.resourcePass).toBe(false);
  });

  it("kind-codes: every kind, complete and twelve-year splits, special and senior schools", async () => {
    const r = await reportOf("kind-codes");
    const units = r.units.map((u) => [u.school, u.level, u.excluded]);
    expect(units).toEqual([
      ["一小", "primary", null],
      ["梨树教学点", "primary", null],
      ["二中", "junior", null],
      ["三校", "primary", null],
      ["三校", "junior", null],
      ["县一中", "junior", null],
      ["外国语学校", "primary", null],
      ["外国语学校", "junior", null],
      ["县特殊教育学校", "primary", "special-education"],
      ["县特殊教育学校", "junior", "special-education"],
    ]);
    expect(r.ignored.map((i) => i.school)).toEqual(["县二中"]);
    // 县一中: 600 junior, 400 senior → 600 / (600 + 480); sports 12000 → 6666.7 ㎡ / 600 = 11.11
    const c = r.units.find((u) => u.school === "县一中")!;
    expect(c.indicators!.sportsArea.value).toBeCloseTo((12000 * 600) / 1080 / 600, 10);
    // 外国语学校: 300/200/100 → 652; equipment 1 630 000 → primary 2500, junior 2750
    const t = r.units.filter((u) => u.school === "外国语学校");
    expect(t[0]!.indicators!.equipment.value).toBeCloseTo(2500, 8);
    expect(t[1]!.indicators!.equipment.value).toBeCloseTo(2750, 8);
    expect(r.levels.primary.excluded).toBe(1);
  });

  it("text-numbers: the bad cell is an error with its address, its school is not judged passing", async () => {
    const r = await reportOf("text-numbers");
    expect(r.errors.filter((e) => (e as { severity?: string }).severity === "error").map((e) => e.cell)).toEqual(["D3"]);
    const bad = r.units.find((u) => u.school === "待统计小学")!;
    expect(bad.pass).toBe(false);
    expect(bad.indicators).toBeNull();
    const ok = r.units.find((u) => u.school === "文本小学")!;
    expect(ok.students).toBe(1234);
    expect(ok.indicators!.teachingArea.value).toBeCloseTo(2400 / 1234, 12);
  });
});
