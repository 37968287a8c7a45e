import { INDICATORS } from "../core/indicators";
import { schoolKindDefinition } from "../core/school-kinds";
import type { GuaranteeData, IndicatorId, IndicatorSource, Level, LevelCounts, SchoolRecord, StudentLevel } from "../core/types";
import { cellAddress, compareAddresses } from "./cells";
import { evaluate, type Conflict, type SlotIndex } from "./figures";
import { rowIndicator, type IndicatorRecipe } from "./indicator-sources";
import type { ColumnMapping } from "./mapping";
import type { NumberStore } from "./number-store";
import { textOf, type RowData, type TextIndex } from "./read-rows";
import type { CellRef, Problem, ReadSchool, Skipped } from "./read-types";
import { resolveLevels, type StudentsCell } from "./school-levels";
import type { FieldId } from "./vocabulary";

/**
 * A school row made into the core's record: its kind, level and students, each indicator's source,
 * its 政府保障程度 figures, and the cells behind them for the marks.
 */

const LEVELS: readonly Level[] = ["primary", "junior"];

/**
 * Whether a 城乡分类 cell says a village: 村庄 / 村 in words, or the code 220 (vocabulary.md:
 * 111 主城区 … 121 镇中心区 … 210 乡中心区, 220 村庄).
 *
 * @param text - The cell's text.
 * @returns True for a village.
 */
export function isVillage(text: string): boolean {
  const t = text.replace(/\s/g, "");
  if (/^\d{3}$/.test(t)) return t.startsWith("22");
  return /村/.test(t) && !/城/.test(t.replace(/城乡/g, ""));
}

/**
 * Whether a sponsor cell says 民办: the word, or the code 2 in a column of 办别 (1 公办, 2 民办).
 *
 * @param text - The cell's text.
 * @param header - The column's header.
 * @returns True for a 民办 school.
 */
export function isPrivate(text: string, header: string): boolean {
  const t = text.replace(/\s/g, "");
  if (/民办/.test(t)) return true;
  return t === "2" && /办别|公办|民办|办学性质/.test(header);
}

/**
 * Whether an affiliation cell says the school is run above the county (省/市直属): 中央, 部属, 省级,
 * 地级, 市级, 市属, 直属…; a 是否直属 column's 是 / 1.
 *
 * @param text - The cell's text.
 * @param header - The column's header.
 * @returns True for a 直属 school.
 */
export function isDirectlyAdministered(text: string, header: string): boolean {
  const t = text.replace(/\s/g, "");
  if (/是否直属|直属/.test(header) && /^(是|1|Y|y|直属)$/.test(t)) return true;
  if (/县|区级|乡|镇/.test(t)) return false;
  return /中央|部属|省|地级|地市|市级|市属|市直|直属/.test(t);
}

/** What every school of a sheet shares. */
export interface SchoolContext {
  readonly sheet: string;
  readonly hasCode: boolean;
  readonly store: NumberStore;
  readonly index: SlotIndex;
  readonly recipes: readonly IndicatorRecipe[];
  readonly numeric: readonly ColumnMapping[];
  readonly textIndex: TextIndex;
  readonly tableLevel: StudentLevel | null;
  readonly problems: Problem[];
}

function studentsCell(ctx: SchoolContext, row: RowData, level?: StudentLevel): StudentsCell | undefined {
  const t = ctx.index.term("students", level);
  if (!t) return undefined;
  const f = evaluate(t, ctx.store, row.base);
  return { value: f.value, blank: f.blank, cell: ctx.store.cells(row.base, row.row, f.slots[0] ?? 0)[0] ?? row.nameCell };
}

function figureOf(ctx: SchoolContext, row: RowData, field: FieldId, level?: StudentLevel): number | undefined {
  const t = ctx.index.term(field, level);
  if (!t) return undefined;
  return evaluate(t, ctx.store, row.base).value;
}

function conflictMessage(ctx: SchoolContext, row: RowData, c: Conflict, what: string): Problem {
  const cells = (slots: readonly number[]) => slots.flatMap((s) => ctx.store.cells(row.base, row.row, s));
  const total = cells(c.total.slots);
  const parts = cells(c.parts.slots);
  const cell = total[0] ?? row.nameCell;
  return {
    cell,
    row: row.row + 1,
    severity: "warning",
    message: `${cell}：${what}合计${c.total.value}（${total.join("、")}）与分项之和${c.parts.value}（${parts.join("、")}）不符，按合计计算；请核对`,
  };
}

export function toSchool(row: RowData, ctx: SchoolContext, skipped: Skipped[]): ReadSchool | null {
  const sourceRow = row.row + 1;
  const ix = ctx.textIndex;
  const students: Partial<Record<StudentLevel | "whole", StudentsCell>> = {};
  const whole = studentsCell(ctx, row);
  if (whole) students.whole = whole;
  for (const l of ["primary", "junior", "senior"] as const) {
    const c = studentsCell(ctx, row, l);
    if (c) students[l] = c;
  }
  const kindText = textOf(row, ix, "kind");
  const stageText = textOf(row, ix, "stage");
  const levels = resolveLevels({
    name: row.name,
    nameCell: row.nameCell,
    ...(kindText !== undefined ? { kindText, kindCell: cellAddress(row.row, ix.get("kind")?.col ?? 0) } : {}),
    ...(stageText !== undefined ? { stageText, stageCell: cellAddress(row.row, ix.get("stage")?.col ?? 0) } : {}),
    students,
    tableLevel: ctx.tableLevel,
  });
  const errors = [...row.errors];
  for (const p of levels.problems) {
    ctx.problems.push({ ...p, row: sourceRow });
    if (p.severity === "error") errors.push(p.message);
  }
  if (levels.seniorRow) {
    skipped.push({ row: sourceRow, reason: "senior", text: row.name });
    return null;
  }
  if (levels.kind === null) return null;
  const kind = levels.kind;
  const def = schoolKindDefinition(kind);
  const unitLevels: Level[] = levels.levelRow
    ? [levels.levelRow]
    : def.levels.filter((l) => (levels.students[l] ?? 0) > 0 || def.levels.length === 1);
  const indicators: Partial<Record<IndicatorId, IndicatorSource>> = {};
  for (const r of ctx.recipes) {
    const got = rowIndicator(r, ctx.store, row.base, unitLevels.length > 0 ? unitLevels : def.levels, levels.levelRow);
    for (const c of got.conflicts) ctx.problems.push(conflictMessage(ctx, row, c, INDICATOR_WORDS[r.id]));
    if (got.ambiguous) {
      errors.push(`${row.nameCell}：${def.name}的${INDICATOR_WORDS[r.id]}只有全校一个已算好的值，无法分给小学和初中`);
      continue;
    }
    if (got.source) indicators[r.id] = got.source;
  }

  const g: { -readonly [K in keyof GuaranteeData]: GuaranteeData[K] } = {};
  const set = <K extends keyof GuaranteeData>(k: K, v: GuaranteeData[K] | undefined) => {
    if (v !== undefined) g[k] = v;
  };
  set("classes", figureOf(ctx, row, "classes"));
  if (ctx.index.hasLevels("classes")) {
    const byLevel: Partial<Record<StudentLevel, number>> = {};
    for (const l of ["primary", "junior", "senior"] as const) {
      const v = figureOf(ctx, row, "classes", l);
      if (v !== undefined) byLevel[l] = v;
    }
    g.classesByLevel = byLevel;
  }
  set("musicRooms", figureOf(ctx, row, "musicRooms"));
  set("musicRoomArea", figureOf(ctx, row, "musicRoomArea"));
  set("artRooms", figureOf(ctx, row, "artRooms"));
  set("artRoomArea", figureOf(ctx, row, "artRoomArea"));
  set("largestClass", figureOf(ctx, row, "largestClass"));
  if (ctx.index.hasLevels("largestClass")) {
    const byLevel: Partial<Record<Level, number>> = {};
    for (const l of LEVELS) {
      const v = figureOf(ctx, row, "largestClass", l);
      if (v !== undefined) byLevel[l] = v;
    }
    g.largestClassByLevel = byLevel;
  }
  const counts = (field: FieldId): LevelCounts | undefined => {
    const out: { -readonly [K in keyof LevelCounts]: LevelCounts[K] } = {};
    const whole = figureOf(ctx, row, field);
    if (whole !== undefined) out.whole = whole;
    for (const l of LEVELS) {
      const v = figureOf(ctx, row, field, l);
      if (v !== undefined) out[l] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  set("over45", counts("over45Classes"));
  set("over50", counts("over50Classes"));
  set("bigClasses", figureOf(ctx, row, "oversizeClasses"));
  set("publicFunds", figureOf(ctx, row, "publicFunds"));
  const ftLevels = (["primary", "junior", "senior"] as const).map((l) => figureOf(ctx, row, "fullTimeTeachers", l));
  const ftSum = ftLevels.some((v) => v !== undefined) ? ftLevels.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
  set("fullTimeTeachers", figureOf(ctx, row, "fullTimeTeachers") ?? ftSum);
  set("certifiedTeachers", figureOf(ctx, row, "certifiedTeachers"));
  const urban = textOf(row, ix, "urbanRural");
  if (urban) g.rural = isVillage(urban);

  const sponsor = textOf(row, ix, "sponsor") ?? "";
  const affiliation = textOf(row, ix, "affiliation") ?? "";
  const record: { -readonly [K in keyof SchoolRecord]: SchoolRecord[K] } = {
    id: ctx.sheet ? `${ctx.sheet}!${sourceRow}` : String(sourceRow),
    name: row.name,
    sourceRow,
    kind,
    students: levels.students,
    indicators,
  };
  if (levels.levelRow) record.levelRow = true;
  if (isPrivate(sponsor, ix.get("sponsor")?.header ?? "")) record.private = true;
  if (isDirectlyAdministered(affiliation, ix.get("affiliation")?.header ?? "")) record.directlyAdministered = true;
  const indoor = figureOf(ctx, row, "indoorSports");
  if (indoor !== undefined) record.indoorSportsArea = indoor;
  if (Object.keys(g).length > 0) record.guarantee = g;
  if (errors.length > 0) record.dataErrors = errors;
  return new SchoolRead(record, row, ctx, levels.kindSource, levels.levelRow);
}

const INDICATOR_WORDS: Readonly<Record<IndicatorId, string>> = Object.fromEntries(INDICATORS.map((d) => [d.id, d.shortName])) as Record<
  IndicatorId,
  string
>;

/**
 * A school as read. Cell addresses are needed only for the schools a plan marks: they are worked
 * out on first use (a class, so that a province's schools share one shape and one set of getters).
 */
class SchoolRead implements ReadSchool {
  readonly nameCell: string;
  readonly sheet: string;
  readonly code: string | null;
  constructor(
    readonly record: SchoolRecord,
    private readonly row: RowData,
    private readonly ctx: SchoolContext,
    readonly kindSource: ReadSchool["kindSource"],
    private readonly levelRow: Level | null,
  ) {
    this.nameCell = row.nameCell;
    this.sheet = ctx.sheet;
    const code = ctx.hasCode ? (textOf(row, ctx.textIndex, "code") ?? "").replace(/\s/g, "") : "";
    this.code = code === "" ? null : code;
  }

  get tableLevel(): StudentLevel | null {
    return this.ctx.tableLevel;
  }

  get nameCells(): readonly CellRef[] {
    return [{ sheet: this.sheet, address: this.nameCell }];
  }

  sheetOf(): string {
    return this.sheet;
  }

  private refs(slots: readonly number[]): CellRef[] {
    const addresses = [...new Set(slots.flatMap((s) => this.ctx.store.cells(this.row.base, this.row.row, s)))].sort(compareAddresses);
    return addresses.map((address) => ({ sheet: this.sheet, address }));
  }

  indicatorCells(id: IndicatorId, level: Level): readonly CellRef[] {
    const r = this.ctx.recipes.find((x) => x.id === id);
    if (!r) return [];
    const def = schoolKindDefinition(this.record.kind);
    const levels = this.levelRow
      ? [this.levelRow]
      : def.levels.filter((l) => (this.record.students[l] ?? 0) > 0 || def.levels.length === 1);
    const got = rowIndicator(r, this.ctx.store, this.row.base, levels.length > 0 ? levels : def.levels, this.levelRow);
    return this.refs(got.slots[level] ?? []);
  }

  fieldCells(field: FieldId): readonly CellRef[] {
    const slots: number[] = [];
    this.ctx.numeric.forEach((c, i) => {
      if (c.field === field && (!this.ctx.store.blank(this.row.base, i) || field === "students")) slots.push(i);
    });
    return this.refs(slots);
  }
}

export function flagDuplicates(schools: readonly ReadSchool[], problems: Problem[]): void {
  const seen = new Map<string, ReadSchool>();
  for (const s of schools) {
    if (s.record.levelRow) continue;
    const key = s.record.name.replace(/\s/g, "");
    const first = seen.get(key);
    if (first) {
      problems.push({
        cell: s.nameCell,
        row: s.record.sourceRow,
        severity: "warning",
        message: `${s.nameCell}：“${s.record.name}”与${first.nameCell}重名，两行都按学校评估；如为重复录入请删除一行`,
      });
    } else seen.set(key, s);
  }
}
