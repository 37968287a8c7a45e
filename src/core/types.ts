/**
 * Domain types of the evaluation core.
 *
 * Glossary (the official Chinese terms and the identifiers used for them):
 * - 优质均衡 — high-quality balanced development of compulsory education (教督〔2017〕6号).
 * - 资源配置 — resource allocation: the seven indicators ({@link IndicatorId}).
 * - 评估单元 — evaluation unit: one level (学段) of one school ({@link EvaluationUnit}).
 * - 学段 — level: 小学 `primary`, 初中 `junior`; 高中 `senior` only takes a share of resources.
 * - 九年一贯制学校 `nineYear`, 完全中学 `complete`, 十二年一贯制学校 `twelveYear` — schools whose
 *   resources are split (拆分) between levels by weighted students.
 * - 教学点 `teachingPoint` — a teaching point; excluded under 50 students.
 * - 差异系数 — the student-weighted inter-school coefficient of variation ({@link LevelIndicatorSummary}).
 * - 缺口 — gap: what a unit lacks to meet a standard.
 * - 政府保障程度 — government guarantee items; the per-school ones are {@link GuaranteeCheck}.
 */
import type { EvaluationUnit } from "./evaluation-unit";
import type { SchoolNeed } from "./school-needs";

/** A level of compulsory education evaluated on its own. */
export type Level = "primary" | "junior";

/** Every level a school's students can belong to (senior students only take a share). */
export type StudentLevel = Level | "senior";

/** The two evaluated levels, in display order. */
export const LEVELS: readonly Level[] = ["primary", "junior"];

/** Identifiers of the seven resource indicators (资源配置). */
export type IndicatorId = "degree" | "backbone" | "peArt" | "teachingArea" | "sportsArea" | "equipment" | "multimedia";

/** How an indicator value is formed from an amount and the students. */
export type FormulaKind = "per100Students" | "perStudent";

/** What a gap is counted in: people, rooms, square metres or yuan. */
export type GapUnit = "people" | "rooms" | "area" | "yuan";

/** School kinds (办学类型) as the core knows them, with their GB/T 33782 codes in JSDoc. */
export type SchoolKind =
  /** 小学 (211), also 附设小学班 (219) */
  | "primary"
  /** 小学教学点 (218) */
  | "teachingPoint"
  /** 初级中学 (311) */
  | "junior"
  /** 九年一贯制学校 (312) */
  | "nineYear"
  /** 职业初中 (321) */
  | "vocationalJunior"
  /** 完全中学 (341) */
  | "complete"
  /** 高级中学 (342) */
  | "senior"
  /** 十二年一贯制学校 (345) */
  | "twelveYear"
  /** 特殊教育学校 (5xx) */
  | "special";

/** Why a unit takes no part in the seven indicators (report contract §7). */
export type ExclusionReason = "small-teaching-point" | "special-education" | "vocational" | "private" | "directly-administered";

/** Students per level; a missing level has none. */
export type StudentsByLevel = Partial<Record<StudentLevel, number>>;

/**
 * Where an indicator's figures come from for one school.
 * - `whole`: one whole-school amount, split between levels by weighted students; `byLevelRule`
 *   gives a different whole-school amount per level where the definition differs by level (teachers
 *   above the required degree: 专科及以上 for primary, 本科及以上 for junior).
 * - `byLevel`: the amount for each level as the sheet gives it (e.g. 骨干教师(小学)/(初中)); not split.
 * - `value`: the indicator value already computed on the sheet, per level; evaluated as given.
 */
export type IndicatorSource =
  | { readonly type: "whole"; readonly amount: number; readonly byLevelRule?: Partial<Record<Level, number>> }
  | { readonly type: "byLevel"; readonly amounts: Partial<Record<Level, number>> }
  | { readonly type: "value"; readonly values: Partial<Record<Level, number>> };

/** A count for the whole school and per level, each where the sheet gives it. */
export interface LevelCounts {
  readonly whole?: number;
  readonly primary?: number;
  readonly junior?: number;
}

/** Per-school figures for the 政府保障程度 checks; each is optional (checked only when present). */
export interface GuaranteeData {
  /** 班级数 (whole school). */
  readonly classes?: number;
  /** 班级数 per level, where the sheet splits them. */
  readonly classesByLevel?: Partial<Record<StudentLevel, number>>;
  /** 音乐专用教室间数. */
  readonly musicRooms?: number;
  /** 音乐专用教室面积 (total, ㎡). */
  readonly musicRoomArea?: number;
  /** 美术专用教室间数. */
  readonly artRooms?: number;
  /** 美术专用教室面积 (total, ㎡). */
  readonly artRoomArea?: number;
  /** 最大班额 (whole school). */
  readonly largestClass?: number;
  /** 最大班额 per level. */
  readonly largestClassByLevel?: Partial<Record<Level, number>>;
  /** Classes of more than 45 (超45人班级数), for the whole school and per level where given. */
  readonly over45?: LevelCounts;
  /** Classes of more than 50 (超50人班级数). */
  readonly over50?: LevelCounts;
  /** 大班额 (56 or more) or 超大班额 (66 or more): read, never proof of the 45 / 50 limits. */
  readonly bigClasses?: number;
  /** 公用经费 actually allocated (元). */
  readonly publicFunds?: number;
  /** 专任教师数 (for 持证上岗). */
  readonly fullTimeTeachers?: number;
  /** 持有教师资格证的专任教师数. */
  readonly certifiedTeachers?: number;
  /** 村小/村教学点: located in a village (城乡分类 村庄, code 220). */
  readonly rural?: boolean;
}

/**
 * One school as the core receives it: what the sheet reader produced from one row (or from a
 * school and its merged branch sites).
 */
export interface SchoolRecord {
  /** Stable key within one check (e.g. the source row). */
  readonly id: string;
  /** 学校名称 as written on the sheet. */
  readonly name: string;
  /** 1-based worksheet row of the school. */
  readonly sourceRow: number;
  readonly kind: SchoolKind;
  /** Set when the row is already one level of a school (…（小学部）), so it is never split again. */
  readonly levelRow?: boolean;
  /** 民办 when true. */
  readonly private?: boolean;
  /** 省/市直属 when true. */
  readonly directlyAdministered?: boolean;
  readonly students: StudentsByLevel;
  /** The seven indicators' sources; a missing one is a data problem for the school. */
  readonly indicators: Partial<Record<IndicatorId, IndicatorSource>>;
  /** 室内体育用房 (㎡), used by the net-of-indoor-gym switch. */
  readonly indoorSportsArea?: number;
  readonly guarantee?: GuaranteeData;
  /** Data problems the reader found in this school's cells (the unit cannot be confirmed). */
  readonly dataErrors?: readonly string[];
}

/** The result of one indicator for one unit. */
export interface IndicatorResult {
  readonly id: IndicatorId;
  /** The level's amount (people, ㎡, 元, rooms) after any split; null when given as a value only. */
  readonly amount: number;
  /** The indicator value, unrounded. */
  readonly value: number;
  readonly standard: number;
  readonly meets: boolean;
  /** value / standard. */
  readonly ratio: number;
  /** What is lacking to meet the standard, in {@link gapUnit}; 0 when met. */
  readonly gap: number;
  /** What is lacking to reach 85% of the standard; 0 when already there. */
  readonly floorGap: number;
  readonly gapUnit: GapUnit;
  /** True when a whole-school teacher count was split by share (按比例拆分). */
  readonly assumedSplit: boolean;
}

/** One evaluation unit (评估单元): one level of one school (a class: its results live in a table). */
export type { EvaluationUnit };

/** A school that yields no unit at all (e.g. 高级中学), with the reason. */
export interface IgnoredSchool {
  readonly schoolId: string;
  readonly school: string;
  readonly sourceRow: number;
  readonly reason: string;
}

/** The weighted CV and its two labelled comparison variants. */
export interface CvFigures {
  /** Official: student-weighted population CV. Null when the mean is 0 or there are no units. */
  readonly cv: number | null;
  /** Comparison only: unweighted population CV of the unit values. */
  readonly unweightedCv: number | null;
  /** Comparison only: Excel's STDEV/AVERAGE (unweighted, n − 1). */
  readonly sampleCv: number | null;
  /** Weighted mean X̄. */
  readonly mean: number | null;
  /** Weighted population standard deviation S. */
  readonly sd: number | null;
}

/** One level × indicator line of the CV table. */
export interface LevelIndicatorSummary extends CvFigures {
  readonly id: IndicatorId;
  /** County aggregate: Σ amount / Σ students (× 100 for 每百名). */
  readonly aggregate: number | null;
  /** Units meeting the standard. */
  readonly compliant: number;
  /** Units with a value for this indicator. */
  readonly units: number;
  readonly cvLimit: number;
  /** cv ≤ limit; null when the CV is undefined. */
  readonly cvPass: boolean | null;
  /** The sentence bureaus write, e.g. "全区5.95人，达标71/71". */
  readonly sentence: string;
}

/** The results for one level. */
export interface LevelSummary {
  readonly level: Level;
  /** Evaluated (non-excluded) units. */
  readonly units: number;
  readonly passing: number;
  readonly failing: number;
  /** Units whose figures could not be read (data problems): the level cannot pass while any is left. */
  readonly unreadable: number;
  readonly excluded: number;
  /** Every unit passes and every CV is within its limit; null when the level has no units. */
  readonly pass: boolean | null;
  readonly indicators: Readonly<Record<IndicatorId, LevelIndicatorSummary>>;
}

/** Identifiers of the per-school 政府保障程度 checks. */
export type GuaranteeCheckId =
  | "musicRooms"
  | "artRooms"
  | "musicRoomArea"
  | "artRoomArea"
  | "schoolSize"
  | "classSize"
  | "smallSchoolFunding"
  | "specialFunding"
  | "certification";

/** One per-school 政府保障程度 check. */
export interface GuaranteeCheck {
  readonly id: GuaranteeCheckId;
  readonly schoolId: string;
  readonly school: string;
  readonly sourceRow: number;
  readonly pass: boolean;
  /** The school's figure. */
  readonly value: number;
  /** The figure it is held against. */
  readonly limit: number;
  /** What is wrong, in words, for a failing check; "达标" for a passing one. */
  readonly message: string;
}

/** One 政府保障程度 item over a county: the schools checked and those failing. */
export interface GuaranteeItemCount {
  readonly id: GuaranteeCheckId;
  readonly checked: number;
  readonly failing: number;
  /** Schools the item could not be verified for with the sheet's data (never counted as passing). */
  readonly unverified: number;
}

/** A check that could not be made for a school, and what is missing. */
export interface UnverifiedCheck {
  readonly id: GuaranteeCheckId;
  readonly schoolId: string;
  readonly school: string;
  readonly sourceRow: number;
  readonly message: string;
}

/** A county's per-school 政府保障程度 checks: counted per item, the failing ones listed. */
export interface GuaranteeSummary {
  /** The items checked at least once, in the order of the guarantee names. */
  readonly items: readonly GuaranteeItemCount[];
  /** The failing checks, in school order. */
  readonly failing: readonly GuaranteeCheck[];
  /** The checks that could not be made, in school order. */
  readonly unverified: readonly UnverifiedCheck[];
}

/** Everything the core computes for one county. */
export interface CountyResult {
  readonly units: readonly EvaluationUnit[];
  /** The whole-school needs of schools whose resources are split between levels (spec §3). */
  readonly needs: readonly SchoolNeed[];
  readonly ignored: readonly IgnoredSchool[];
  readonly levels: Readonly<Record<Level, LevelSummary>>;
  /** 资源配置 holds: every level with units passes. Null when no level has units. */
  readonly resourcePass: boolean | null;
  readonly guarantee: GuaranteeSummary;
}
