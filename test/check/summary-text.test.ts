import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { summaryLines } from "../../src/check/summary-text";
import { buildPlan } from "../../src/plan/annotation-plan";
import { FLAT_HEADER } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

/**
 * One rule for every figure shown beside a standard, in the CLI's printout as in the sheets: cut
 * down, never up to the standard. 甲小学: 84 teachers for 2 001 students = 4.19790 per 100 against
 * 4.2 (99.95%); the rest met (21 骨干 = 1.049, 19 体艺 = 0.949, 9 100 ㎡ = 4.548, 15 100 ㎡ = 7.546,
 * 4 100 000 元 = 2 049, 47 rooms = 2.349).
 */
const rows = [[...FLAT_HEADER], ["甲小学", "小学", 2001, 84, 21, 19, 9100, 15100, 4_100_000, 47]];

describe("figures shown beside a standard", () => {
  const o = runCheck({ grid: gridOf(rows), sheetName: "表" });
  if (!o.ok) throw new Error(o.message);

  it("print 99.9%, never 100%, and the county's 4.19, never 4.2", () => {
    const text = summaryLines(o).join("\n");
    expect(text).toContain("为标准的99.9%");
    expect(text).not.toContain("为标准的100%");
    expect(text).toContain("全区4.19人，达标0/1");
  });

  it("write the county value in 差异系数 cut to the column's decimals", () => {
    const cv = buildPlan(o, { checkedAt: "2026-01-01T00:00:00Z", version: "t" }).sheets.find((s) => s.role === "cv")!;
    const row = cv.rows.find((r) => r[0] === "小学" && r[1] === "每百名学生拥有高于规定学历教师数")!;
    expect(row[3]).toBe(4.19);
  });
});
