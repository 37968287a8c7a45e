import type { ExclusionReason, Level, SchoolKind, StudentLevel } from "./types";

/** One row of the school-kind table (spec §1, vocabulary.md). */
export interface SchoolKindDefinition {
  readonly kind: SchoolKind;
  /** The official name (办学类型). */
  readonly name: string;
  /** GB/T 33782 codes; a code ending in "x" matches any digit there. */
  readonly codes: readonly string[];
  /** Other spellings seen on bureaus' sheets (normalised text). */
  readonly names: readonly string[];
  /** The levels it yields units for. */
  readonly levels: readonly Level[];
  /** The levels whose students share the school's resources. */
  readonly shareLevels: readonly StudentLevel[];
  /** Excluded from the seven indicators (reason), or null. */
  readonly excluded: ExclusionReason | null;
  /** Yields no unit at all (not a compulsory school). */
  readonly ignored: boolean;
}

/** The school kinds, from GB/T 33782 and the spellings in vocabulary.md. */
export const SCHOOL_KINDS: readonly SchoolKindDefinition[] = [
  {
    kind: "primary",
    name: "小学",
    codes: ["211", "219"],
    names: ["小学", "完全小学", "中心小学", "村小", "村小学", "附设小学班", "完小"],
    levels: ["primary"],
    shareLevels: ["primary"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "teachingPoint",
    name: "小学教学点",
    codes: ["218"],
    names: ["小学教学点", "教学点", "村教学点"],
    levels: ["primary"],
    shareLevels: ["primary"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "junior",
    name: "初级中学",
    codes: ["311"],
    names: ["初级中学", "初中", "独立初中"],
    levels: ["junior"],
    shareLevels: ["junior"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "nineYear",
    name: "九年一贯制学校",
    codes: ["312"],
    names: ["九年一贯制学校", "九年一贯制", "一贯制学校", "九年制学校"],
    levels: ["primary", "junior"],
    shareLevels: ["primary", "junior"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "vocationalJunior",
    name: "职业初中",
    codes: ["321"],
    names: ["职业初中", "职业中学"],
    levels: ["junior"],
    shareLevels: ["junior"],
    excluded: "vocational",
    ignored: false,
  },
  {
    kind: "complete",
    name: "完全中学",
    codes: ["341"],
    names: ["完全中学", "完中", "高完中"],
    levels: ["junior"],
    shareLevels: ["junior", "senior"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "senior",
    name: "高级中学",
    codes: ["342"],
    names: ["高级中学", "高中"],
    levels: [],
    shareLevels: ["senior"],
    excluded: null,
    ignored: true,
  },
  {
    kind: "twelveYear",
    name: "十二年一贯制学校",
    codes: ["345"],
    names: ["十二年一贯制学校", "十二年一贯制"],
    levels: ["primary", "junior"],
    shareLevels: ["primary", "junior", "senior"],
    excluded: null,
    ignored: false,
  },
  {
    kind: "special",
    name: "特殊教育学校",
    codes: ["5xx"],
    names: ["特殊教育学校", "特教学校", "盲人学校", "聋人学校", "培智学校", "其他特教学校", "特殊教育"],
    levels: ["primary", "junior"],
    shareLevels: ["primary", "junior"],
    excluded: "special-education",
    ignored: false,
  },
];

const BY_KIND: ReadonlyMap<SchoolKind, SchoolKindDefinition> = new Map(SCHOOL_KINDS.map((k) => [k.kind, k]));

/**
 * The definition of a school kind.
 *
 * @param kind - A school kind.
 * @returns Its row of {@link SCHOOL_KINDS}.
 */
export function schoolKindDefinition(kind: SchoolKind): SchoolKindDefinition {
  const def = BY_KIND.get(kind);
  if (!def) throw new Error(`unknown school kind ${String(kind)}`);
  return def;
}

/**
 * Reads a school kind from a kind cell: an official name or spelling, or a GB/T 33782 code.
 * Text is compared after removing spaces; a name is matched whole (never by a school's own name).
 *
 * @param text - The cell's text, e.g. "九年一贯制学校", "312", "聋人学校".
 * @returns The kind, or null when the text is not a known kind.
 * @example parseSchoolKind("341") // "complete"
 */
export function parseSchoolKind(text: string): SchoolKind | null {
  const t = text.replace(/[\s\u3000]/g, "").replace(/[（(][^)）]*[)）]/g, "");
  if (t === "") return null;
  if (/^\d{3}$/.test(t)) {
    if (t.startsWith("5")) return "special";
    return SCHOOL_KINDS.find((k) => k.codes.includes(t))?.kind ?? null;
  }
  for (const def of SCHOOL_KINDS) if (def.names.includes(t)) return def.kind;
  return null;
}

/** The Chinese name of a level. */
export const LEVEL_NAMES: Readonly<Record<StudentLevel, string>> = {
  primary: "小学",
  junior: "初中",
  senior: "高中",
};

/** What an exclusion reason means, in words. */
export const EXCLUSION_TEXT: Readonly<Record<ExclusionReason, string>> = {
  "small-teaching-point": "教学点学生不足{n}人，不参与评估",
  "special-education": "特殊教育学校，不参与资源配置评估",
  vocational: "职业初中，不参与资源配置评估",
  private: "民办学校，按设置不参与评估",
  "directly-administered": "省/市直属学校，按设置不参与评估",
};
