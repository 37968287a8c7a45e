import type { FormulaKind, GapUnit, IndicatorId, Level } from "./types";

/** One row of the declarative indicator table (spec §3). */
export interface IndicatorDefinition {
  readonly id: IndicatorId;
  /** The official Chinese name. */
  readonly name: string;
  /** A short name for tables and notes. */
  readonly shortName: string;
  /** The unit of the indicator value as written after numbers (人, ㎡, 元, 间). */
  readonly unit: string;
  /** The unit of the amount behind it. */
  readonly amountUnit: string;
  readonly formula: FormulaKind;
  readonly gapUnit: GapUnit;
  /** National standard per level. */
  readonly standard: Readonly<Record<Level, number>>;
  /** Where the rule comes from. */
  readonly source: string;
}

const SOURCE = "教督〔2017〕6号 第五条";

/**
 * The seven resource indicators with their national standards, in the official order.
 * A province's own standards are a profile override ({@link ../profile}), never an edit here.
 */
export const INDICATORS = [
  {
    id: "degree",
    name: "每百名学生拥有高于规定学历教师数",
    shortName: "高学历教师",
    unit: "人",
    amountUnit: "人",
    formula: "per100Students",
    gapUnit: "people",
    standard: { primary: 4.2, junior: 5.3 },
    source: SOURCE,
  },
  {
    id: "backbone",
    name: "每百名学生拥有县级以上骨干教师数",
    shortName: "骨干教师",
    unit: "人",
    amountUnit: "人",
    formula: "per100Students",
    gapUnit: "people",
    standard: { primary: 1.0, junior: 1.0 },
    source: SOURCE,
  },
  {
    id: "peArt",
    name: "每百名学生拥有体育、艺术（美术、音乐）专任教师数",
    shortName: "体艺教师",
    unit: "人",
    amountUnit: "人",
    formula: "per100Students",
    gapUnit: "people",
    standard: { primary: 0.9, junior: 0.9 },
    source: SOURCE,
  },
  {
    id: "teachingArea",
    name: "生均教学及辅助用房面积",
    shortName: "教辅用房",
    unit: "㎡",
    amountUnit: "㎡",
    formula: "perStudent",
    gapUnit: "area",
    standard: { primary: 4.5, junior: 5.8 },
    source: SOURCE,
  },
  {
    id: "sportsArea",
    name: "生均体育运动场馆面积",
    shortName: "体育场馆",
    unit: "㎡",
    amountUnit: "㎡",
    formula: "perStudent",
    gapUnit: "area",
    standard: { primary: 7.5, junior: 10.2 },
    source: SOURCE,
  },
  {
    id: "equipment",
    name: "生均教学仪器设备值",
    shortName: "仪器设备",
    unit: "元",
    amountUnit: "元",
    formula: "perStudent",
    gapUnit: "yuan",
    standard: { primary: 2000, junior: 2500 },
    source: SOURCE,
  },
  {
    id: "multimedia",
    name: "每百名学生拥有网络多媒体教室数",
    shortName: "多媒体教室",
    unit: "间",
    amountUnit: "间",
    formula: "per100Students",
    gapUnit: "rooms",
    standard: { primary: 2.3, junior: 2.4 },
    source: SOURCE,
  },
] as const satisfies readonly IndicatorDefinition[];

const BY_ID: ReadonlyMap<IndicatorId, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.id, d] as const));

/**
 * The definition of one indicator.
 *
 * @param id - An indicator id.
 * @returns Its row of {@link INDICATORS}.
 * @example indicatorDefinition("teachingArea").name // "生均教学及辅助用房面积"
 */
export function indicatorDefinition(id: IndicatorId): IndicatorDefinition {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown indicator id ${String(id)}`);
  return def;
}

/**
 * The indicator value from an amount and the students.
 *
 * @param formula - per-100-students or per-student.
 * @param amount - People, rooms, ㎡ or 元.
 * @param students - Students (> 0).
 * @returns amount × 100 / students, or amount / students.
 * @example indicatorValue("per100Students", 21, 500) // 4.2
 */
export function indicatorValue(formula: FormulaKind, amount: number, students: number): number {
  return formula === "per100Students" ? (amount * 100) / students : amount / students;
}

/**
 * The amount behind an indicator value (inverse of {@link indicatorValue}).
 *
 * @param formula - per-100-students or per-student.
 * @param value - The indicator value.
 * @param students - Students.
 * @returns value × students / 100, or value × students.
 */
export function amountFromValue(formula: FormulaKind, value: number, students: number): number {
  return formula === "per100Students" ? (value * students) / 100 : value * students;
}

/** Phrases that name an indicator in free text (plan rows, function arguments), tried in order. */
const PHRASES: readonly (readonly [RegExp, IndicatorId])[] = [
  [/高于规定学历|高学历/, "degree"],
  [/骨干/, "backbone"],
  [/体育.*艺术|体艺|音体美/, "peArt"],
  [/教学及辅助用房|教辅用房|教学辅助用房/, "teachingArea"],
  [/体育运动场|体育场馆|运动场馆/, "sportsArea"],
  [/仪器设备|设备值/, "equipment"],
  [/多媒体|班班通/, "multimedia"],
];

/**
 * Finds the indicator a text names: its id (`teachingArea`), its Chinese name, or a phrase such as
 * 教辅用房, 仪器设备, or a plan row "4.生均教学及辅助用房面积：小学、初中分别达到4.5平方米以上…".
 *
 * @param text - Any text.
 * @returns The indicator, or null when the text names none.
 * @example findIndicator("教辅用房")?.id // "teachingArea"
 */
export function findIndicator(text: string): IndicatorDefinition | null {
  const t = text.replace(/[\s\u3000]/g, "");
  if (t === "") return null;
  const byId = INDICATORS.find((d) => d.id.toLowerCase() === t.toLowerCase());
  if (byId) return byId;
  for (const [re, id] of PHRASES) if (re.test(t)) return indicatorDefinition(id);
  return null;
}
