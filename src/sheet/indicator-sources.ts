import { INDICATORS } from "../core/indicators";
import type { IndicatorId, IndicatorSource, Level } from "../core/types";
import { add, evaluate, totalOrParts, type Conflict, type Figure, type SlotIndex, type Term } from "./figures";
import type { NumberStore } from "./number-store";

/**
 * What makes each of the seven indicators on a sheet — the one place that says it (spec §3):
 * - 高于规定学历: the 高于规定学历教师数 column, else the degree columns above the level's rule
 *   (专科 and up for 小学, 本科 and up for 初中; 研究生 is its total or 博士 + 硕士);
 * - 体艺: the 体育、艺术 column, else 体育 + 艺术 (its total, or 音乐 + 美术 + 综合艺术);
 * - 体育运动场馆: the column, else outdoor grounds + indoor sports rooms;
 * - the others: their column.
 * Each is read per level where the sheet gives the level (（小学）/（初中） columns, a group 小学 |
 * 初中), and for the whole school otherwise.
 */

/** An indicator's terms on one sheet. */
export interface IndicatorRecipe {
  readonly id: IndicatorId;
  /** The whole school's amount, as counted for a unit of each level (the degree rule differs). */
  readonly whole: Readonly<Record<Level, Term | null>>;
  /** The amount the sheet gives for each level. */
  readonly byLevel: Readonly<Record<Level, Term | null>>;
  /** Values already computed on the sheet (测算表), for the whole row and per level. */
  readonly value: Term | null;
  readonly valueByLevel: Readonly<Record<Level, Term | null>>;
}

const LEVEL_LIST: readonly Level[] = ["primary", "junior"];

function degreeTerm(ix: SlotIndex, level: Level | undefined, rule: Level): Term | null {
  const direct = ix.term("degreeTeachers", level);
  if (direct) return direct;
  const postgrad = totalOrParts(ix.term("degreeBy", level, "postgrad"), [
    ix.term("degreeBy", level, "doctor"),
    ix.term("degreeBy", level, "master"),
  ]);
  const bachelor = ix.term("degreeBy", level, "bachelor");
  return rule === "primary" ? add([postgrad, bachelor, ix.term("degreeBy", level, "associate")]) : add([postgrad, bachelor]);
}

function peArtTerm(ix: SlotIndex, level: Level | undefined): Term | null {
  const direct = ix.term("peArtTeachers", level);
  if (direct) return direct;
  const arts = totalOrParts(ix.term("subjectTeachers", level, "artsTotal"), [
    ix.term("subjectTeachers", level, "music"),
    ix.term("subjectTeachers", level, "art"),
    ix.term("subjectTeachers", level, "arts"),
  ]);
  const pe = ix.term("subjectTeachers", level, "pe");
  return pe || arts ? add([pe, arts]) : null;
}

function sportsTerm(ix: SlotIndex, level: Level | undefined): Term | null {
  const direct = ix.term("sportsArea", level);
  if (direct) return direct;
  const outdoor = ix.term("outdoorSports", level);
  const indoor = ix.term("indoorSports", level);
  // Indoor rooms alone are not the sports area: the grounds are missing.
  return outdoor ? add([outdoor, indoor]) : null;
}

function termOf(ix: SlotIndex, id: IndicatorId, level: Level | undefined, rule: Level): Term | null {
  switch (id) {
    case "degree":
      return degreeTerm(ix, level, rule);
    case "peArt":
      return peArtTerm(ix, level);
    case "sportsArea":
      return sportsTerm(ix, level);
    default:
      return ix.term(id, level);
  }
}

/**
 * The seven indicators' terms on a sheet.
 *
 * @param ix - The sheet's columns by meaning.
 * @returns One recipe per indicator, in the official order.
 */
export function indicatorRecipes(ix: SlotIndex): IndicatorRecipe[] {
  return INDICATORS.map((d) => {
    // One term for both levels, except where the definition differs by level (the degree rule).
    const primary = termOf(ix, d.id, undefined, "primary");
    const junior = d.id === "degree" ? termOf(ix, d.id, undefined, "junior") : primary;
    return recipeOf(d.id, ix, primary, junior);
  });
}

function recipeOf(id: IndicatorId, ix: SlotIndex, primary: Term | null, junior: Term | null): IndicatorRecipe {
  const d = { id };
  return {
    id: d.id,
    whole: { primary, junior },
    byLevel: { primary: termOf(ix, d.id, "primary", "primary"), junior: termOf(ix, d.id, "junior", "junior") },
    value: ix.term("value", undefined, d.id),
    valueByLevel: { primary: ix.term("value", "primary", d.id), junior: ix.term("value", "junior", d.id) },
  };
}

/** Whether the sheet has anything for an indicator. */
export function recipeFound(r: IndicatorRecipe): boolean {
  return !!(
    r.whole.primary ||
    r.whole.junior ||
    r.byLevel.primary ||
    r.byLevel.junior ||
    r.value ||
    r.valueByLevel.primary ||
    r.valueByLevel.junior
  );
}

/** An indicator of one row: its source for the core, the cells behind it, and what disagreed. */
export interface RowIndicator {
  readonly source: IndicatorSource | null;
  /** The slots (columns) behind each level's figure. */
  readonly slots: Readonly<Partial<Record<Level, readonly number[]>>>;
  /** The source is the sheet's computed values. */
  readonly fromValues: boolean;
  /** A whole-school value could not be given to the levels of a school with several. */
  readonly ambiguous: boolean;
  /** Totals that disagree with their parts (合计 ≠ 小学 + 初中, 艺术计 ≠ 音乐 + 美术). */
  readonly conflicts: readonly Conflict[];
}

type Slots = Partial<Record<Level, readonly number[]>>;

/**
 * One row's source of an indicator.
 *
 * @param r - The indicator's recipe.
 * @param store - The numbers.
 * @param base - The row's base index.
 * @param levels - The levels the row's school yields units for.
 * @param levelRow - The level when the row is one level of a school (…（小学部）, a 学段 column).
 * @returns The source (null when the sheet has nothing for it) and the cells behind it.
 */
export function rowIndicator(
  r: IndicatorRecipe,
  store: NumberStore,
  base: number,
  levels: readonly Level[],
  levelRow: Level | null,
): RowIndicator {
  const conflicts: Conflict[] = [];
  const fig = (t: Term | null): Figure | null => (t ? evaluate(t, store, base, conflicts) : null);
  const done = (source: IndicatorSource | null, slots: Slots, fromValues = false, ambiguous = false): RowIndicator => ({
    source,
    slots,
    fromValues,
    ambiguous,
    conflicts,
  });
  if (levelRow) {
    const own = fig(r.byLevel[levelRow]);
    const whole = fig(r.whole[levelRow]);
    const use = own && !own.blank ? own : (whole ?? own);
    if (use) return done({ type: "byLevel", amounts: { [levelRow]: use.value } }, { [levelRow]: use.slots });
    const v = fig(r.valueByLevel[levelRow]) ?? fig(r.value);
    return v ? done({ type: "value", values: { [levelRow]: v.value } }, { [levelRow]: v.slots }, true) : done(null, {});
  }
  if (LEVEL_LIST.some((l) => levels.includes(l) && r.byLevel[l])) return byLevelSource(r, fig, levels, conflicts, done);
  if (r.whole.primary || r.whole.junior) return wholeSource(r, fig, levels, done);
  // Values computed on the sheet.
  const values: Partial<Record<Level, number>> = {};
  const slots: Record<string, readonly number[]> = {};
  for (const l of LEVEL_LIST) {
    const v = fig(r.valueByLevel[l]);
    if (v) {
      values[l] = v.value;
      slots[l] = v.slots;
    }
  }
  const whole = fig(r.value);
  if (whole && Object.keys(values).length === 0) {
    if (levels.length !== 1) return done(null, { primary: whole.slots, junior: whole.slots }, true, true);
    values[levels[0] as Level] = whole.value;
    slots[levels[0] as Level] = whole.slots;
  }
  return Object.keys(values).length > 0 ? done({ type: "value", values }, slots, true) : done(null, {});
}

type Done = (source: IndicatorSource | null, slots: Slots) => RowIndicator;

/** Per-level figures: as given; a single-level school's 合计 where its level is blank; blanks as 0. */
function byLevelSource(
  r: IndicatorRecipe,
  fig: (t: Term | null) => Figure | null,
  levels: readonly Level[],
  conflicts: Conflict[],
  done: Done,
): RowIndicator {
  const amounts: Partial<Record<Level, number>> = {};
  const slots: Record<string, readonly number[]> = {};
  const given: Figure[] = [];
  const missing: Level[] = [];
  for (const l of levels) {
    const f = fig(r.byLevel[l]);
    if (f && !f.blank) {
      amounts[l] = f.value;
      slots[l] = f.slots;
      given.push(f);
    } else missing.push(l);
  }
  const whole = fig(r.whole[levels[0] ?? "primary"]);
  const sum = given.reduce((a, f) => a + f.value, 0);
  if (missing.length === 0) {
    if (whole && !whole.blank && levels.length === LEVEL_LIST.length && Math.abs(sum - whole.value) > 1e-9 * Math.max(1, whole.value))
      conflicts.push({ total: whole, parts: { value: sum, blank: false, slots: given.flatMap((f) => f.slots) } });
    return done({ type: "byLevel", amounts }, slots);
  }
  if (whole && !whole.blank) {
    if (levels.length === 1)
      return done({ type: "byLevel", amounts: { [levels[0] as Level]: whole.value } }, { [levels[0] as Level]: whole.slots });
    if (missing.length === levels.length) return wholeSource(r, fig, levels, done);
    // One level given, the other not: the rest of the whole is the other level's.
    for (const l of missing) {
      amounts[l] = missing.length === 1 ? Math.max(0, whole.value - sum) : 0;
      slots[l] = [...whole.slots, ...given.flatMap((f) => f.slots)];
    }
    return done({ type: "byLevel", amounts }, slots);
  }
  // Blank cells are 0 (spec §6).
  for (const l of missing) {
    amounts[l] = 0;
    slots[l] = fig(r.byLevel[l])?.slots ?? [];
  }
  return done({ type: "byLevel", amounts }, slots);
}

/** The whole school's figure, split between levels by the core (the degree rule per level). */
function wholeSource(r: IndicatorRecipe, fig: (t: Term | null) => Figure | null, levels: readonly Level[], done: Done): RowIndicator {
  const p = fig(r.whole.primary);
  const j = r.whole.junior === r.whole.primary ? p : fig(r.whole.junior);
  const first = levels[0] === "junior" ? j : p;
  if (!first) return done(null, {});
  const slots = { ...(p ? { primary: p.slots } : {}), ...(j ? { junior: j.slots } : {}) };
  if (p && j && p.value !== j.value)
    return done({ type: "whole", amount: first.value, byLevelRule: { primary: p.value, junior: j.value } }, slots);
  return done({ type: "whole", amount: first.value }, slots);
}
