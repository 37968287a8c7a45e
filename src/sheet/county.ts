import { schoolKindDefinition } from "../core/school-kinds";
import type { IndicatorId, IndicatorSource, Level, SchoolRecord, StudentLevel } from "../core/types";
import type { CellRef, ReadProblem, ReadSchool } from "./read-sheet";
import type { FieldId } from "./vocabulary";

/**
 * A county kept as one table per level (vocabulary.md: separate 小学 / 初中 tables, sheets or
 * files): each 九年一贯制 school appears in each table with that level's students and teachers but
 * the whole school's buildings and equipment. Joined by 学校标识码, else by name, the tables make
 * the same schools as one table would.
 */

/** The indicators counted per level in a level's table; the others are the whole school's. */
const PER_LEVEL: ReadonlySet<IndicatorId> = new Set(["degree", "backbone", "peArt"]);
const LEVEL_NAMES: Readonly<Record<StudentLevel, string>> = { primary: "小学", junior: "初中", senior: "高中" };

/** A table read from one sheet. */
export interface LevelTable {
  readonly sheet: string;
  readonly level: StudentLevel;
  readonly schools: readonly ReadSchool[];
}

/** The key two tables' rows of one school share: its 学校标识码, else its name without a level suffix. */
function keyOf(s: ReadSchool): string {
  if (s.code) return `code:${s.code}`;
  return `name:${s.record.name.replace(/\s/g, "").replace(/[（(](小学部|初中部|高中部|小学|初中)[)）]$/, "")}`;
}

/** The amount of one level's figure in a level table's record (a level row's byLevel source). */
function levelAmount(source: IndicatorSource | undefined, level: Level): number | undefined {
  if (!source) return undefined;
  if (source.type === "byLevel") return source.amounts[level];
  if (source.type === "value") return source.values[level];
  return source.amount;
}

/** One school made of its rows in several level tables. */
class JoinedSchool implements ReadSchool {
  readonly kindSource: ReadSchool["kindSource"];
  readonly tableLevel = null;
  readonly sheet: string;
  readonly nameCell: string;
  readonly code: string | null;
  constructor(
    readonly record: SchoolRecord,
    private readonly parts: readonly { readonly level: StudentLevel; readonly school: ReadSchool }[],
  ) {
    const first = parts[0]?.school as ReadSchool;
    this.kindSource = first.kindSource;
    this.sheet = first.sheet;
    this.nameCell = first.nameCell;
    this.code = first.code;
  }

  get nameCells(): readonly CellRef[] {
    return this.parts.flatMap((p) => p.school.nameCells);
  }

  sheetOf(level: Level): string {
    return (this.parts.find((p) => p.level === level) ?? this.parts[0])?.school.sheet ?? this.sheet;
  }

  indicatorCells(id: IndicatorId, level: Level): readonly CellRef[] {
    const part = this.parts.find((p) => p.level === level);
    return part ? part.school.indicatorCells(id, level) : [];
  }

  fieldCells(field: FieldId): readonly CellRef[] {
    return this.parts.flatMap((p) => p.school.fieldCells(field));
  }
}

/**
 * Joins a county's level tables into one set of schools. A school in one table only keeps its row;
 * a school of several levels found in one table only is a data problem (its other levels' students
 * are missing, so it cannot be split).
 *
 * @param tables - The tables, each of one level.
 * @returns The schools and the problems the join found.
 */
export function joinLevelTables(tables: readonly LevelTable[]): { schools: ReadSchool[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const groups = new Map<string, { level: StudentLevel; school: ReadSchool }[]>();
  for (const t of tables) for (const s of t.schools) groups.set(keyOf(s), [...(groups.get(keyOf(s)) ?? []), { level: t.level, school: s }]);
  const schools: ReadSchool[] = [];
  for (const parts of groups.values()) {
    const first = parts[0] as { level: StudentLevel; school: ReadSchool };
    const kind =
      parts.map((p) => p.school.record.kind).find((k) => schoolKindDefinition(k).shareLevels.length > 1) ?? first.school.record.kind;
    const def = schoolKindDefinition(kind);
    if (parts.length === 1) {
      if (def.shareLevels.length > 1 && def.excluded === null) {
        const missing = def.shareLevels.filter((l) => l !== first.level).map((l) => LEVEL_NAMES[l]);
        const message = `${first.school.nameCell}：${def.name}“${first.school.record.name}”只在${LEVEL_NAMES[first.level]}表（${first.school.sheet}）中出现，缺少${missing.join("、")}的学生数，无法拆分`;
        problems.push({
          sheet: first.school.sheet,
          cell: first.school.nameCell,
          row: first.school.record.sourceRow,
          severity: "error",
          message,
        });
        schools.push(withErrors(first.school, [message]));
      } else schools.push(first.school);
      continue;
    }
    const students: Partial<Record<StudentLevel, number>> = {};
    for (const p of parts) students[p.level] = (students[p.level] ?? 0) + (p.school.record.students[p.level] ?? 0);
    const indicators: Partial<Record<IndicatorId, IndicatorSource>> = {};
    for (const id of ["degree", "backbone", "peArt", "teachingArea", "sportsArea", "equipment", "multimedia"] as const) {
      const given = parts.filter((p) => p.school.record.indicators[id] !== undefined && p.level !== "senior");
      if (given.length === 0) continue;
      if (PER_LEVEL.has(id)) {
        const amounts: Partial<Record<Level, number>> = {};
        for (const p of given) {
          const v = levelAmount(p.school.record.indicators[id], p.level as Level);
          if (v !== undefined) amounts[p.level as Level] = v;
        }
        indicators[id] = { type: "byLevel", amounts };
        continue;
      }
      const amounts = given.map((p) => levelAmount(p.school.record.indicators[id], p.level as Level) ?? 0);
      const a = amounts[0] ?? 0;
      if (amounts.some((x) => Math.abs(x - a) > 1e-9 * Math.max(1, a))) {
        const cells = given.flatMap((p) => p.school.indicatorCells(id, p.level as Level).map((c) => `${c.sheet}!${c.address}`));
        problems.push({
          sheet: first.school.sheet,
          cell: first.school.nameCell,
          row: first.school.record.sourceRow,
          severity: "warning",
          message: `${first.school.nameCell}：“${first.school.record.name}”在各学段表中的全校数据不一致（${cells.join("、")}：${amounts.join("、")}），按${first.school.sheet}表计算`,
        });
      }
      indicators[id] = { type: "whole", amount: a };
    }
    const errors = parts.flatMap((p) => p.school.record.dataErrors ?? []);
    const record: SchoolRecord = {
      id: first.school.record.id,
      name: first.school.record.name.replace(/[（(](小学部|初中部)[)）]$/, ""),
      sourceRow: first.school.record.sourceRow,
      kind,
      students,
      indicators,
      ...(first.school.record.private ? { private: true } : {}),
      ...(first.school.record.directlyAdministered ? { directlyAdministered: true } : {}),
      ...(first.school.record.guarantee ? { guarantee: first.school.record.guarantee } : {}),
      ...(errors.length > 0 ? { dataErrors: errors } : {}),
    };
    schools.push(new JoinedSchool(record, parts));
  }
  return { schools, problems };
}

/** A school with data errors added (the unit is then listed, not evaluated). */
function withErrors(s: ReadSchool, errors: readonly string[]): ReadSchool {
  const record: SchoolRecord = { ...s.record, levelRow: false, dataErrors: [...(s.record.dataErrors ?? []), ...errors] };
  return {
    record,
    sheet: s.sheet,
    nameCell: s.nameCell,
    nameCells: s.nameCells,
    code: s.code,
    kindSource: s.kindSource,
    tableLevel: s.tableLevel,
    sheetOf: (level) => s.sheetOf(level),
    indicatorCells: (id, level) => s.indicatorCells(id, level),
    fieldCells: (field) => s.fieldCells(field),
  };
}
