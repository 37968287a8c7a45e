/**
 * Property and fuzz tests: whatever a sheet holds, the reader and the core never throw, every
 * problem names its cell, and the counts add up.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { evaluateCounty } from "../../src/core/evaluate";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import type { SchoolKind, SchoolRecord } from "../../src/core/types";
import type { RawCell } from "../../src/sheet/cells";
import { readSheet } from "../../src/sheet/read-sheet";
import { LAYOUTS } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

const words = [
  "学校名称",
  "在校生数",
  "小学",
  "初中",
  "合计",
  "注：",
  "九年一贯制学校",
  "教学点",
  "—",
  "-",
  "/",
  "待统计",
  "#REF!",
  "1,234",
  "１２３",
  "3.5㎡",
  "万元",
  "=1+1",
  "是",
  "否",
  "0",
  "",
];
const cell: fc.Arbitrary<RawCell> = fc.oneof(
  fc.constantFrom(...words),
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: false }),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom({ error: "#DIV/0!" }, { error: "#N/A" }),
);
const header = LAYOUTS.find((l) => l.id === "flat-basic")!.rows[2]!;

describe("fuzz", () => {
  it("readSheet never throws on random grids, and every problem names its cell", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 25 }), (rows) => {
        const r = readSheet(gridOf(rows));
        if (!r.ok) return;
        for (const p of r.problems) {
          expect(p.cell).toMatch(/^[A-Z]{1,3}\d+$/);
          expect(p.message.startsWith(p.cell)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a real header with random data: the check never throws, and when it reads the sheet the counts add up", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 10, maxLength: 10 }), { maxLength: 30 }), (data) => {
        const o = runCheck({ grid: gridOf([header, ...data]), sheetName: "表" });
        if (!o.ok) {
          // a text-only row right under the header can read as a second header row: refused with a reason
          expect(o.message).not.toBe("");
          expect(o.headersSeen.length).toBeGreaterThan(0);
          return;
        }
        for (const level of ["primary", "junior"] as const) {
          const l = o.result.levels[level];
          expect(l.units).toBe(l.passing + l.failing);
          const mine = o.result.units.filter((u) => u.level === level);
          expect(mine.length).toBe(l.units + l.unreadable + l.excluded);
          // A level with a unit that could not be read is never 达标.
          if (l.unreadable > 0) expect(l.pass).toBe(false);
          expect(o.report.levels[level].units).toBe(l.units);
        }
        expect(o.report.units).toHaveLength(o.result.units.length);
        for (const e of o.report.errors) expect(e.cell).toMatch(/^[A-Z]{1,3}\d+$/);
      }),
      { numRuns: 300 },
    );
  });

  it("evaluateCounty never throws on arbitrary numbers, and pass is never true with an error", () => {
    const kinds: SchoolKind[] = [
      "primary",
      "teachingPoint",
      "junior",
      "nineYear",
      "vocationalJunior",
      "complete",
      "senior",
      "twelveYear",
      "special",
    ];
    const num = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -10, max: 5000 }));
    const school = fc.record({ kind: fc.constantFrom(...kinds), p: num, j: num, h: num, a: fc.array(num, { minLength: 7, maxLength: 7 }) });
    fc.assert(
      fc.property(fc.array(school, { maxLength: 20 }), (xs) => {
        const records: SchoolRecord[] = xs.map((x, i) => ({
          id: String(i),
          name: `校${i}`,
          sourceRow: i + 2,
          kind: x.kind,
          students: { primary: x.p, junior: x.j, senior: x.h },
          indicators: Object.fromEntries(
            (["degree", "backbone", "peArt", "teachingArea", "sportsArea", "equipment", "multimedia"] as const).map((id, k) => [
              id,
              { type: "whole", amount: x.a[k] ?? 0 },
            ]),
          ),
        }));
        const r = evaluateCounty(records, NATIONAL_PROFILE);
        for (const u of r.units) if (u.errors.length > 0) expect(u.pass).toBe(false);
        for (const l of Object.values(r.levels)) expect(l.units).toBe(l.passing + l.failing);
      }),
      { numRuns: 300 },
    );
  });
});
