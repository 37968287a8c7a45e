import { ceilTolerant } from "./format";
import { amountFromValue, INDICATORS, type IndicatorDefinition } from "./indicators";
import type { Profile } from "./profile";
import type { EvaluationUnit } from "./evaluation-unit";
import type { IndicatorId, IndicatorSource, Level, SchoolRecord } from "./types";

/**
 * What a split school needs (spec §3, last paragraph): the money, area and rooms are bought for the
 * whole school and only a share reaches each level, so the need is the smallest whole-school amount
 * R for which every level meets its standard (R × share ÷ level students, × 100 for 每百名, ≥
 * standard), minus what the school has — not the sum of its units' gaps, which understates it.
 * Teachers counted by a level rule (专科+ for 小学, 本科+ for 初中) are hired to meet every level's
 * rule at once. Teachers given per level are hired per level: no whole-school need then.
 */

/** A split school's need for one indicator, counted against the level that needs the most. */
export interface SchoolNeed {
  readonly schoolId: string;
  readonly indicator: IndicatorId;
  /** The level whose standard sets the need. */
  readonly level: Level;
  /** Lacking to meet every level's standard. */
  readonly need: number;
  /** Lacking to reach every level's floor (85% of the standard). */
  readonly floorNeed: number;
}

function required(def: IndicatorDefinition, target: number, students: number, share: number): number {
  return amountFromValue(def.formula, target, students) / share;
}

function lacking(def: IndicatorDefinition, raw: number, scale: number): number {
  if (def.gapUnit === "people" || def.gapUnit === "rooms") return ceilTolerant(raw);
  return raw > 1e-9 * Math.max(1, scale) ? raw : 0;
}

/**
 * The whole-school needs of one school whose resources are split between levels.
 *
 * @param school - The school.
 * @param units - Its units (those evaluated with a share below 1 count).
 * @param profile - Standards and the 85% floor.
 * @returns One need per indicator whose source is a whole-school figure.
 */
export function schoolNeeds(school: SchoolRecord, units: readonly EvaluationUnit[], profile: Profile): SchoolNeed[] {
  const evaluated = units.filter((u) => u.excluded === null && u.table !== null && u.share < 1);
  if (evaluated.length === 0) return [];
  const out: SchoolNeed[] = [];
  for (const def of INDICATORS) {
    const source: IndicatorSource | undefined = school.indicators[def.id];
    if (!source || source.type !== "whole") continue;
    let worst = -Infinity;
    let binding = evaluated[0]?.level as Level;
    let floorNeed = 0;
    let total = 0;
    for (const u of evaluated) {
      let have = source.byLevelRule?.[u.level] ?? source.amount;
      if (def.id === "teachingArea" && profile.teachingAreaNetOfIndoorSports) have = Math.max(0, have - (school.indoorSportsArea ?? 0));
      const standard = profile.standards[def.id][u.level];
      const lack = required(def, standard, u.students, u.share) - have;
      const floorLack = required(def, standard * profile.floorRatio, u.students, u.share) - have;
      total = Math.max(total, have);
      if (lack > worst) {
        worst = lack;
        binding = u.level;
      }
      floorNeed = Math.max(floorNeed, floorLack);
    }
    out.push({
      schoolId: school.id,
      indicator: def.id,
      level: binding,
      need: lacking(def, worst, total),
      floorNeed: lacking(def, floorNeed, total),
    });
  }
  return out;
}
