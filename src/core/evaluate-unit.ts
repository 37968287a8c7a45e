import { amountFromValue, INDICATORS, indicatorValue, type IndicatorDefinition } from "./indicators";
import { atLeast, ceilTolerant, formatDown, formatNumber, formatPercent, formatRatio } from "./format";
import type { Profile } from "./profile";
import type { ResultTable } from "./result-table";
import type { IndicatorSource, Level, SchoolRecord } from "./types";

/** What a unit lacks for one indicator, given its amount. */
export interface GapFigures {
  /** Lacking to meet the standard. */
  readonly gap: number;
  /** Lacking to reach `floorRatio` × standard. */
  readonly floorGap: number;
}

/**
 * The gap (缺口) of one indicator (spec §3): teachers and rooms
 * `ceil(standard × students / 100 − amount)`, area `standard × students − area` ㎡, equipment
 * `standard × students − value` 元; 0 when nothing is lacking.
 *
 * @param def - The indicator.
 * @param standard - The standard for the unit's level.
 * @param students - The unit's students.
 * @param amount - What the unit has.
 * @param floorRatio - The 85% floor (profile).
 * @returns The gap to the standard and to the floor.
 * @example indicatorGap(degreeDef, 4.2, 500, 18, 0.85) // { gap: 3, floorGap: 0 }
 */
export function indicatorGap(
  def: Pick<IndicatorDefinition, "formula" | "gapUnit">,
  standard: number,
  students: number,
  amount: number,
  floorRatio: number,
): GapFigures {
  return { gap: lacking(def, standard, students, amount), floorGap: lacking(def, standard * floorRatio, students, amount) };
}

/** What is lacking to reach `target`: whole people or rooms, area and money as they are. */
function lacking(def: Pick<IndicatorDefinition, "formula" | "gapUnit">, target: number, students: number, amount: number): number {
  const needed = amountFromValue(def.formula, target, students);
  const raw = needed - amount;
  if (def.gapUnit === "people" || def.gapUnit === "rooms") return ceilTolerant(raw);
  return raw > 1e-9 * Math.max(1, needed) ? raw : 0;
}

/** The profile's standards per level as lists in INDICATORS order, worked out once per profile. */
const standardLists = new WeakMap<Profile, Readonly<Record<Level, readonly number[]>>>();
function standardsOf(profile: Profile, level: Level): readonly number[] {
  let lists = standardLists.get(profile);
  if (!lists) {
    lists = {
      primary: INDICATORS.map((d) => profile.standards[d.id].primary),
      junior: INDICATORS.map((d) => profile.standards[d.id].junior),
    };
    standardLists.set(profile, lists);
  }
  return lists[level];
}

/**
 * The answer of {@link levelFigure}, reused from call to call: a fresh object per indicator would
 * be 1.6 million short-lived objects for a province.
 */
const figure = { amount: 0, value: 0, assumedSplit: false };

/**
 * The level's amount and value of one indicator (into {@link figure}), or why it cannot be had.
 *
 * @returns null when the figure was found, else the problem in words.
 */
function levelFigure(
  def: IndicatorDefinition,
  source: IndicatorSource,
  level: Level,
  students: number,
  share: number,
  school: SchoolRecord,
  profile: Profile,
): string | null {
  switch (source.type) {
    case "value": {
      const value = source.values[level];
      if (value === undefined) return `缺少${def.name}（${level === "primary" ? "小学" : "初中"}）`;
      figure.value = value;
      figure.amount = amountFromValue(def.formula, value, students);
      figure.assumedSplit = false;
      return null;
    }
    case "byLevel": {
      const amount = source.amounts[level];
      if (amount === undefined) return `缺少${def.name}的分学段数据`;
      figure.amount = amount;
      figure.value = indicatorValue(def.formula, amount, students);
      figure.assumedSplit = false;
      return null;
    }
    case "whole": {
      let whole = source.byLevelRule?.[level] ?? source.amount;
      if (def.id === "teachingArea" && profile.teachingAreaNetOfIndoorSports) {
        whole = Math.max(0, whole - (school.indoorSportsArea ?? 0));
      }
      figure.amount = whole * share;
      figure.value = indicatorValue(def.formula, figure.amount, students);
      figure.assumedSplit = def.gapUnit === "people" && share < 1;
      return null;
    }
  }
}

/**
 * Computes the seven indicators of one unit (one level of one school) into a new row of `into`.
 *
 * @param school - The school.
 * @param level - The unit's level.
 * @param students - The level's students (> 0).
 * @param share - The level's share of whole-school resources (1 for a single-level school).
 * @param profile - Standards and switches.
 * @param into - The table that receives the row.
 * @returns The row, or the data problems (missing figures) that kept the unit from one.
 */
export function evaluateIndicators(
  school: SchoolRecord,
  level: Level,
  students: number,
  share: number,
  profile: Profile,
  into: ResultTable,
): number | readonly string[] {
  let errors: string[] | null = null;
  const standards = standardsOf(profile, level);
  const row = into.openRow(standards);
  for (let k = 0; k < INDICATORS.length; k++) {
    const def = INDICATORS[k] as IndicatorDefinition;
    const source = school.indicators[def.id];
    if (!source) {
      (errors ??= []).push(`缺少${def.name}的数据`);
      continue;
    }
    const problem = levelFigure(def, source, level, students, share, school, profile);
    if (problem !== null) {
      (errors ??= []).push(problem);
      continue;
    }
    const { amount, value, assumedSplit } = figure;
    if (!Number.isFinite(value) || value < 0) {
      (errors ??= []).push(`${def.name}的数据无效（${formatNumber(amount)}）`);
      continue;
    }
    const standard = standards[k] as number;
    const gap = lacking(def, standard, students, amount);
    const floorGap = lacking(def, standard * profile.floorRatio, students, amount);
    into.set(row, k, amount, value, gap, floorGap, atLeast(value, standard), assumedSplit);
  }
  if (errors) return errors;
  into.commit();
  return row;
}

/** The reason of a unit that meets all seven (one string shared by every such unit). */
const ALL_MET = `${INDICATORS.length}项指标全部达标`;

/** A unit's verdict (学校达标) and its reason in words. */
export interface UnitVerdict {
  readonly metCount: number;
  readonly pass: boolean;
  readonly reason: string;
}

/** The verdict of every unit that meets all seven (one object shared by them all). */
const ALL_MET_VERDICT: UnitVerdict = Object.freeze({ metCount: INDICATORS.length, pass: true, reason: ALL_MET });

/** One indicator in words, e.g. "生均教学仪器设备值1800元，为标准2000元的90%". */
function describe(def: IndicatorDefinition, value: number, standard: number): string {
  const d = def.unit === "元" ? 0 : 2;
  return `${def.name}${formatDown(value, d)}${def.unit}，为标准${formatNumber(standard)}${def.unit}的${formatRatio(value / standard)}`;
}

/**
 * The per-unit verdict (spec §3): at least `minMet` (6) of the seven met **and** every indicator
 * at least `floorRatio` (85%) of its standard. An indicator meets its standard when its value is
 * at least the standard, unrounded (tolerant of floating-point noise only).
 *
 * @param values - The seven values, in the order of {@link INDICATORS}.
 * @param standards - Their standards, in the same order.
 * @param profile - Supplies minMet and floorRatio.
 * @returns Met count, pass and the reason in words.
 * @example unitVerdict([6, 1.6, 1.2, 6, 10, 1800, 3.2], [4.2, 1, 0.9, 4.5, 7.5, 2000, 2.3], NATIONAL_PROFILE).reason
 * // "6项达标；生均教学仪器设备值1800元，为标准2000元的90%（不低于85%）"
 */
export function unitVerdict(
  values: ArrayLike<number>,
  standards: ArrayLike<number>,
  profile: Pick<Profile, "minMet" | "floorRatio">,
): UnitVerdict {
  const n = INDICATORS.length;
  const met = (k: number): boolean => atLeast(values[k] as number, standards[k] as number);
  const aboveFloor = (k: number): boolean => atLeast((values[k] as number) / (standards[k] as number), profile.floorRatio);
  let metCount = 0;
  let belowFloor = 0;
  for (let k = 0; k < n; k++) {
    if (met(k)) metCount += 1;
    else if (!aboveFloor(k)) belowFloor += 1;
  }
  // Most units meet all seven: they share one verdict.
  if (metCount === n) return ALL_MET_VERDICT;
  const pass = metCount >= profile.minMet && belowFloor === 0;
  const floorText = formatPercent(profile.floorRatio);
  const text = (k: number): string => describe(INDICATORS[k] as IndicatorDefinition, values[k] as number, standards[k] as number);
  // Pieces joined once: the reason is kept for every failing unit of a province, and one flat
  // string is a fraction of the size of the pieces a chain of concatenations would keep alive.
  const parts: string[] = [];
  if (pass) {
    parts.push(`${metCount}项达标`);
    for (let k = 0; k < n; k++) if (!met(k)) parts.push(text(k));
    parts[parts.length - 1] += `（不低于${floorText}）`;
    return { metCount, pass, reason: parts.join("；") };
  }
  const tooFew = metCount < profile.minMet;
  const few = metCount === 0 ? `${n}项均未达标` : `仅${metCount}项达标`;
  parts.push(tooFew ? `未达标：${few}（至少需${profile.minMet}项）` : `未达标：${metCount}项达标`);
  for (let k = 0; k < n; k++) if (!met(k) && !aboveFloor(k)) parts.push(`${text(k)}（低于${floorText}）`);
  if (tooFew) for (let k = 0; k < n; k++) if (!met(k) && aboveFloor(k)) parts.push(text(k));
  return { metCount, pass, reason: parts.join("；") };
}

/** The figures of one unit while its verdict is worded (reused: a province has 100 000 to word). */
const verdictValues = new Float64Array(INDICATORS.length);
const verdictStandards = new Float64Array(INDICATORS.length);

/**
 * The verdict of a unit whose results are a row of a table ({@link unitVerdict}): read from the
 * table's flags for the units that meet all seven, worded from the row for the others.
 *
 * @param table - The table.
 * @param row - The unit's row.
 * @param profile - Supplies minMet and floorRatio.
 * @returns Met count, pass and the reason in words.
 */
export function rowVerdict(table: ResultTable, row: number, profile: Pick<Profile, "minMet" | "floorRatio">): UnitVerdict {
  if (table.metCount(row) === INDICATORS.length) return ALL_MET_VERDICT;
  for (let k = 0; k < INDICATORS.length; k++) {
    verdictValues[k] = table.value(row, k);
    verdictStandards[k] = table.standard(row, k);
  }
  return unitVerdict(verdictValues, verdictStandards, profile);
}
