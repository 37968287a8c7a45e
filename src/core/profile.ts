import { z } from "zod";
import { INDICATORS } from "./indicators";
import { issueText, keyLabel } from "./profile-wording";
import type { IndicatorId, Level } from "./types";

/**
 * A standards profile: the seven standards and every rule parameter of the evaluation.
 * The national default is {@link NATIONAL_PROFILE}; provinces and counties override parts of it.
 */
export interface Profile {
  /** A name shown in results and stamps, e.g. "国家标准（教督〔2017〕6号）". */
  readonly name: string;
  /** The standard per indicator and level. */
  readonly standards: Readonly<Record<IndicatorId, Readonly<Record<Level, number>>>>;
  /** At least this many of the seven indicators met (6). */
  readonly minMet: number;
  /** Every indicator at least this fraction of its standard (0.85). */
  readonly floorRatio: number;
  /** CV limit per level (0.50 / 0.45). */
  readonly cvLimit: Readonly<Record<Level, number>>;
  /** A teaching point with fewer students than this is excluded (50). */
  readonly teachingPointMinStudents: number;
  /** Weight of a junior student relative to a primary one (1.1). */
  readonly juniorWeight: number;
  /** Weight of a senior student relative to a junior one (1.2). */
  readonly seniorToJuniorWeight: number;
  /** Evaluate 民办 schools (default true). */
  readonly includePrivate: boolean;
  /** Evaluate 省/市直属 schools (default true). */
  readonly includeDirectlyAdministered: boolean;
  /** Count 教学及辅助用房 net of 室内体育用房 (default false). */
  readonly teachingAreaNetOfIndoorSports: boolean;
  /** The word for the whole county in sentences: 全区 or 全县. */
  readonly regionWord: string;
  readonly guarantee: GuaranteeLimits;
}

/** The limits of the per-school 政府保障程度 checks (spec §5). */
export interface GuaranteeLimits {
  /** One music room and one art room per this many classes (12). */
  readonly classesPerRoom: number;
  /** Smallest music room (96 ㎡). */
  readonly musicRoomMinArea: number;
  /** Smallest art room (90 ㎡). */
  readonly artRoomMinArea: number;
  /** Largest 小学 or 初中 (2000 students). */
  readonly maxStudentsSingleLevel: number;
  /** Largest 九年一贯制/十二年一贯制, compulsory students (2500). */
  readonly maxStudentsThrough: number;
  /** Largest class per level (45 / 50). */
  readonly maxClassSize: Readonly<Record<Level, number>>;
  /** Schools under this many students are funded as this many (100). */
  readonly smallSchoolFundedAs: number;
  /** 公用经费 per student per level (元/生·年). */
  readonly publicFundPerStudent: Readonly<Record<Level, number>>;
  /** 特殊教育学校 public funds per student (6000 元). */
  readonly specialFundPerStudent: number;
  /** Certified teachers / 专任教师 (1 = 100%). */
  readonly certificationRate: number;
}

const standards = Object.fromEntries(INDICATORS.map((d) => [d.id, d.standard])) as Record<IndicatorId, Record<Level, number>>;

/** The national default profile (教督〔2017〕6号). */
export const NATIONAL_PROFILE: Profile = {
  name: "国家标准（教督〔2017〕6号）",
  standards,
  minMet: 6,
  floorRatio: 0.85,
  cvLimit: { primary: 0.5, junior: 0.45 },
  teachingPointMinStudents: 50,
  juniorWeight: 1.1,
  seniorToJuniorWeight: 1.2,
  includePrivate: true,
  includeDirectlyAdministered: true,
  teachingAreaNetOfIndoorSports: false,
  regionWord: "全区",
  guarantee: {
    classesPerRoom: 12,
    musicRoomMinArea: 96,
    artRoomMinArea: 90,
    maxStudentsSingleLevel: 2000,
    maxStudentsThrough: 2500,
    maxClassSize: { primary: 45, junior: 50 },
    smallSchoolFundedAs: 100,
    publicFundPerStudent: { primary: 720, junior: 940 },
    specialFundPerStudent: 6000,
    certificationRate: 1,
  },
};

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const perLevel = (n: z.ZodNumber) => z.strictObject({ primary: n, junior: n });

/** The schema a complete profile must satisfy. */
export const profileSchema = z.strictObject({
  name: z.string().min(1).max(200),
  standards: z.strictObject({
    degree: perLevel(positive),
    backbone: perLevel(positive),
    peArt: perLevel(positive),
    teachingArea: perLevel(positive),
    sportsArea: perLevel(positive),
    equipment: perLevel(positive),
    multimedia: perLevel(positive),
  }),
  minMet: z.number().int().min(0).max(7),
  floorRatio: z.number().min(0).max(1),
  cvLimit: perLevel(positive),
  teachingPointMinStudents: z.number().int().nonnegative(),
  juniorWeight: positive,
  seniorToJuniorWeight: positive,
  includePrivate: z.boolean(),
  includeDirectlyAdministered: z.boolean(),
  teachingAreaNetOfIndoorSports: z.boolean(),
  regionWord: z.string().min(1).max(20),
  guarantee: z.strictObject({
    classesPerRoom: z.number().int().positive(),
    musicRoomMinArea: nonNegative,
    artRoomMinArea: nonNegative,
    maxStudentsSingleLevel: positive,
    maxStudentsThrough: positive,
    maxClassSize: perLevel(positive),
    smallSchoolFundedAs: nonNegative,
    publicFundPerStudent: perLevel(nonNegative),
    specialFundPerStudent: nonNegative,
    certificationRate: z.number().min(0).max(1),
  }),
});

/**
 * The result of loading a profile: the profile, or the problems found in it. `confirmable` says
 * that every problem is a value far from the national one, which the user may confirm
 * (`"confirmed": true`) when it really is the local standard.
 */
export type ProfileResult =
  | { readonly ok: true; readonly profile: Profile }
  | { readonly ok: false; readonly problems: readonly string[]; readonly confirmable: boolean };

/** The name a profile gets when it differs from the national one and has no name of its own. */
export const UNNAMED_PROFILE = "自定义标准（未命名）";

/** How far from the national value a number may be without asking the user to confirm it. */
const PLAUSIBLE_RATIO = { low: 0.5, high: 2 } as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/**
 * Loads a profile from untrusted data (a JSON file, a workbook setting): the given keys override
 * the national defaults (keys left out keep them), and the result is validated as a whole.
 *
 * @param overrides - Parsed JSON; `undefined` or `{}` gives the national profile.
 * @param base - The profile the overrides apply to (the national one by default).
 * @returns The profile, or every problem with its key path, e.g. `standards.degree.primary: …`.
 * @example loadProfile({ standards: { degree: { primary: 4.5 } } })
 */
export function loadProfile(overrides: unknown, base: Profile = NATIONAL_PROFILE): ProfileResult {
  if (overrides !== undefined && !isPlainObject(overrides)) {
    return { ok: false, problems: ["标准配置应为一组设置（JSON 对象 {…}）"], confirmable: false };
  }
  const { confirmed, ...rest }: Record<string, unknown> = overrides ?? {};
  if (confirmed !== undefined && typeof confirmed !== "boolean") {
    return { ok: false, problems: [`${keyLabel(["confirmed"])}：应为 true 或 false`], confirmable: false };
  }
  const merged = deepMerge(base, rest);
  const parsed = profileSchema.safeParse(merged);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => issueText(i, merged)), confirmable: false };
  const profile = namedProfile(parsed.data);
  if (confirmed !== true) {
    const far = implausible(profile);
    if (far.length > 0) return { ok: false, problems: far, confirmable: true };
  }
  return { ok: true, profile };
}

/** Whether two profiles hold the same rules (every key but the name and the region word). */
export function sameRules(a: Profile, b: Profile): boolean {
  const diff = profileDifference({ ...a, name: b.name, regionWord: b.regionWord }, b);
  return Object.keys(diff).length === 0;
}

/** A profile that differs from the national rules is never called the national standard. */
function namedProfile(p: Profile): Profile {
  if (p.name === NATIONAL_PROFILE.name && !sameRules(p, NATIONAL_PROFILE)) return { ...p, name: UNNAMED_PROFILE };
  return p;
}

/**
 * The numbers of a profile far from the national ones (half or less, double or more; a rate or
 * count outside what the method allows), each as a sentence asking the user to confirm it: 45
 * typed for 4.5 is caught here.
 */
function implausible(p: Profile): string[] {
  const out: string[] = [];
  const ratio = (path: readonly string[], v: number, national: number) => {
    if (national <= 0 || v === national) return;
    const r = v / national;
    if (r > PLAUSIBLE_RATIO.low && r < PLAUSIBLE_RATIO.high) return;
    const times = r >= 1 ? `${Math.round(r * 10) / 10} 倍` : r >= 0.01 ? `${Math.round(r * 100)}%` : "不到 1%";
    out.push(`${keyLabel(path)}：${v} 是国家标准 ${national} 的 ${times}，请核对`);
  };
  for (const def of INDICATORS) {
    for (const level of ["primary", "junior"] as const) {
      ratio(["standards", def.id, level], p.standards[def.id][level], NATIONAL_PROFILE.standards[def.id][level]);
    }
  }
  for (const level of ["primary", "junior"] as const) {
    ratio(["cvLimit", level], p.cvLimit[level], NATIONAL_PROFILE.cvLimit[level]);
    ratio(["guarantee", "maxClassSize", level], p.guarantee.maxClassSize[level], NATIONAL_PROFILE.guarantee.maxClassSize[level]);
    ratio(
      ["guarantee", "publicFundPerStudent", level],
      p.guarantee.publicFundPerStudent[level],
      NATIONAL_PROFILE.guarantee.publicFundPerStudent[level],
    );
  }
  const g = p.guarantee;
  const ng = NATIONAL_PROFILE.guarantee;
  ratio(["guarantee", "maxStudentsSingleLevel"], g.maxStudentsSingleLevel, ng.maxStudentsSingleLevel);
  ratio(["guarantee", "maxStudentsThrough"], g.maxStudentsThrough, ng.maxStudentsThrough);
  ratio(["guarantee", "musicRoomMinArea"], g.musicRoomMinArea, ng.musicRoomMinArea);
  ratio(["guarantee", "artRoomMinArea"], g.artRoomMinArea, ng.artRoomMinArea);
  ratio(["guarantee", "specialFundPerStudent"], g.specialFundPerStudent, ng.specialFundPerStudent);
  ratio(["juniorWeight"], p.juniorWeight, NATIONAL_PROFILE.juniorWeight);
  ratio(["seniorToJuniorWeight"], p.seniorToJuniorWeight, NATIONAL_PROFILE.seniorToJuniorWeight);
  if (p.minMet < 5) out.push(`${keyLabel(["minMet"])}：${p.minMet} 少于国家规定的 6 项，请核对`);
  if (p.floorRatio < 0.5) out.push(`${keyLabel(["floorRatio"])}：${p.floorRatio} 远低于国家规定的 0.85，请核对`);
  return out;
}

/**
 * The keys of a profile that differ from another (for saving only what a user changed).
 *
 * @param profile - The edited profile.
 * @param base - The profile it started from.
 * @returns A partial object that {@link loadProfile} turns back into `profile`.
 */
export function profileDifference(profile: Profile, base: Profile = NATIONAL_PROFILE): Record<string, unknown> {
  const diff = (a: unknown, b: unknown): unknown => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a)) {
        const d = diff(v, b[k]);
        if (d !== undefined) out[k] = d;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return a === b ? undefined : a;
  };
  return (diff(profile, base) as Record<string, unknown> | undefined) ?? {};
}
