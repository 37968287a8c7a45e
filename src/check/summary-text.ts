import { formatNumber, formatRatio, shownUp } from "../core/format";
import { INDICATORS } from "../core/indicators";
import { LEVEL_NAMES } from "../core/school-kinds";
import { LEVELS } from "../core/types";
import { levelCounts, levelReason, unmetSentence } from "../plan/wording";
import type { CheckSuccess } from "./run-check";

const verdict = (p: boolean | null): string => (p === null ? "—" : p ? "达标" : "未达标");
const tick = (p: boolean | null): string => (p === null ? "—" : p ? "✓" : "✗");

/**
 * A readable text summary of a check for a terminal: units and passing per level, the CV table
 * with ✓/✗, the five largest gaps, and the count of data problems.
 *
 * @param o - A successful check.
 * @param largest - How many gaps to list (5).
 * @returns Lines of text.
 */
export function summaryLines(o: CheckSuccess, largest = 5): string[] {
  const lines: string[] = [];
  lines.push(`工作表${o.sheets.map((s) => `“${s}”`).join("")}：读取学校${o.read.schools.length}所，标准：${o.profile.name}`);
  for (const level of LEVELS) {
    const l = o.result.levels[level];
    if (l.units + l.unreadable + l.excluded === 0) continue;
    lines.push("");
    const why = levelReason(l);
    lines.push(`【${LEVEL_NAMES[level]}】${levelCounts(l)}；资源配置${verdict(l.pass)}${why ? `（${why}）` : ""}`);
    for (const d of INDICATORS) {
      const s = l.indicators[d.id];
      const cv = s.cv === null ? "—" : shownUp(s.cv, 4).toFixed(4);
      lines.push(`  ${tick(s.cvPass)} ${d.name}：${s.sentence}；差异系数 ${cv}（≤${formatNumber(s.cvLimit)}）`);
    }
  }
  lines.push("");
  lines.push(`县域资源配置：${verdict(o.result.resourcePass)}`);
  const gaps = o.result.units
    .flatMap((u) => (u.indicators ? INDICATORS.map((d) => ({ u, r: u.indicators?.[d.id] })) : []))
    .filter((x): x is { u: (typeof o.result.units)[number]; r: NonNullable<typeof x.r> } => x.r !== undefined && !x.r.meets)
    .sort((a, b) => a.r.ratio - b.r.ratio)
    .slice(0, largest);
  if (gaps.length > 0) {
    lines.push("");
    lines.push(`差距最大的${gaps.length}项（按达到标准的比例）：`);
    for (const g of gaps)
      lines.push(
        `  ${g.u.school}（${LEVEL_NAMES[g.u.level]}，第${g.u.sourceRow}行）：${unmetSentence(g.r)}，为标准的${formatRatio(g.r.ratio)}`,
      );
  }
  const errors = o.read.problems.filter((p) => p.severity === "error").length;
  const warnings = o.read.problems.filter((p) => p.severity === "warning").length;
  if (errors + warnings > 0) {
    lines.push("");
    lines.push(`数据问题：错误${errors}处，警告${warnings}处（详见“数据问题”表）`);
    for (const p of o.read.problems.filter((x) => x.severity === "error").slice(0, 5)) lines.push(`  ${p.message}`);
  }
  return lines;
}
