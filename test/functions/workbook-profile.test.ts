import { afterEach, describe, expect, it } from "vitest";
import * as functions from "../../src/functions/functions";
import { loadWorkbookProfile, setWorkbookProfile } from "../../src/functions/workbook-profile";
import { LAYOUTS } from "../fixtures/layouts";

/** A province profile as the pane saves it in the workbook (only what differs from the national one). */
const PROVINCE = { name: "某省标准", standards: { teachingArea: { primary: 5 } }, cvLimit: { primary: 0.4 } };

/** Seven primary values: all met but 教辅用房 at 4.6 ㎡ (national 4.5 met; the province's 5 not: 92%). */
const VALUES = [[4.5, 1.2, 1, 4.6, 8, 2100, 2.5]];

afterEach(() => setWorkbookProfile(undefined));

describe("the custom functions use the standards saved in the workbook", () => {
  it("use the national standards when none are saved", () => {
    expect(functions.standard("teachingArea", "小学")).toBe(4.5);
    expect(functions.meets("teachingArea", "小学", 4.6)).toBe(true);
  });

  it("STANDARD, MEETS, GAP, PASS, REASON and CVPASS answer with a saved province profile", () => {
    setWorkbookProfile(PROVINCE);
    expect(functions.standard("teachingArea", "小学")).toBe(5);
    expect(functions.meets("teachingArea", "小学", 4.6)).toBe(false);
    // 500 students × 5 ㎡ = 2500 ㎡ needed, 2300 held: 200 ㎡ short.
    expect(functions.gap("teachingArea", "小学", 2300, 500)).toBe(200);
    // Six of seven met, the seventh 4.6 / 5 = 92% ≥ 85%: passes, and the reason names the one missed.
    expect(functions.pass(VALUES, "小学")).toBe(true);
    expect(functions.reason(VALUES, "小学")).toContain("教学及辅助用房");
    // CV of {1, 2} with equal weights: mean 1.5, sd 0.5, CV 0.333…: within 0.4; {1, 3}: 0.5 > 0.4.
    expect(functions.cvpass([[1], [2]], [[10], [10]], "小学")).toBe(true);
    expect(functions.cvpass([[1], [3]], [[10], [10]], "小学")).toBe(false);
  });

  it("EVALUATE and CVTABLE judge a table by the saved profile", () => {
    const table = LAYOUTS.find((l) => l.id === "flat-basic")!.rows as unknown[][];
    setWorkbookProfile(PROVINCE);
    const limitsOf = (): unknown[][] => (functions.cvtable(table) as unknown[][]).slice(1).map((r) => [r[0], r[5]]);
    const limits = limitsOf();
    expect(limits).toContainEqual(["小学", 0.4]);
    expect(limits).toContainEqual(["初中", 0.45]);
    // 城关第一小学: 7 500 ㎡ / 1 532 students = 4.90 ㎡, met against 4.5, not against the province's 5.
    const metCount = () => {
      const rows = functions.evaluate(table) as unknown[][];
      const at = (rows[0] as string[]).indexOf("达标项数");
      return rows.find((r) => r[0] === "城关第一小学")?.[at];
    };
    expect(metCount()).toBe(6);
    setWorkbookProfile(undefined);
    expect(metCount()).toBe(7);
    expect(limitsOf()).toContainEqual(["小学", 0.5]);
  });

  it("wait for the saved profile while it is read, then answer with it", async () => {
    let give: (v: unknown) => void = () => undefined;
    const reading = new Promise<unknown>((resolve) => (give = resolve));
    const done = loadWorkbookProfile(() => reading);
    const answer = functions.standard("teachingArea", "小学") as unknown;
    expect(answer).toBeInstanceOf(Promise);
    give(PROVINCE);
    await done;
    await expect(answer).resolves.toBe(5);
    expect(functions.standard("teachingArea", "小学")).toBe(5);
  });

  it("never leave a cell waiting: a read that fails or hangs gives the national standards", async () => {
    await loadWorkbookProfile(() => Promise.reject(new Error("no settings API")));
    expect(functions.standard("teachingArea", "小学")).toBe(4.5);
    const hanging = loadWorkbookProfile(() => new Promise(() => undefined), 20);
    const answer = functions.standard("teachingArea", "小学") as unknown;
    await hanging;
    await expect(answer).resolves.toBe(4.5);
  });

  it("say in Chinese when the saved profile is invalid, instead of using another", () => {
    setWorkbookProfile({ standards: { degree: { primary: "高" } } });
    expect(() => functions.standard("degree", "小学")).toThrow(
      /工作簿中保存的标准设置无效：小学 每百名学生拥有高于规定学历教师数（standards\.degree\.primary）：应为数字/,
    );
    // VALUE and CV do not depend on the standards and still answer.
    expect(functions.value("degree", 21, 500)).toBeCloseTo(4.2, 12);
  });
});
