import { evaluateIndicators, rowVerdict } from "./evaluate-unit";
import { EvaluationUnit } from "./evaluation-unit";
import { atMost, formatDown } from "./format";
import { addGuaranteeChecks, addSchoolSizeCheck, GuaranteeTally } from "./guarantee";
import { INDICATORS, indicatorValue, type IndicatorDefinition } from "./indicators";
import type { Profile } from "./profile";
import { EXCLUSION_TEXT, LEVEL_NAMES, schoolKindDefinition } from "./school-kinds";
import { ResultTable } from "./result-table";
import { schoolNeeds, type SchoolNeed } from "./school-needs";
import { splitShares } from "./split-levels";
import type {
  CountyResult,
  ExclusionReason,
  IgnoredSchool,
  IndicatorId,
  Level,
  LevelIndicatorSummary,
  LevelSummary,
  SchoolRecord,
  StudentLevel,
} from "./types";
import { LEVELS } from "./types";
import { weightedCvOf } from "./weighted-cv";

/**
 * The exclusion of a unit (spec §1), or null when it is evaluated.
 *
 * @param school - The school.
 * @param students - The unit's students.
 * @param profile - The switches (民办, 直属, teaching-point threshold).
 * @returns The reason, or null.
 */
export function exclusionOf(school: SchoolRecord, students: number, profile: Profile): ExclusionReason | null {
  const kindReason = schoolKindDefinition(school.kind).excluded;
  if (kindReason) return kindReason;
  if (school.kind === "teachingPoint" && students < profile.teachingPointMinStudents) return "small-teaching-point";
  if (school.private === true && !profile.includePrivate) return "private";
  if (school.directlyAdministered === true && !profile.includeDirectlyAdministered) return "directly-administered";
  return null;
}

/**
 * The text of an exclusion reason with the profile's figures filled in.
 *
 * @param reason - The exclusion.
 * @param profile - Supplies the teaching-point threshold.
 * @returns The reason in words.
 */
export function exclusionText(reason: ExclusionReason, profile: Pick<Profile, "teachingPointMinStudents">): string {
  return EXCLUSION_TEXT[reason].replace("{n}", String(profile.teachingPointMinStudents));
}

const STUDENT_LEVELS: readonly StudentLevel[] = ["primary", "junior", "senior"];

function studentProblems(school: SchoolRecord): readonly string[] {
  let out: string[] | null = null;
  for (const level of STUDENT_LEVELS) {
    const n = school.students[level];
    if (n === undefined) continue;
    if (!Number.isFinite(n)) (out ??= []).push(`${LEVEL_NAMES[level]}在校生数无效`);
    else if (n < 0) (out ??= []).push(`${LEVEL_NAMES[level]}在校生数为负数（${n}）`);
    else if (!Number.isInteger(n)) (out ??= []).push(`${LEVEL_NAMES[level]}在校生数不是整数（${n}）`);
  }
  return out ?? NO_ERRORS;
}

/**
 * Turns one school into its evaluation units (spec §1–§3): a unit per level that has students,
 * excluded where the rules say, with resources split by weighted students, the seven indicators,
 * and the verdict. Data problems become units with errors (pass false), never exceptions.
 *
 * @param school - One school record.
 * @param profile - Standards and rules.
 * @returns The units, or the reason the school yields none.
 */
export function schoolUnits(
  school: SchoolRecord,
  profile: Profile,
): { readonly units: EvaluationUnit[]; readonly ignored: IgnoredSchool | null } {
  const units: EvaluationUnit[] = [];
  const ignored = addUnits(school, profile, new ResultTable(2), units);
  return { units, ignored };
}

/** {@link schoolUnits} into the county's list (no list per school). */
function addUnits(school: SchoolRecord, profile: Profile, table: ResultTable, into: EvaluationUnit[]): IgnoredSchool | null {
  const def = schoolKindDefinition(school.kind);
  if (def.ignored) return ignore(school, `${def.name}，不属于义务教育学校`);
  const problems = studentProblems(school);
  // A school whose figures could not be read is still listed, as a unit with errors.
  const unreadable = problems.length > 0 || (school.dataErrors?.length ?? 0) > 0;
  const withStudents = def.levels.filter((l) => (school.students[l] ?? 0) > 0);
  // A school whose figures could not be read is listed in each of its levels: none can be 达标.
  const levels = withStudents.length > 0 || !unreadable ? withStudents : def.levels;
  if (levels.length === 0) {
    return ignore(school, `没有${def.levels.map((l) => LEVEL_NAMES[l]).join("、")}在校学生（或缺少学生数），不形成评估单元`);
  }
  // A school of one level keeps all its resources (share 1): nothing to split.
  const shares = problems.length > 0 || def.shareLevels.length === 1 ? null : splitShares(school.students, def.shareLevels, profile);
  for (const level of levels) into.push(unitOf(school, level, shares?.[level] ?? 1, problems, profile, table));
  return null;
}

/** One level's unit: excluded, unreadable (with its errors), or evaluated with its verdict. */
function unitOf(
  school: SchoolRecord,
  level: Level,
  share: number,
  problems: readonly string[],
  profile: Profile,
  table: ResultTable,
): EvaluationUnit {
  const students = school.students[level] ?? 0;
  // A kind that takes no part (特殊教育, 职业初中) is excluded whatever its figures say; the
  // other exclusions need the figures (a teaching point's students).
  const kindExcluded = schoolKindDefinition(school.kind).excluded;
  const excluded =
    kindExcluded ?? (problems.length > 0 || (school.dataErrors?.length ?? 0) > 0 ? null : exclusionOf(school, students, profile));
  if (excluded) {
    return new EvaluationUnit(school, level, students, share, excluded, null, -1, null, null, exclusionText(excluded, profile), NO_ERRORS);
  }
  const errors: readonly string[] = school.dataErrors && school.dataErrors.length > 0 ? [...problems, ...school.dataErrors] : problems;
  const row = errors.length === 0 ? evaluateIndicators(school, level, students, share, profile, table) : NO_ERRORS;
  if (typeof row !== "number") {
    const all = [...errors, ...row];
    return new EvaluationUnit(school, level, students, share, null, null, -1, null, false, `数据有误，无法判定：${all.join("；")}`, all);
  }
  const verdict = rowVerdict(table, row, profile);
  return new EvaluationUnit(school, level, students, share, null, table, row, verdict.metCount, verdict.pass, verdict.reason, NO_ERRORS);
}

/** The errors of a unit without any (one shared empty list). */
const NO_ERRORS: readonly string[] = Object.freeze([]);

function ignore(school: SchoolRecord, reason: string): IgnoredSchool {
  return { schoolId: school.id, school: school.name, sourceRow: school.sourceRow, reason };
}

/**
 * The sentence bureaus write for one level and indicator, e.g. "全区5.95人，达标71/71".
 *
 * @param def - The indicator.
 * @param aggregate - The county aggregate.
 * @param compliant - Units meeting the standard.
 * @param units - Units evaluated.
 * @param regionWord - 全区 or 全县.
 * @returns The sentence.
 */
export function aggregateSentence(
  def: Pick<IndicatorDefinition, "unit">,
  aggregate: number | null,
  compliant: number,
  units: number,
  regionWord: string,
): string {
  const decimals = def.unit === "元" ? 0 : 2;
  // Cut down like every figure shown beside a standard: 4.1979 is 4.19, never 4.2.
  return `${regionWord}${aggregate === null ? "—" : formatDown(aggregate, decimals)}${def.unit}，达标${compliant}/${units}`;
}

/** Running sums of one level while the units are visited. */
class LevelSums {
  mine = 0;
  evaluated = 0;
  passing = 0;
  /** Units whose figures could not be read: in no count or aggregate, and the level cannot pass. */
  unreadable = 0;
  n = 0;
  students = 0;
  readonly weights: Float64Array;
  readonly values: Float64Array[];
  readonly amounts = new Float64Array(INDICATORS.length);
  readonly compliant = new Int32Array(INDICATORS.length);
  constructor(capacity: number) {
    this.weights = new Float64Array(capacity);
    this.values = INDICATORS.map(() => new Float64Array(capacity));
  }

  add(u: EvaluationUnit): void {
    this.mine += 1;
    if (u.excluded !== null) return;
    const table = u.table;
    if (table === null) {
      this.unreadable += 1;
      return;
    }
    this.evaluated += 1;
    if (u.pass === true) this.passing += 1;
    const i = this.n;
    const row = u.row;
    this.weights[i] = u.students;
    this.students += u.students;
    for (let k = 0; k < INDICATORS.length; k++) {
      (this.values[k] as Float64Array)[i] = table.value(row, k);
      this.amounts[k] = (this.amounts[k] as number) + table.amount(row, k);
      if (table.meets(row, k)) this.compliant[k] = (this.compliant[k] as number) + 1;
    }
    this.n = i + 1;
  }

  summary(level: Level, profile: Profile): LevelSummary {
    const indicators = {} as Record<IndicatorId, LevelIndicatorSummary>;
    const weights = this.weights.subarray(0, this.n);
    INDICATORS.forEach((def, k) => {
      const compliant = this.compliant[k] as number;
      const aggregate = this.students > 0 ? indicatorValue(def.formula, this.amounts[k] as number, this.students) : null;
      const cv = weightedCvOf((this.values[k] as Float64Array).subarray(0, this.n), weights);
      const cvLimit = profile.cvLimit[level];
      indicators[def.id] = {
        id: def.id,
        ...cv,
        aggregate,
        compliant,
        units: this.n,
        cvLimit,
        cvPass: cv.cv === null ? null : atMost(cv.cv, cvLimit),
        sentence: aggregateSentence(def, aggregate, compliant, this.evaluated, profile.regionWord),
      };
    });
    const allCv = INDICATORS.every((d) => indicators[d.id].cvPass === true);
    return {
      level,
      units: this.evaluated,
      passing: this.passing,
      failing: this.evaluated - this.passing,
      unreadable: this.unreadable,
      excluded: this.mine - this.evaluated - this.unreadable,
      pass: this.evaluated === 0 && this.unreadable === 0 ? null : this.unreadable === 0 && this.passing === this.evaluated && allCv,
      indicators,
    };
  }
}

/**
 * The summaries of both levels: counts, per indicator the aggregate, compliant units and the
 * weighted CV against its limit, and the level verdict (every unit passes and every CV within its
 * limit). One pass over the units: at a province's size each pass costs more in memory traffic
 * than the sums.
 *
 * @param units - All units.
 * @param profile - Limits and the region word.
 * @returns The summary per level.
 */
export function summarizeLevels(units: readonly EvaluationUnit[], profile: Profile): Record<Level, LevelSummary> {
  let primary = 0;
  for (const u of units) if (u.level === "primary") primary += 1;
  const sums: Record<Level, LevelSums> = { primary: new LevelSums(primary), junior: new LevelSums(units.length - primary) };
  for (const u of units) sums[u.level].add(u);
  return { primary: sums.primary.summary("primary", profile), junior: sums.junior.summary("junior", profile) };
}

/**
 * The summary of one level (see {@link summarizeLevels}).
 *
 * @param level - The level.
 * @param units - All units (of every level; others are skipped).
 * @param profile - Limits and the region word.
 * @returns The level summary.
 */
export function summarizeLevel(level: Level, units: readonly EvaluationUnit[], profile: Profile): LevelSummary {
  return summarizeLevels(units, profile)[level];
}

/**
 * Evaluates a county's schools: units, verdicts, gaps, CVs, level and 资源配置 verdicts, and the
 * per-school 政府保障程度 checks. Never throws for data problems.
 *
 * @param schools - The schools as read from the sheet.
 * @param profile - Standards and rules.
 * @returns The county result.
 */
export function evaluateCounty(schools: readonly SchoolRecord[], profile: Profile): CountyResult {
  const units: EvaluationUnit[] = [];
  const ignored: IgnoredSchool[] = [];
  const guarantee = new GuaranteeTally();
  let levels = 0;
  for (const s of schools) levels += schoolKindDefinition(s.kind).levels.length;
  const table = new ResultTable(levels);
  // A school entered as one row per level (…（小学部）/（初中部）, a 学段 column) is one school for 校额.
  const levelRows = new Map<string, { school: SchoolRecord; compulsory: number; primary: number; junior: number }>();
  const needs: SchoolNeed[] = [];
  for (const s of schools) {
    const before = units.length;
    const i = addUnits(s, profile, table, units);
    if (i) ignored.push(i);
    if (units.length > before && units[before]?.share !== 1) needs.push(...schoolNeeds(s, units.slice(before), profile));
    addGuaranteeChecks(s, profile, guarantee);
    if (s.levelRow) {
      const key = s.name.replace(/\s/g, "").replace(/[（(](小学部|初中部|小学|初中)[)）]$/, "");
      const g = levelRows.get(key) ?? { school: s, compulsory: 0, primary: 0, junior: 0 };
      g.compulsory += (s.students.primary ?? 0) + (s.students.junior ?? 0);
      g.primary += s.students.primary ?? 0;
      g.junior += s.students.junior ?? 0;
      levelRows.set(key, g);
    }
  }
  // Rows of both levels make one 一贯制 school, held to its limit (2500) whatever each row's kind says.
  for (const g of levelRows.values())
    addSchoolSizeCheck(g.school, g.compulsory, g.junior, profile, guarantee, g.primary > 0 && g.junior > 0);
  const summaries = summarizeLevels(units, profile);
  const judged = LEVELS.map((l) => summaries[l].pass).filter((p): p is boolean => p !== null);
  return {
    units,
    needs,
    ignored,
    levels: summaries,
    resourcePass: judged.length === 0 ? null : judged.every(Boolean),
    guarantee: guarantee.summary(),
  };
}
