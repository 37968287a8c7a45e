import { describe, expect, it } from "vitest";
import { readSheet, regionWordOf } from "../../src/sheet/read-sheet";
import { LAYOUTS, ONLY_TOTAL, REFUSED } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

function parseExpected(spec: string): { field: string; level?: string; part?: string; factor: number } {
  const m = /^([a-zA-Z]+)(?:\/([a-z]+))?(?:#([a-zA-Z]+))?(?:\*(\d+))?$/.exec(spec);
  if (!m) throw new Error(`bad spec ${spec}`);
  return { field: m[1] ?? "", ...(m[2] ? { level: m[2] } : {}), ...(m[3] ? { part: m[3] } : {}), factor: m[4] ? Number(m[4]) : 1 };
}

describe("readSheet on the layout corpus", () => {
  it("has at least twelve layouts", () => {
    expect(LAYOUTS.length).toBeGreaterThanOrEqual(12);
  });

  for (const layout of LAYOUTS) {
    describe(`${layout.id}: ${layout.description}`, () => {
      const r = readSheet(gridOf(layout.rows, layout.merges));

      it("finds the table", () => {
        if (!r.ok) throw new Error(r.message);
      });

      it("maps every column to the expected field, level, part and unit factor", () => {
        if (!r.ok) return;
        const got = Object.fromEntries(
          r.mapping.columns.map((c) => [
            c.column,
            { field: c.field, ...(c.level ? { level: c.level } : {}), ...(c.part ? { part: c.part } : {}), factor: c.factor },
          ]),
        );
        const want = Object.fromEntries(Object.entries(layout.columns).map(([k, v]) => [k, parseExpected(v)]));
        expect(got).toEqual(want);
        for (const col of layout.unmapped ?? []) expect(r.mapping.unmapped.map((u) => u.column)).toContain(col);
      });

      it("reads the expected schools", () => {
        if (!r.ok) return;
        expect(r.schools.map((s) => s.record.sourceRow)).toEqual(layout.schools.map((s) => s.row));
        for (const want of layout.schools) {
          const got = r.schools.find((s) => s.record.sourceRow === want.row)?.record;
          expect(got?.name).toBe(want.name);
          expect(got?.kind).toBe(want.kind);
          // Levels with no students are the same as levels not listed.
          const some = (x: object | undefined) => Object.fromEntries(Object.entries(x ?? {}).filter(([, v]) => v !== 0));
          expect(some(got?.students)).toEqual(some(want.students));
          expect(got?.levelRow ?? false).toBe(want.levelRow ?? false);
          expect((got?.dataErrors?.length ?? 0) > 0).toBe(want.hasErrors ?? false);
          for (const [id, src] of Object.entries(want.indicators ?? {})) {
            expect(got?.indicators[id as keyof typeof got.indicators], `${want.name} ${id}`).toEqual(src);
          }
        }
      });

      it("skips totals and footnotes and reports bad cells by address", () => {
        if (!r.ok) return;
        expect(r.skipped.filter((s) => s.reason === "total").map((s) => s.row)).toEqual(layout.totals ?? []);
        expect(r.skipped.filter((s) => s.reason === "footnote").map((s) => s.row)).toEqual(layout.footnotes ?? []);
        expect(r.problems.filter((p) => p.severity === "error").map((p) => p.cell)).toEqual(layout.errorCells ?? []);
        for (const p of r.problems) expect(p.message.startsWith(p.cell)).toBe(true);
      });
    });
  }
});

describe("readSheet details", () => {
  const byId = (id: string) => {
    const l = LAYOUTS.find((x) => x.id === id);
    if (!l) throw new Error(id);
    const r = readSheet(gridOf(l.rows, l.merges));
    if (!r.ok) throw new Error(r.message);
    return r;
  };

  it("says what was found and expected for a bad cell", () => {
    const r = byId("text-numbers");
    expect(r.problems.find((p) => p.cell === "D3")?.message).toBe("D3：“待统计”不是数字，高于规定学历教师数应为数字（空白或“—”表示0）");
  });

  it("reads the region word from the title", () => {
    expect(byId("flat-basic").regionWord).toBe("全区");
    expect(byId("wan-in-preamble").regionWord).toBe("全县");
  });

  it("names the area the title is about: 全市 for a county-level city, the county for its 城区", () => {
    const cases: [string[], string | null][] = [
      [["宁国市2024年义务教育学校办学条件统计表"], "全市"],
      [["安徽省宣城市宁国市2024年义务教育优质均衡发展资源配置测算表"], "全市"],
      [["某某县城区学校2024年办学条件统计"], "全县"],
      [["2024年某某县义务教育学校基本情况"], "全县"],
      [["某某市某某区2024年义务教育学校统计表"], "全区"],
      [["某某自治县2024学年初统计"], "全县"],
      [["某某旗中小学基本情况"], "全县"],
      [["2024学年初 义务教育学校综合统计表"], null],
      [["教基3112", "填报单位：某某区教委"], "全区"],
    ];
    for (const [preamble, word] of cases) expect([preamble[0], regionWordOf(preamble)]).toEqual([preamble[0], word]);
  });

  it("records the header rows and the data start after the numbering row", () => {
    const r = byId("consolidated-3row");
    expect(r.mapping.headerRows).toEqual([2, 4]);
    expect(r.mapping.dataStartRow).toBe(6);
  });

  it("lists a branch site with its proposed parent, unconfirmed, and does not evaluate it", () => {
    const r = byId("branches");
    expect(r.mapping.branches).toEqual([{ row: 3, name: "中心小学东校区", parentRow: 2, confirmed: false }]);
    expect(r.problems.some((p) => p.cell === "A3" && p.message.includes("需确认所属学校"))).toBe(true);
  });

  it("merges a branch into its parent once the user confirms it", () => {
    const l = LAYOUTS.find((x) => x.id === "branches");
    if (!l) throw new Error("branches");
    const r = readSheet(gridOf(l.rows), { corrections: { version: 1, columns: {}, branchParents: { "3": 2 } } });
    if (!r.ok) throw new Error(r.message);
    const parent = r.schools.find((s) => s.record.sourceRow === 2)?.record;
    expect(parent?.students).toEqual({ primary: 1000 });
    expect(parent?.indicators.degree).toEqual({ type: "whole", amount: 50 });
    expect(r.schools).toHaveLength(2);
  });

  it("says when kinds are inferred from students", () => {
    const r = byId("no-kind-column");
    expect(r.schools.every((s) => s.kindSource === "inferred")).toBe(true);
    expect(r.problems.find((p) => p.cell === "A3")?.message).toContain("按学生数推断为九年一贯制学校");
  });

  it("applies a user's column correction (万元 instead of 元)", () => {
    const l = LAYOUTS.find((x) => x.id === "extra-columns");
    if (!l) throw new Error("extra");
    const r = readSheet(gridOf(l.rows), {
      corrections: { version: 1, columns: { M: { field: "equipment", factor: 10_000 }, E: null }, branchParents: {} },
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.schools[0]?.record.indicators.equipment).toEqual({ type: "whole", amount: 9_500_000_000 });
    expect(r.mapping.columns.find((c) => c.column === "M")?.how).toBe("用户指定");
  });

  it("keeps the source cells behind each indicator", () => {
    const r = byId("consolidated-3row");
    const s = r.schools[0];
    expect(s?.nameCell).toBe("A6");
    const at = (id: Parameters<NonNullable<typeof s>["indicatorCells"]>[0], level: "primary" | "junior") =>
      s?.indicatorCells(id, level).map((c) => c.address);
    expect(at("sportsArea", "primary")).toEqual(["P6", "Q6"]);
    expect(at("degree", "primary")).toEqual(["E6", "F6", "G6"]); // 高中阶段 does not count
    expect(at("degree", "junior")).toEqual(["E6", "F6"]); // nor 专科 for a 初中
    expect(at("peArt", "primary")).toEqual(["I6", "J6"]); // 艺术(计), not its parts again
  });
});

describe("readSheet refusals", () => {
  for (const bad of REFUSED) {
    it(`refuses ${bad.id}, naming what is missing and the headers seen`, () => {
      const r = readSheet(gridOf(bad.rows));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.missing).toEqual(bad.missing);
      expect(r.headersSeen.length).toBeGreaterThan(0);
      expect(r.message).toMatch(/未找到|缺少/);
    });
  }

  it("reads a sheet with only a total row as no school", () => {
    const r = readSheet(gridOf(ONLY_TOTAL));
    expect(r.ok && r.schools).toEqual([]);
    expect(r.ok && r.skipped.map((s) => s.reason)).toEqual(["total"]);
  });
});
