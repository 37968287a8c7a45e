import { parseSchoolKind, schoolKindDefinition } from "../core/school-kinds";
import type { Level, SchoolKind, StudentLevel, StudentsByLevel } from "../core/types";

/**
 * A school's kind, the level a row stands for, and its students by level (spec §1, §2;
 * vocabulary.md "School kinds"): from the kind column, then the students by level, then a 学段
 * column, then the name (with a warning the user sees); never silently a 小学. Seniors of a
 * 完全中学 or 十二年一贯制学校 come from the 高中 column or 合计 − 小学 − 初中; students in a level a
 * kind does not have, or a split that cannot be made, are data problems with their cell.
 */

/** A students cell as read: its number, whether it was blank, its address. */
export interface StudentsCell {
  readonly value: number;
  readonly blank: boolean;
  readonly cell: string;
}

/** What a row says about its level and students. */
export interface LevelInputs {
  readonly name: string;
  readonly nameCell: string;
  /** The kind column's text (undefined when the sheet has no kind column). */
  readonly kindText?: string;
  readonly kindCell?: string;
  /** The 学段 column's text (undefined when the sheet has none). */
  readonly stageText?: string;
  readonly stageCell?: string;
  /** Students by column: the whole school (在校生数, 合计) and per level; undefined where the sheet has no such column. */
  readonly students: Readonly<Partial<Record<StudentLevel | "whole", StudentsCell>>>;
  /** The level the whole table is about (a sheet of 小学 schools), if any. */
  readonly tableLevel: StudentLevel | null;
}

/** A finding with its cell. */
export interface LevelProblem {
  readonly cell: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
}

/** What the row is. */
export interface LevelResult {
  /** The kind, or null when it cannot be known (the school yields no unit: an error says why). */
  readonly kind: SchoolKind | null;
  readonly kindSource: "column" | "inferred" | "name" | "levelRow";
  /** The level when the row is one level of a school (…（小学部）, a 学段 column, a level's table). */
  readonly levelRow: Level | null;
  /** A row that is not compulsory education (…（高中部）, 学段 高中): read, not evaluated. */
  readonly seniorRow: boolean;
  readonly students: StudentsByLevel;
  readonly problems: readonly LevelProblem[];
}

const LEVEL_SUFFIX = /[（(](小学部|初中部|高中部|小学段|初中段|高中段)[)）]$/;
const STAGE: ReadonlyMap<string, StudentLevel> = new Map([
  ["小学", "primary"],
  ["小学部", "primary"],
  ["小学段", "primary"],
  ["初中", "junior"],
  ["初中部", "junior"],
  ["初中段", "junior"],
  ["初级中学", "junior"],
  ["高中", "senior"],
  ["高中部", "senior"],
]);
const LEVEL_NAMES: Readonly<Record<StudentLevel, string>> = { primary: "小学", junior: "初中", senior: "高中" };

/** Kinds a school's name says (vocabulary.md): used only where nothing else tells, with a warning. */
const NAME_KINDS: readonly [RegExp, SchoolKind][] = [
  [/特殊教育|特教|培智|聋哑?学校|盲人?学校|启智|启聪|启明/, "special"],
  [/十二年一贯制/, "twelveYear"],
  [/九年一贯制|九年制学校/, "nineYear"],
  [/完全中学|完中$/, "complete"],
  [/职业初中/, "vocationalJunior"],
  [/教学点$/, "teachingPoint"],
  [/高级中学$|高中$/, "senior"],
  [/初级中学$|初中$/, "junior"],
  [/小学$|小学校$|完小$|村小$/, "primary"],
];

/**
 * The kind a school's name says, if it says one.
 *
 * @param name - The school's name.
 * @returns The kind, or null.
 * @example kindFromName("第一初级中学") // "junior"
 */
export function kindFromName(name: string): SchoolKind | null {
  const t = name.replace(/\s/g, "").replace(/[（(][^)）]*[)）]$/, "");
  for (const [re, kind] of NAME_KINDS) if (re.test(t)) return kind;
  return null;
}

function inferFromStudents(s: Readonly<Partial<Record<StudentLevel, number>>>): { kind: SchoolKind; why: string } | null {
  const p = (s.primary ?? 0) > 0;
  const j = (s.junior ?? 0) > 0;
  const h = (s.senior ?? 0) > 0;
  if (p && j && h) return { kind: "twelveYear", why: "有小学、初中和高中学生" };
  if (p && j) return { kind: "nineYear", why: "有小学和初中学生" };
  if (j && h) return { kind: "complete", why: "有初中和高中学生" };
  if (h) return { kind: "senior", why: "只有高中学生" };
  if (j) return { kind: "junior", why: "只有初中学生" };
  if (p) return { kind: "primary", why: "只有小学学生" };
  return null;
}

/** A filled cell (not absent, not blank), or undefined. */
const filledCell = (c: StudentsCell | undefined): StudentsCell | undefined => (c !== undefined && !c.blank ? c : undefined);

/**
 * A row's kind, level and students.
 *
 * @param x - What the row says.
 * @returns The kind, the level row, the students and the problems with their cells.
 */
export function resolveLevels(x: LevelInputs): LevelResult {
  const problems: LevelProblem[] = [];
  const s = x.students;
  const perLevel: Partial<Record<StudentLevel, number>> = {};
  for (const l of ["primary", "junior", "senior"] as const) {
    const c = filledCell(s[l]);
    if (c) perLevel[l] = c.value;
  }
  const anyLevelGiven = Object.values(perLevel).some((v) => v > 0);

  // The level a row stands for: its name's suffix, its 学段, or its table's level.
  const suffix = LEVEL_SUFFIX.exec(x.name.replace(/\s/g, ""));
  const stage = x.stageText !== undefined ? STAGE.get(x.stageText.replace(/\s/g, "")) : undefined;
  if (x.stageText !== undefined && x.stageText.trim() !== "" && !stage)
    problems.push({
      cell: x.stageCell ?? x.nameCell,
      severity: "warning",
      message: `${x.stageCell ?? x.nameCell}：学段为“${x.stageText}”，应为小学或初中`,
    });
  const rowLevel: StudentLevel | null = suffix ? (STAGE.get((suffix[1] ?? "").slice(0, 2)) ?? null) : (stage ?? x.tableLevel);

  // The kind: the kind column, then students by level, then the level the row stands for, then the name.
  let kind: SchoolKind | null = null;
  let kindSource: LevelResult["kindSource"] = "column";
  const parsed = x.kindText !== undefined ? parseSchoolKind(x.kindText) : null;
  if (parsed) kind = parsed;
  else {
    const fromStudents = inferFromStudents(perLevel);
    const fromName = kindFromName(x.name);
    const unknownKind =
      x.kindText !== undefined && x.kindText.trim() !== ""
        ? `办学类型为“${x.kindText}”，不是已知类型；`
        : x.kindText !== undefined
          ? "办学类型为空白；"
          : "表中没有办学类型列，";
    const at = x.kindCell ?? x.nameCell;
    if (rowLevel) {
      kind = rowLevel === "primary" ? "primary" : rowLevel === "junior" ? "junior" : "senior";
      kindSource = "levelRow";
    } else if (fromStudents && (anyLevelGiven || !fromName)) {
      kind = fromStudents.kind;
      kindSource = "inferred";
      problems.push({
        cell: at,
        severity: x.kindText !== undefined ? "warning" : "info",
        message: `${at}：${unknownKind}“${x.name}”按学生数推断为${schoolKindDefinition(kind).name}（${fromStudents.why}）`,
      });
    } else if (fromName) {
      kind = fromName;
      kindSource = "name";
      problems.push({
        cell: x.nameCell,
        severity: "warning",
        message: `${x.nameCell}：${unknownKind}在校生只有总数，按校名“${x.name}”判断为${schoolKindDefinition(kind).name}；请核对或补充办学类型`,
      });
    } else {
      problems.push({
        cell: at,
        severity: "error",
        message: `${at}：无法判断“${x.name}”的学段：${unknownKind}在校生没有分学段，校名也看不出是小学还是初中；请补充办学类型或分学段的在校生数`,
      });
      return { kind: null, kindSource: "name", levelRow: null, seniorRow: false, students: {}, problems };
    }
  }
  if (rowLevel === "senior") return { kind, kindSource, levelRow: null, seniorRow: true, students: {}, problems };

  const error = (cell: string, message: string): void => {
    problems.push({ cell, severity: "error", message: `${cell}：${message}` });
  };
  const students: { -readonly [K in StudentLevel]?: number } = {};
  const whole = s.whole;

  if (rowLevel) {
    // One level of a school: that level's students, else the row's total.
    const n = filledCell(s[rowLevel])?.value ?? filledCell(whole)?.value ?? 0;
    students[rowLevel] = n;
    for (const l of ["primary", "junior", "senior"] as const) {
      if (l === rowLevel) continue;
      const other = filledCell(s[l]);
      if (other && other.value > 0) error(other.cell, `这一行是${LEVEL_NAMES[rowLevel]}，却填有${LEVEL_NAMES[l]}在校生${other.value}人`);
    }
    return { kind, kindSource, levelRow: rowLevel, seniorRow: false, students, problems };
  }

  const def = schoolKindDefinition(kind);
  const levels = def.shareLevels;
  if (kind === "special") {
    // A special school serves both levels (and is not evaluated): its students as given.
    for (const l of ["primary", "junior"] as const) {
      const c = filledCell(s[l]);
      if (c) students[l] = c.value;
    }
    const total = filledCell(whole);
    if (students.primary === undefined && students.junior === undefined && total) students.primary = total.value;
    return { kind, kindSource, levelRow: null, seniorRow: false, students, problems };
  }
  if (levels.length === 1) {
    // A single-level school: its level's column, or its total where only that is filled.
    const l = levels[0] as StudentLevel;
    const own = filledCell(s[l]);
    const total = filledCell(whole);
    if (own) students[l] = own.value;
    else if (total) students[l] = total.value;
    else if (s[l] || whole) students[l] = 0;
    for (const m of ["primary", "junior", "senior"] as const) {
      if (m === l) continue;
      const other = filledCell(s[m]);
      if (other && other.value > 0)
        error(other.cell, `${def.name}不应有${LEVEL_NAMES[m]}在校生（填有${other.value}人）；请核对办学类型或学生数`);
    }
    if (total && own && !anyOther(s, l) && total.value !== own.value)
      error(total.cell, `在校生合计${total.value}人与${LEVEL_NAMES[l]}${own.value}人不符`);
    return { kind, kindSource, levelRow: null, seniorRow: false, students, problems };
  }

  // A school of several levels needs each level's students.
  const hasLevelColumns = (["primary", "junior", "senior"] as const).some((l) => s[l] !== undefined);
  if (!hasLevelColumns) {
    const cell = whole?.cell ?? x.nameCell;
    const total = filledCell(whole);
    error(cell, `${def.name}需要分学段的在校学生数，表中只有总数${total ? `${total.value}人` : ""}，无法拆分`);
    return { kind, kindSource, levelRow: null, seniorRow: false, students: {}, problems };
  }
  for (const l of ["primary", "junior"] as const) {
    if (!levels.includes(l)) continue;
    students[l] = filledCell(s[l])?.value ?? 0;
  }
  const primaryGiven = filledCell(s.primary);
  if (!levels.includes("primary") && primaryGiven && primaryGiven.value > 0)
    error(primaryGiven.cell, `${def.name}不应有小学在校生（填有${primaryGiven.value}人）；请核对办学类型或学生数`);
  const total = filledCell(whole);
  const senior = filledCell(s.senior);
  if (levels.includes("senior")) {
    if (s.senior) students.senior = senior?.value ?? 0;
    else if (total) {
      const rest = total.value - (students.primary ?? 0) - (students.junior ?? 0);
      if (rest < 0) error(total.cell, `在校生合计${total.value}人少于小学、初中之和，算不出高中在校生`);
      else students.senior = rest;
    } else {
      const cell = whole?.cell ?? s.junior?.cell ?? x.nameCell;
      error(
        cell,
        `${def.name}的资源按小学、初中、高中学生拆分，需要高中在校生数（或在校生合计）${whole ? "，合计为空白" : "，表中没有高中或合计列"}`,
      );
      delete students.senior;
      return { kind, kindSource, levelRow: null, seniorRow: false, students, problems };
    }
  } else {
    if (senior && senior.value > 0) error(senior.cell, `${def.name}不应有高中在校生（填有${senior.value}人）；请核对办学类型或学生数`);
    if (total && s.primary && s.junior) {
      const sum = (students.primary ?? 0) + (students.junior ?? 0) + (senior?.value ?? 0);
      if (sum !== total.value) error(total.cell, `在校生合计${total.value}人与分学段之和${sum}人不符`);
    }
  }
  return { kind, kindSource, levelRow: null, seniorRow: false, students, problems };
}

function anyOther(s: LevelInputs["students"], l: StudentLevel): boolean {
  return (["primary", "junior", "senior"] as const).some((m) => m !== l && filledCell(s[m]) !== undefined);
}
