import { INDICATORS } from "./indicators";
import type { CountyResult, IndicatorId, Level } from "./types";
import { LEVELS } from "./types";

/** A target of the 推进规划: by a year, so many of so many units meet an indicator. */
export interface PlanTarget {
  readonly indicator: IndicatorId;
  readonly level: Level;
  readonly year: number;
  readonly met: number;
  readonly total: number;
  /** The cell the target was read from. */
  readonly cell: string;
}

/** One line of the plan comparison. */
export interface TrackingLine {
  readonly indicator: IndicatorId;
  readonly level: Level;
  readonly target: PlanTarget | null;
  /** Units meeting the indicator now, and units evaluated. */
  readonly actualMet: number;
  readonly actualTotal: number;
  /** on-plan: the share meeting it is at least the target's share; behind: below; no-target. */
  readonly status: "on-plan" | "behind" | "no-target";
}

/**
 * Compares this year's targets of the 推进规划 with the check: per level and indicator, the
 * units meeting the indicator against the target 达标学校数/学校总数 (compared as shares, since the
 * number of schools changes as schools merge or open).
 *
 * @param targets - Targets read from the plan sheet.
 * @param result - The check.
 * @param year - The year to compare (the check's year).
 * @returns One line per level with units and indicator.
 */
export function trackPlan(targets: readonly PlanTarget[], result: CountyResult, year: number): TrackingLine[] {
  const out: TrackingLine[] = [];
  for (const level of LEVELS) {
    const l = result.levels[level];
    if (l.units === 0) continue;
    for (const d of INDICATORS) {
      const target = targets.find((t) => t.indicator === d.id && t.level === level && t.year === year) ?? null;
      const actualMet = l.indicators[d.id].compliant;
      const actualTotal = l.units;
      let status: TrackingLine["status"] = "no-target";
      if (target && target.total > 0) status = actualMet * target.total >= target.met * actualTotal ? "on-plan" : "behind";
      out.push({ indicator: d.id, level, target, actualMet, actualTotal, status });
    }
  }
  return out;
}

/** The county's total gap per level and indicator: to the standard and to the 85% floor. */
export interface GapTotal {
  readonly indicator: IndicatorId;
  readonly level: Level;
  /** Units not meeting the indicator. */
  readonly units: number;
  readonly gap: number;
  readonly floorGap: number;
}

/**
 * What the county lacks (缺口), per level and indicator: how many teachers, rooms, ㎡ and 元 to bring
 * every unit to the standard, and to 85% of it. A unit's gap counts for a school of one level; a
 * school whose resources are split counts its whole-school need (spec §3), against the level whose
 * standard sets it, so that building what the summary says is enough.
 *
 * @param result - The check.
 * @returns One line per level with units and indicator.
 */
export function gapTotals(result: CountyResult): GapTotal[] {
  const out: GapTotal[] = [];
  const covered = new Set(result.needs.map((n) => `${n.schoolId}|${n.indicator}`));
  for (const level of LEVELS) {
    const units = result.units.filter((u) => u.level === level && u.excluded === null && u.indicators);
    if (units.length === 0) continue;
    for (const d of INDICATORS) {
      let n = 0;
      let gap = 0;
      let floorGap = 0;
      for (const u of units) {
        const r = u.indicators?.[d.id];
        if (!r || r.meets) continue;
        n += 1;
        if (covered.has(`${u.schoolId}|${d.id}`)) continue;
        gap += r.gap;
        floorGap += r.floorGap;
      }
      for (const need of result.needs) {
        if (need.indicator !== d.id || need.level !== level) continue;
        gap += need.need;
        floorGap += need.floorNeed;
      }
      out.push({ indicator: d.id, level, units: n, gap, floorGap });
    }
  }
  return out;
}
