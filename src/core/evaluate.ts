import { evaluateIndicators, resultList, unitVerdict } from "./evaluate-unit";
import { atMost, formatNumber } from "./format";
import { guaranteeChecks } from "./guarantee";
import { INDICATORS, indicatorValue, type IndicatorDefinition } from "./indicators";
import type { Profile } from "./profile";
import { EXCLUSION_TEXT, LEVEL_NAMES, schoolKindDefinition } from "./school-kinds";
import { splitShares } from "./split-levels";
import type {
  CountyResult,
  EvaluationUnit,
  ExclusionReason,
  GuaranteeCheck,
  IgnoredSchool,
  IndicatorId,
  IndicatorResult,
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

function studentProblems(school: SchoolRecord): string[] {
  const out: string[] = [];
  for (const level of STUDENT_LEVELS) {
    const n = school.students[level];
    if (n === undefined) continue;
    if (!Number.isFinite(n)) out.push(`${LEVEL_NAMES[level]}在校生数无效`);
    else if (n < 0) out.push(`${LEVEL_NAMES[level]}在校生数为负数（${n}）`);
    else if (!Number.isInteger(n)) out.push(`${LEVEL_NAMES[level]}在校生数不是整数（${n}）`);
  }
  return out;
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
  const def = schoolKindDefinition(school.kind);
  const ignore = (reason: string) => ({
    units: [],
    ignored: { schoolId: school.id, school: school.name, sourceRow: school.sourceRow, reason },
  });
  if (def.ignored) return ignore(`${def.name}，不属于义务教育学校`);
  const problems = studentProblems(school);
  // A school whose figures could not be read is still listed, as a unit with errors.
  const unreadable = problems.length > 0 || (school.dataErrors?.length ?? 0) > 0;
  const withStudents = def.levels.filter((l) => (school.students[l] ?? 0) > 0);
  const levels = withStudents.length > 0 || !unreadable ? withStudents : def.levels.slice(0, 1);
  if (levels.length === 0) {
    return ignore(`没有${def.levels.map((l) => LEVEL_NAMES[l]).join("、")}在校学生（或缺少学生数），不形成评估单元`);
  }
  const shares = problems.length > 0 ? null : splitShares(school.students, def.shareLevels, profile);
  const units = levels.map((level): EvaluationUnit => {
    const students = school.students[level] ?? 0;
    const share = shares?.[level] ?? 1;
    // Every unit is built by the same literal, in the same shape.
    const unit = (
      excluded: ExclusionReason | null,
      indicators: EvaluationUnit["indicators"],
      metCount: number | null,
      pass: boolean | null,
      reason: string,
      errors: readonly string[],
    ): EvaluationUnit => ({
      key: `${school.id}:${level}`,
      schoolId: school.id,
      school: school.name,
      sourceRow: school.sourceRow,
      kind: school.kind,
      level,
      students,
      share,
      excluded,
      indicators,
      metCount,
      pass,
      reason,
      errors,
    });
    const excluded = problems.length > 0 ? null : exclusionOf(school, students, profile);
    if (excluded) return unit(excluded, null, null, null, exclusionText(excluded, profile), []);
    const errors = school.dataErrors && school.dataErrors.length > 0 ? [...problems, ...school.dataErrors] : problems;
    const evaluated = errors.length === 0 ? evaluateIndicators(school, level, students, share, profile) : null;
    if (!evaluated || !evaluated.ok) {
      const all = evaluated && !evaluated.ok ? [...errors, ...evaluated.errors] : errors;
      return unit(null, null, null, false, `数据有误，无法判定：${all.join("；")}`, all);
    }
    const verdict = unitVerdict(evaluated.indicators, profile);
    return unit(null, evaluated.indicators, verdict.metCount, verdict.pass, verdict.reason, []);
  });
  return { units, ignored: null };
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
  return `${regionWord}${formatNumber(aggregate, decimals)}${def.unit}，达标${compliant}/${units}`;
}

/**
 * The summary of one level: counts, per indicator the aggregate, compliant units and the weighted
 * CV against its limit, and the level verdict (every unit passes and every CV within its limit).
 *
 * @param level - The level.
 * @param units - All units (of every level; others are skipped).
 * @param profile - Limits and the region word.
 * @returns The level summary.
 */
export function summarizeLevel(level: Level, units: readonly EvaluationUnit[], profile: Profile): LevelSummary {
  const mine = units.filter((u) => u.level === level);
  const evaluated = mine.filter((u) => u.excluded === null);
  const passing = evaluated.filter((u) => u.pass === true).length;
  const indicators = {} as Record<IndicatorId, LevelIndicatorSummary>;
  // One pass over the units gathers every indicator's values, amounts and compliance: at a
  // province's size a pass per indicator costs more in memory traffic than the arithmetic.
  const withFigures = evaluated.filter((u) => u.indicators !== null);
  const n = withFigures.length;
  const weights = new Float64Array(n);
  const values = INDICATORS.map(() => new Float64Array(n));
  const amounts = new Float64Array(INDICATORS.length);
  const compliant = new Int32Array(INDICATORS.length);
  let students = 0;
  for (let i = 0; i < n; i++) {
    const u = withFigures[i] as EvaluationUnit;
    const rs = u.indicators as Readonly<Record<IndicatorId, IndicatorResult>>;
    weights[i] = u.students;
    students += u.students;
    const list = resultList(rs);
    for (let k = 0; k < list.length; k++) {
      const r = list[k] as IndicatorResult;
      (values[k] as Float64Array)[i] = r.value;
      amounts[k] = (amounts[k] as number) + r.amount;
      if (r.meets) compliant[k] = (compliant[k] as number) + 1;
    }
  }
  INDICATORS.forEach((def, k) => {
    const aggregate = students > 0 ? indicatorValue(def.formula, amounts[k] as number, students) : null;
    const cv = weightedCvOf(values[k] as Float64Array, weights);
    const cvLimit = profile.cvLimit[level];
    indicators[def.id] = {
      id: def.id,
      ...cv,
      aggregate,
      compliant: compliant[k] as number,
      units: n,
      cvLimit,
      cvPass: cv.cv === null ? null : atMost(cv.cv, cvLimit),
      sentence: aggregateSentence(def, aggregate, compliant[k] as number, evaluated.length, profile.regionWord),
    };
  });
  const allCv = INDICATORS.every((d) => indicators[d.id].cvPass === true);
  return {
    level,
    units: evaluated.length,
    passing,
    failing: evaluated.length - passing,
    excluded: mine.length - evaluated.length,
    pass: evaluated.length === 0 ? null : passing === evaluated.length && allCv,
    indicators,
  };
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
  const guarantee: GuaranteeCheck[] = [];
  for (const s of schools) {
    const r = schoolUnits(s, profile);
    for (const u of r.units) units.push(u);
    if (r.ignored) ignored.push(r.ignored);
    for (const g of guaranteeChecks(s, profile)) guarantee.push(g);
  }
  const levels = {
    primary: summarizeLevel("primary", units, profile),
    junior: summarizeLevel("junior", units, profile),
  };
  const judged = LEVELS.map((l) => levels[l].pass).filter((p): p is boolean => p !== null);
  return {
    units,
    ignored,
    levels,
    resourcePass: judged.length === 0 ? null : judged.every(Boolean),
    guarantee,
  };
}
