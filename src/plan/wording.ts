import { formatDown, formatNumber, formatUp } from "../core/format";
import { INDICATORS, indicatorDefinition } from "../core/indicators";
import { LEVEL_NAMES } from "../core/school-kinds";
import type { CountyResult, EvaluationUnit, IndicatorResult, LevelSummary } from "../core/types";
import { LEVELS } from "../core/types";

const GAP_UNITS = { people: "人", rooms: "间", area: "㎡", yuan: "元" } as const;

/**
 * A shortfall in the units bureaus write, raised so it never shows as met: whole people and
 * rooms, ㎡ to one decimal, money in 万元 from 10 000 元 (686 660 元 → 68.67万元).
 *
 * @param x - The shortfall.
 * @param unit - What it counts.
 * @returns E.g. "3人", "290.5㎡", "68.67万元", "850元".
 */
export function amountText(x: number, unit: keyof typeof GAP_UNITS): string {
  if (unit === "yuan") return x >= 10_000 ? `${formatUp(x / 10_000, 2)}万元` : `${formatUp(x, 0)}元`;
  return `${formatUp(x, unit === "area" ? 1 : 0)}${GAP_UNITS[unit]}`;
}

/**
 * One unmet indicator in words and numbers, e.g.
 * "生均教学及辅助用房面积 3.92㎡，标准4.5㎡，差0.58㎡/生，缺口 920㎡".
 *
 * @param r - The indicator result.
 * @returns The sentence.
 */
export function unmetSentence(r: IndicatorResult): string {
  const def = indicatorDefinition(r.id);
  const per = def.formula === "per100Students" ? "/百生" : "/生";
  const dec = def.unit === "元" ? 0 : 2;
  const diff = r.standard - r.value;
  const assumed = r.assumedSplit ? "（教师数按学生比例拆分）" : "";
  // Shown by one rule: the value cut down, the shortfall raised, so neither looks met.
  return `${def.name} ${formatDown(r.value, dec)}${def.unit}，标准${formatNumber(r.standard, dec)}${def.unit}，差${formatUp(diff, dec)}${def.unit}${per}，缺口 ${amountText(r.gap, def.gapUnit)}${assumed}`;
}

/**
 * The gaps of a unit in one line: "缺 高学历教师2人、教辅用房920㎡".
 *
 * @param u - A unit.
 * @returns The summary, or "" when nothing is lacking.
 */
export function gapSummary(u: EvaluationUnit): string {
  if (!u.indicators) return "";
  const parts: string[] = [];
  for (const d of INDICATORS) {
    const r = u.indicators[d.id];
    if (r.gap > 0) parts.push(`${d.shortName}${amountText(r.gap, d.gapUnit)}`);
  }
  return parts.length ? `缺 ${parts.join("、")}` : "";
}

/**
 * The assumption behind a unit's teacher figures, for every unit that rests on it (met or not):
 * a whole-school teacher count split between the levels by weighted students (按比例拆分).
 *
 * @param u - A unit.
 * @returns E.g. "高学历教师、体艺教师为全校人数按学生比例拆分（推算）", or "" when nothing was split.
 */
export function splitNote(u: EvaluationUnit): string {
  if (!u.indicators || u.excluded) return "";
  const names = INDICATORS.filter((d) => u.indicators?.[d.id].assumedSplit).map((d) => d.shortName);
  return names.length ? `${names.join("、")}为全校人数按学生比例拆分（推算）` : "";
}

/**
 * A unit's reason with the assumption its figures rest on.
 *
 * @param u - A unit.
 * @returns The reason, then the split note when there is one.
 */
export function reasonWithAssumption(u: EvaluationUnit): string {
  const note = splitNote(u);
  return note ? `${u.reason}；${note}` : u.reason;
}

/**
 * A level's counts in one phrase, the same in every result sheet, the pane and the CLI: the units
 * evaluated (达标 + 未达标), those whose data could not be read (in no count or aggregate, and the
 * level cannot pass while any is left) and those excluded.
 *
 * @param l - The level's summary.
 * @returns E.g. "评估单元46个，达标34个，未达标12个，数据有误1个（无法判定），不参评2个".
 */
export function levelCounts(l: LevelSummary): string {
  const unreadable = l.unreadable > 0 ? `，数据有误${l.unreadable}个（无法判定）` : "";
  return `评估单元${l.units}个，达标${l.passing}个，未达标${l.failing}个${unreadable}，不参评${l.excluded}个`;
}

/**
 * Why a level does not pass, in words: the units that fail, the data that cannot be read, the CVs
 * over their limits.
 *
 * @param l - The level's summary.
 * @returns E.g. "未达标：3个单元未达标，1个单元数据有误，差异系数超限：骨干教师"; "" when it passes.
 */
export function levelReason(l: LevelSummary): string {
  if (l.pass !== false) return "";
  const parts: string[] = [];
  if (l.failing > 0) parts.push(`${l.failing}个单元未达标`);
  if (l.unreadable > 0) parts.push(`${l.unreadable}个单元数据有误，须更正后才能判定`);
  const over = INDICATORS.filter((d) => l.indicators[d.id].cvPass === false).map((d) => d.shortName);
  if (over.length > 0) parts.push(`差异系数超限：${over.join("、")}`);
  const unknown = INDICATORS.filter((d) => l.indicators[d.id].cvPass === null).map((d) => d.shortName);
  if (unknown.length > 0 && l.units > 0) parts.push(`差异系数无法计算：${unknown.join("、")}`);
  return parts.join("；");
}

/**
 * The county's resource verdict with its reason, in one line: what a reader looks for first.
 *
 * @param result - The county's result.
 * @returns E.g. "县域资源配置：未达标——小学：11个单元未达标；初中：16个单元未达标（差异系数均不超过限值）".
 */
export function countyVerdict(result: CountyResult): string {
  const levels = LEVELS.map((l) => result.levels[l]).filter((l) => l.units + l.unreadable > 0);
  if (result.resourcePass === null || levels.length === 0) return "县域资源配置：—（没有可评估的学校）";
  const cvsPass = levels.every((l) => INDICATORS.every((d) => l.indicators[d.id].cvPass === true));
  if (result.resourcePass) return `县域资源配置：达标（每所学校达标，${levels.length * INDICATORS.length}项差异系数均不超过限值）`;
  const reasons = levels.filter((l) => l.pass === false).map((l) => `${LEVEL_NAMES[l.level]}：${levelReason(l)}`);
  return `县域资源配置：未达标——${reasons.join("；")}${cvsPass ? "（差异系数均不超过限值）" : ""}`;
}
