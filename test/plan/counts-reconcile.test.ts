import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkView } from "../../src/check/check-view";
import { runCheck } from "../../src/check/run-check";
import { summaryLines } from "../../src/check/summary-text";
import { INDICATORS } from "../../src/core/indicators";
import { LEVEL_NAMES } from "../../src/core/school-kinds";
import { LEVELS } from "../../src/core/types";
import { buildPlan } from "../../src/plan/annotation-plan";
import { levelCounts } from "../../src/plan/wording";
import { FLAT_HEADER } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

/**
 * Every count of a level — the pane, 达标结果, 差异系数, 缺口汇总 and the CLI summary — is taken over
 * one unit set: evaluated units are 达标 + 未达标; units whose data cannot be read (数据有误) and
 * excluded ones (不参评) are counted apart and appear in no aggregate. Random counties, with data
 * errors, teaching points and split schools, must reconcile everywhere.
 */

// The flat header with students per level instead of one total.
const HEADER = [...FLAT_HEADER.slice(0, 2), "小学在校生数", "初中在校生数", ...FLAT_HEADER.slice(3)];

const KINDS = ["小学", "初级中学", "九年一贯制学校", "教学点"] as const;

interface RandomSchool {
  readonly kind: (typeof KINDS)[number];
  readonly primary: number;
  readonly junior: number;
  readonly rates: readonly number[];
  readonly broken: number | null;
}

const school: fc.Arbitrary<RandomSchool> = fc.record({
  kind: fc.constantFrom(...KINDS),
  primary: fc.integer({ min: 20, max: 2000 }),
  junior: fc.integer({ min: 20, max: 2000 }),
  // Per 100 students / per student, around the standards so that both verdicts occur.
  rates: fc.tuple(
    fc.double({ min: 2, max: 8, noNaN: true }),
    fc.double({ min: 0.5, max: 2, noNaN: true }),
    fc.double({ min: 0.5, max: 1.5, noNaN: true }),
    fc.double({ min: 3, max: 8, noNaN: true }),
    fc.double({ min: 5, max: 14, noNaN: true }),
    fc.double({ min: 1500, max: 3500, noNaN: true }),
    fc.double({ min: 1.5, max: 3.5, noNaN: true }),
  ),
  // A cell that cannot be read: which of the seven, or none.
  broken: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 4 }),
});

function rowOf(s: RandomSchool, i: number): (string | number | null)[] {
  const primary = s.kind === "初级中学" ? null : s.kind === "教学点" ? Math.min(s.primary, 80) : s.primary;
  const junior = s.kind === "初级中学" || s.kind === "九年一贯制学校" ? s.junior : null;
  const students = (primary ?? 0) + (junior ?? 0);
  const amounts: (string | number)[] = INDICATORS.map((d, k) => {
    const rate = s.rates[k] as number;
    const amount = d.formula === "per100Students" ? (rate * students) / 100 : rate * students;
    return d.gapUnit === "people" || d.gapUnit === "rooms" ? Math.round(amount) : Math.round(amount * 10) / 10;
  });
  if (s.broken !== null) amounts[s.broken] = "待统计";
  return [`第${i + 1}${s.kind === "教学点" ? "教学点" : "学校"}`, s.kind, primary, junior, ...amounts];
}

describe("the counts of every result sheet, the pane and the CLI reconcile", () => {
  it("says why a level fails when a unit's data cannot be read, though every unit read passes", () => {
    // 甲小学 meets all seven (500 students: 25 teachers = 5 per 100, …); 乙小学's 骨干 cell reads 待统计.
    const rows = [
      HEADER,
      ["甲小学", "小学", 500, null, 25, 6, 5, 2500, 4000, 1_100_000, 12],
      ["乙小学", "小学", 400, null, 20, "待统计", 4, 2000, 3200, 900_000, 10],
    ];
    const o = runCheck({ grid: gridOf(rows), sheetName: "表" });
    if (!o.ok) throw new Error(o.message);
    const l = o.result.levels.primary;
    expect([l.units, l.passing, l.failing, l.unreadable, l.pass]).toEqual([1, 1, 0, 1, false]);
    const line =
      "小学：评估单元1个，达标1个，未达标0个，数据有误1个（无法判定），不参评0个；资源配置未达标（1个单元数据有误，须更正后才能判定）";
    const plan = buildPlan(o, { checkedAt: "2026-01-01T00:00:00.000Z", version: "test" });
    expect(plan.sheets.find((s) => s.role === "cv")!.rows.map((r) => r[0])).toContain(line);
    expect(summaryLines(o)).toContain(`【小学】${line.slice(3)}`);
    expect(checkView(o).levels[0]).toMatchObject({ unreadable: 1, reason: "1个单元数据有误，须更正后才能判定" });
    expect(checkView(o).unreadable.map((x) => x.school)).toEqual(["乙小学"]);
  });

  it("over random counties with data errors, teaching points and split schools", () => {
    fc.assert(
      fc.property(fc.array(school, { minLength: 1, maxLength: 25 }), (schools) => {
        const o = runCheck({ grid: gridOf([HEADER, ...schools.map(rowOf)]), sheetName: "表" });
        expect(o.ok).toBe(true);
        if (!o.ok) return;
        const plan = buildPlan(o, { checkedAt: "2026-01-01T00:00:00.000Z", version: "test" });
        const view = checkView(o);
        const sheet = (role: string) => plan.sheets.find((s) => s.role === role)!;
        const units = sheet("units");
        const col = (name: string) => (units.rows[2] as string[]).indexOf(name);
        const summary = summaryLines(o).join("\n");
        for (const level of LEVELS) {
          const l = o.result.levels[level];
          const name = LEVEL_NAMES[level];
          expect(l.passing + l.failing).toBe(l.units);
          // 达标结果: one row per unit, its 结论 counted per level.
          const mine = units.rows.slice(3).filter((r) => r[col("学段")] === name);
          const verdicts = (v: string) => mine.filter((r) => r[col("结论")] === v).length;
          expect([verdicts("达标"), verdicts("未达标"), verdicts("数据有误"), verdicts("不参评")]).toEqual([
            l.passing,
            l.failing,
            l.unreadable,
            l.excluded,
          ]);
          // The pane: the same counts, and one listed line per failing, unreadable and excluded unit.
          const pane = view.levels.find((v) => v.level === level);
          if (l.units + l.excluded + l.unreadable > 0) {
            expect(pane).toMatchObject({
              units: l.units,
              passing: l.passing,
              failing: l.failing,
              unreadable: l.unreadable,
              excluded: l.excluded,
            });
          }
          expect(view.failing.filter((x) => x.level === name).length).toBe(l.failing);
          expect(view.unreadable.filter((x) => x.level === name).length).toBe(l.unreadable);
          expect(view.excluded.filter((x) => x.level === name).length).toBe(l.excluded);
          if (l.units + l.excluded + l.unreadable > 0) expect(summary).toContain(`【${name}】${levelCounts(l)}`);
          // 差异系数 and 缺口汇总: per indicator, compliant + short = evaluated units, and the sentence says a/b.
          const cvRows = sheet("cv").rows.filter((r) => r[0] === name);
          const gapRows = sheet("gaps").rows.filter((r) => r[0] === name);
          for (const d of INDICATORS) {
            const s = l.indicators[d.id];
            const cvRow = cvRows.find((r) => r[1] === d.name);
            expect(cvRow?.[4]).toBe(s.compliant);
            expect(cvRow?.[5]).toBe(l.units);
            if (l.units > 0) expect(s.sentence).toMatch(new RegExp(`达标${s.compliant}/${l.units}$`));
            const gapRow = gapRows.find((r) => r[1] === d.name);
            if (l.units > 0) expect(gapRow?.[2]).toBe(l.units - s.compliant);
          }
          // A level with any unit left unread cannot pass.
          if (l.unreadable > 0) expect(l.pass).toBe(false);
        }
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });
});
