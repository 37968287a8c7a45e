import { runCheck } from "../check/run-check";
import { indicatorGap, unitVerdict } from "../core/evaluate-unit";
import { atLeast, atMost } from "../core/format";
import { findIndicator, INDICATORS, indicatorValue, type IndicatorDefinition } from "../core/indicators";
import { NATIONAL_PROFILE, type Profile } from "../core/profile";
import { LEVEL_NAMES } from "../core/school-kinds";
import { splitResource } from "../core/split-levels";
import type { Level } from "../core/types";
import { LEVELS } from "../core/types";
import { weightedCvOf } from "../core/weighted-cv";
import { parseNumberCell } from "../sheet/cells";
import { conversion, unitWord } from "../sheet/units";

/**
 * The logic behind the custom functions, host-free: each function takes the values Excel passes
 * and returns plain values, or throws {@link FunctionInputError} with a message for `#VALUE!`.
 */

/** Bad input to a custom function: shown in the cell as #VALUE! with this message. */
export class FunctionInputError extends Error {
  override readonly name = "FunctionInputError";
}

/** What a blank input gives: an empty cell, never 0. */
export const BLANK = "";

/** A cell value or a blank. */
export type Scalar = number | string | boolean | null | undefined;

/**
 * Reads an indicator from its id (`teachingArea`), Chinese name (生均教学及辅助用房面积) or alias (教辅用房).
 *
 * @param x - The argument.
 * @returns The indicator's definition.
 * @throws FunctionInputError for an unknown indicator.
 */
export function parseIndicator(x: Scalar): IndicatorDefinition {
  const def = findIndicator(typeof x === "string" ? x : "");
  if (!def)
    throw new FunctionInputError(`未知指标“${String(x ?? "")}”：应为指标名称或简称，如 ${INDICATORS.map((d) => d.shortName).join("、")}`);
  return def;
}

/**
 * Reads a level: 小学/初中, primary/junior (also 小学部, 初中部).
 *
 * @param x - The argument.
 * @returns The level.
 * @throws FunctionInputError for anything else.
 */
export function parseLevel(x: Scalar): Level {
  const t = typeof x === "string" ? x.trim().toLowerCase() : "";
  if (/^(小学|小学部|小学段|primary|p)$/.test(t)) return "primary";
  if (/^(初中|初中部|初中段|junior|j)$/.test(t)) return "junior";
  throw new FunctionInputError(`学段“${String(x ?? "")}”无效：应为“小学”或“初中”（primary/junior）`);
}

function isBlankArg(x: Scalar): boolean {
  return x === null || x === undefined || (typeof x === "string" && x.trim() === "");
}

function num(x: Scalar, what: string): number {
  const n = parseNumberCell(x);
  if (!n.ok) throw new FunctionInputError(`${what}“${n.found}”不是数字`);
  return n.value;
}

function positiveStudents(x: Scalar, what = "学生数"): number {
  const n = num(x, what);
  if (n <= 0) throw new FunctionInputError(`${what}为${n}：学生数必须大于0`);
  if (!Number.isInteger(n)) throw new FunctionInputError(`${what}为${n}：学生数应为整数`);
  return n;
}

function studentsOrZero(x: Scalar, what: string): number {
  const n = num(x, what);
  if (n < 0) throw new FunctionInputError(`${what}为负数（${n}）`);
  if (!Number.isInteger(n)) throw new FunctionInputError(`${what}为${n}：学生数应为整数`);
  return n;
}

/**
 * `STANDARD(indicator, level)`: the profile's standard.
 *
 * @param indicator - Id, name or alias.
 * @param level - 小学/初中.
 * @param profile - The profile (national by default).
 * @returns The standard.
 */
export function standard(indicator: Scalar, level: Scalar, profile: Profile = NATIONAL_PROFILE): number {
  return profile.standards[parseIndicator(indicator).id][parseLevel(level)];
}

/**
 * `VALUE(indicator, amount, students, [unit])`: the indicator value (× 100 for 每百名; an amount
 * marked 万元 is × 10 000).
 *
 * @returns The value, or "" when the amount or students are blank.
 */
export function value(indicator: Scalar, amount: Scalar, students: Scalar, unit?: Scalar): number | string {
  const def = parseIndicator(indicator);
  if (isBlankArg(amount) || isBlankArg(students)) return BLANK;
  return indicatorValue(def.formula, amountIn(def, amount, unit), positiveStudents(students));
}

/**
 * An amount in the indicator's unit (人, ㎡, 元, 间): the unit given as an argument or written in
 * the cell ("45万元") converts it; a unit of another quantity (元 for teachers) is refused.
 */
function amountIn(def: IndicatorDefinition, amount: Scalar, unit: Scalar): number {
  const n = parseNumberCell(amount);
  if (!n.ok) throw new FunctionInputError(`数量“${n.found}”不是数字`);
  if (n.value < 0) throw new FunctionInputError(`数量为负数（${n.value}）：${def.name}的数量不能小于0`);
  const target = unitWord(def.amountUnit);
  if (!target) return n.value;
  const allowed = def.unit === "元" ? "元或万元" : def.amountUnit === "㎡" ? "平方米（或亩、公顷）" : def.amountUnit;
  let given = n.unit ?? null;
  if (!isBlankArg(unit)) {
    const u = unitWord(String(unit));
    if (!u) throw new FunctionInputError(`单位“${String(unit)}”无法识别：${def.name}的数量单位应为${allowed}`);
    given ??= u;
  }
  if (!given) return n.value;
  const factor = conversion(given, target);
  if (factor === null) throw new FunctionInputError(`单位“${given.source}”不适用：${def.name}的数量单位应为${allowed}`);
  return n.value * factor;
}

/**
 * `MEETS(indicator, level, value)`: whether a value meets the standard (≥, unrounded).
 *
 * @returns TRUE/FALSE, or "" for a blank value.
 */
export function meets(indicator: Scalar, level: Scalar, v: Scalar, profile: Profile = NATIONAL_PROFILE): boolean | string {
  const s = standard(indicator, level, profile);
  if (isBlankArg(v)) return BLANK;
  return atLeast(num(v, "指标值"), s);
}

/**
 * `GAP(indicator, level, amount, students)`: what is lacking to meet the standard (people, rooms,
 * ㎡, 元); 0 when met.
 *
 * @returns The gap, or "" for blanks.
 */
export function gap(
  indicator: Scalar,
  level: Scalar,
  amount: Scalar,
  students: Scalar,
  profile: Profile = NATIONAL_PROFILE,
): number | string {
  const def = parseIndicator(indicator);
  const lv = parseLevel(level);
  if (isBlankArg(amount) || isBlankArg(students)) return BLANK;
  return indicatorGap(def, profile.standards[def.id][lv], positiveStudents(students), amountIn(def, amount, undefined), profile.floorRatio)
    .gap;
}

function sevenValues(values: readonly (readonly Scalar[])[]): (number | null)[] {
  const flat = values.flat();
  if (flat.length !== INDICATORS.length) {
    throw new FunctionInputError(
      `需要一行（或一列）7个指标值，按 ${INDICATORS.map((d) => d.shortName).join("、")} 的顺序；收到${flat.length}个`,
    );
  }
  return flat.map((x, i) => (isBlankArg(x) ? null : num(x, `第${i + 1}个指标值（${INDICATORS[i]?.shortName ?? ""}）`)));
}

function verdictOf(values: readonly (readonly Scalar[])[], level: Scalar, profile: Profile): ReturnType<typeof unitVerdict> | null {
  const lv = parseLevel(level);
  const vals = sevenValues(values);
  if (vals.some((v) => v === null)) return null;
  return unitVerdict(
    vals.map((v) => v ?? 0),
    INDICATORS.map((d) => profile.standards[d.id][lv]),
    profile,
  );
}

/**
 * `PASS(values, level)`: the unit verdict from the seven values (at least 6 met, all ≥ 85%).
 *
 * @returns TRUE/FALSE, or "" when any value is blank.
 */
export function pass(values: readonly (readonly Scalar[])[], level: Scalar, profile: Profile = NATIONAL_PROFILE): boolean | string {
  const v = verdictOf(values, level, profile);
  return v === null ? BLANK : v.pass;
}

/**
 * `REASON(values, level)`: the verdict in words.
 *
 * @returns The reason, or "" when any value is blank.
 */
export function reason(values: readonly (readonly Scalar[])[], level: Scalar, profile: Profile = NATIONAL_PROFILE): string {
  const v = verdictOf(values, level, profile);
  return v === null ? BLANK : v.reason;
}

function pairs(
  values: readonly (readonly Scalar[])[],
  students: readonly (readonly Scalar[])[],
): { values: Float64Array; weights: Float64Array; n: number } {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  if (rows !== students.length || cols !== (students[0]?.length ?? 0)) {
    throw new FunctionInputError(`两个区域大小不同：指标值${rows}×${cols}，学生数${students.length}×${students[0]?.length ?? 0}`);
  }
  const xs = new Float64Array(rows * cols);
  const ws = new Float64Array(rows * cols);
  let n = 0;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const vr = values[r] ?? [];
    const sr = students[r] ?? [];
    for (let c = 0; c < cols; c++) {
      k += 1;
      const x = vr[c];
      const p = sr[c];
      // Plain numbers are the common case in a range: take them without parsing.
      if (typeof x === "number" && typeof p === "number" && Number.isFinite(x) && x >= 0 && p > 0 && Number.isInteger(p)) {
        xs[n] = x;
        ws[n] = p;
        n += 1;
        continue;
      }
      if (isBlankArg(x) && isBlankArg(p)) continue;
      if (isBlankArg(x) || isBlankArg(p))
        throw new FunctionInputError(`第${k}项：${isBlankArg(x) ? "指标值为空而学生数不为空" : "学生数为空而指标值不为空"}`);
      const w = positiveStudents(p, `第${k}项学生数`);
      const v = num(x, `第${k}项指标值`);
      if (v < 0) throw new FunctionInputError(`第${k}项指标值为负数（${v}）：指标值不能小于0`);
      xs[n] = v;
      ws[n] = w;
      n += 1;
    }
  }
  return { values: xs, weights: ws, n };
}

/**
 * `CV(values, students)`: the official student-weighted CV (population SD / weighted mean);
 * rows where both are blank are skipped.
 *
 * @returns The CV, or "" when no row has data.
 */
export function cv(values: readonly (readonly Scalar[])[], students: readonly (readonly Scalar[])[]): number | string {
  const items = pairs(values, students);
  if (items.n === 0) return BLANK;
  const r = weightedCvOf(items.values.subarray(0, items.n), items.weights.subarray(0, items.n));
  if (r.cv === null) throw new FunctionInputError("指标值全部为0（加权平均值为0），差异系数无意义");
  return r.cv;
}

/**
 * `CVPASS(values, students, level)`: whether the weighted CV is within the level's limit.
 *
 * @returns TRUE/FALSE, or "" when no row has data.
 */
export function cvPass(
  values: readonly (readonly Scalar[])[],
  students: readonly (readonly Scalar[])[],
  level: Scalar,
  profile: Profile = NATIONAL_PROFILE,
): boolean | string {
  const lv = parseLevel(level);
  const c = cv(values, students);
  return typeof c === "number" ? atMost(c, profile.cvLimit[lv]) : BLANK;
}

/**
 * `SPLIT(resource, primary, junior, [senior])`: the resource's shares per level by weighted students
 * (1 : 1.1 : 1.32), as one row [primary, junior] or [primary, junior, senior].
 *
 * @returns One row to spill.
 */
export function split(
  resource: Scalar,
  primary: Scalar,
  junior: Scalar,
  senior?: Scalar,
  profile: Profile = NATIONAL_PROFILE,
): (number | string)[][] {
  const withSenior = !isBlankArg(senior);
  if (isBlankArg(resource)) return [withSenior ? [BLANK, BLANK, BLANK] : [BLANK, BLANK]];
  const students = {
    primary: studentsOrZero(primary ?? 0, "小学学生数"),
    junior: studentsOrZero(junior ?? 0, "初中学生数"),
    senior: withSenior ? studentsOrZero(senior, "高中学生数") : 0,
  };
  const amount = num(resource, "资源数量");
  if (amount < 0) throw new FunctionInputError(`资源数量为负数（${amount}）：不能小于0`);
  const r = splitResource(amount, students, withSenior ? ["primary", "junior", "senior"] : ["primary", "junior"], profile);
  if (!r) throw new FunctionInputError("学生数全部为0，无法拆分");
  return [withSenior ? [r.primary ?? 0, r.junior ?? 0, r.senior ?? 0] : [r.primary ?? 0, r.junior ?? 0]];
}

function check(table: readonly (readonly Scalar[])[], profile: Profile) {
  const o = runCheck({ grid: { values: table }, sheetName: "表", profile });
  if (!o.ok) throw new FunctionInputError(`${o.message}（看到的表头：${o.headersSeen.slice(0, 8).join("，")}）`);
  return o;
}

/**
 * `EVALUATE(table)`: the per-unit result table from a raw data range with its header rows.
 *
 * @returns Rows: 学校, 学段, the seven values, 达标项数, 结论.
 */
export function evaluate(table: readonly (readonly Scalar[])[], profile: Profile = NATIONAL_PROFILE): (number | string | boolean)[][] {
  const o = check(table, profile);
  const rows: (number | string | boolean)[][] = [["学校", "学段", ...INDICATORS.map((d) => d.shortName), "达标项数", "结论"]];
  for (const u of o.result.units) {
    const verdict = u.excluded ? "不参评" : u.errors.length ? "数据有误" : u.pass ? "达标" : "未达标";
    rows.push([
      u.school,
      LEVEL_NAMES[u.level],
      ...INDICATORS.map((d) => u.indicators?.[d.id].value ?? BLANK),
      u.metCount ?? BLANK,
      verdict,
    ]);
  }
  return rows;
}

/**
 * `CVTABLE(table)`: the CV table per level × indicator from a raw data range.
 *
 * @returns Rows: 学段, 指标, 全县值, 达标, 差异系数, 限值, 是否达标.
 */
export function cvTable(table: readonly (readonly Scalar[])[], profile: Profile = NATIONAL_PROFILE): (number | string)[][] {
  const o = check(table, profile);
  const rows: (number | string)[][] = [["学段", "指标", `${o.profile.regionWord}值`, "达标", "差异系数", "限值", "是否达标"]];
  for (const level of LEVELS) {
    const l = o.result.levels[level];
    if (l.units === 0) continue;
    for (const d of INDICATORS) {
      const s = l.indicators[d.id];
      rows.push([
        LEVEL_NAMES[level],
        d.name,
        s.aggregate ?? BLANK,
        `${s.compliant}/${l.units}`,
        s.cv ?? BLANK,
        s.cvLimit,
        s.cvPass === null ? BLANK : s.cvPass ? "是" : "否",
      ]);
    }
  }
  return rows;
}
