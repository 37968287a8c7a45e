import { formatDown, formatNumber, formatUp } from "../core/format";
import { INDICATORS, indicatorDefinition } from "../core/indicators";
import type { EvaluationUnit, IndicatorResult } from "../core/types";

const GAP_UNITS = { people: "人", rooms: "间", area: "㎡", yuan: "元" } as const;

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
  const gap = def.gapUnit === "area" || def.gapUnit === "yuan" ? formatUp(r.gap, def.unit === "元" ? 0 : 1) : formatUp(r.gap, 0);
  const assumed = r.assumedSplit ? "（教师数按学生比例拆分）" : "";
  // Shown by one rule: the value cut down, the shortfall raised, so neither looks met.
  return `${def.name} ${formatDown(r.value, dec)}${def.unit}，标准${formatNumber(r.standard, dec)}${def.unit}，差${formatUp(diff, dec)}${def.unit}${per}，缺口 ${gap}${GAP_UNITS[def.gapUnit]}${assumed}`;
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
    if (r.gap > 0) parts.push(`${d.shortName}${formatUp(r.gap, d.gapUnit === "area" ? 1 : 0)}${GAP_UNITS[d.gapUnit]}`);
  }
  return parts.length ? `缺 ${parts.join("、")}` : "";
}
