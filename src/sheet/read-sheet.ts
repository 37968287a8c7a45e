import type { GuaranteeData, IndicatorId, IndicatorSource, Level, SchoolRecord, StudentLevel } from "../core/types";
import { INDICATORS } from "../core/indicators";
import { schoolKindDefinition } from "../core/school-kinds";
import { cellAddress, cellText, compareAddresses, isBlank, parseNumberCell, type Grid } from "./cells";
import { evaluate, SlotIndex, type Conflict } from "./figures";
import { levelNamed, NAME_HEADER, readHeader, type TableHeader } from "./header-model";
import { indicatorRecipes, recipeFound, rowIndicator, type IndicatorRecipe } from "./indicator-sources";
import {
  describeMapping,
  mapColumns,
  mappingColumnIndex,
  NO_CORRECTIONS,
  type BranchLink,
  type ColumnMapping,
  type MappingCorrections,
  type SheetMapping,
} from "./mapping";
import { normalizeHeader } from "./normalize";
import { NumberStore } from "./number-store";
import { resolveLevels, type StudentsCell } from "./school-levels";
import { SheetView } from "./sheet-view";
import { conversion } from "./units";
import type { FieldId } from "./vocabulary";

export { SheetView } from "./sheet-view";

/** A cell of a sheet. */
export interface CellRef {
  readonly sheet: string;
  /** A1 address. */
  readonly address: string;
}

/** A problem found while reading, always with the cell it concerns. */
export interface ReadProblem {
  /** The sheet of the cell. */
  readonly sheet: string;
  /** A1 address, e.g. "H17". */
  readonly cell: string;
  /** 1-based worksheet row. */
  readonly row: number;
  /** error: the school cannot be evaluated; warning: read with an assumption; info: for the record. */
  readonly severity: "error" | "warning" | "info";
  /** Address, what was found, what was expected, in words. */
  readonly message: string;
}

/** A school as read from the sheet(s): the core's record and where its figures are. */
export interface ReadSchool {
  readonly record: SchoolRecord;
  /** The sheet of its (first) row. */
  readonly sheet: string;
  /** The school-name cell on that sheet. */
  readonly nameCell: string;
  /** Its name cells on every sheet it is on (one per level table of a county kept by level). */
  readonly nameCells: readonly CellRef[];
  /** The sheet holding a level's figures (the school's own sheet unless joined from level tables). */
  sheetOf(level: Level): string;
  /** Its 学校标识码, where the sheet has one. */
  readonly code: string | null;
  /**
   * The cells behind an indicator's figure for a level (for highlighting): only the columns that
   * make it (a 初中's 高学历 never names the 专科 column).
   */
  indicatorCells(id: IndicatorId, level: Level): readonly CellRef[];
  /** The cells behind a guarantee figure (students, classes, rooms …). */
  fieldCells(field: FieldId): readonly CellRef[];
  /** How the kind was known. */
  readonly kindSource: "column" | "inferred" | "name" | "levelRow";
  /** The level of the table the school was read from, when the sheet is one level's table. */
  readonly tableLevel: StudentLevel | null;
}

/** A row that is not a school, and why. */
export interface SkippedRow {
  readonly sheet: string;
  readonly row: number;
  readonly reason: "blank" | "total" | "footnote" | "branch" | "no-name" | "second-table" | "section" | "senior";
  readonly text: string;
}

/** The result of reading a sheet. */
export type ReadResult =
  | {
      readonly ok: true;
      readonly mapping: SheetMapping;
      readonly schools: readonly ReadSchool[];
      readonly problems: readonly ReadProblem[];
      readonly skipped: readonly SkippedRow[];
      /** The title rows above the header. */
      readonly preamble: readonly string[];
      /** 全县, 全区 or 全市 when the title says which, else null. */
      readonly regionWord: string | null;
      /** The level the table is about (a county kept as one sheet per level), or null. */
      readonly tableLevel: StudentLevel | null;
    }
  | {
      readonly ok: false;
      /** What stopped the reading, in words. */
      readonly message: string;
      /** The fields that are missing, by name. */
      readonly missing: readonly string[];
      /** The header texts that were seen. */
      readonly headersSeen: readonly string[];
    };

/** A problem before the sheet's name is put on it. */
type Problem = Omit<ReadProblem, "sheet">;
/** A skipped row before the sheet's name is put on it. */
type Skipped = Omit<SkippedRow, "sheet">;

const TOTAL_ROW = /^(合计|总计|小计|共计|全县|全区|全市|全旗|全镇|全乡|总数|累计)|(合计|总计|小计)$/;
/** A numbered heading inside or between tables: 一、小学 / （二）初中学校 / 2. 教学点. */
const SECTION_ROW = /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]\D)/;
const FOOTNOTE_ROW = /^(注|说明|备注|填表人|填报人|审核人|负责人|单位负责人|统计负责人|制表|制表人|填表日期|报出日期|联系电话)/;
const MAX_NAME = 200;
const TEXT_FIELDS: ReadonlySet<FieldId> = new Set([
  "name",
  "code",
  "kind",
  "countsAsSchool",
  "sponsor",
  "affiliation",
  "urbanRural",
  "stage",
]);
const LEVELS: readonly Level[] = ["primary", "junior"];

/** Options of {@link readSheet}. */
export interface ReadOptions {
  readonly corrections?: MappingCorrections;
  /** The sheet's name: a sheet named 小学 or 初中 holds that level's table. */
  readonly sheetName?: string;
}

/**
 * Reads a bureau's statistics sheet as it is (spec §6, vocabulary.md): finds the table and its
 * header (title and table-code rows, merged groups, totals and parts, a 栏号 row and a units row),
 * maps columns to fields by meaning and unit, reads every school row into a core record with its
 * source cells, and lists the problems with their cell addresses. Never throws for what a sheet
 * contains.
 *
 * @param grid - The sheet's cell values (and merged areas and hidden columns where the host gives them).
 * @param options - The user's corrections and the sheet's name.
 * @returns The mapping, schools and problems; or, when the table or a required column cannot be
 *   found, a message naming what is missing and the headers that were seen.
 */
export function readSheet(grid: Grid, options: ReadOptions = {}): ReadResult {
  const corrections = options.corrections ?? NO_CORRECTIONS;
  const view = new SheetView(grid);
  const header = readHeader(view);
  if (!header) {
    return {
      ok: false,
      message: "未找到学校数据表：前60行中没有“学校名称”（或“单位名称”“校名”）表头",
      missing: ["学校名称"],
      headersSeen: firstTexts(view),
    };
  }
  const mapped = mapColumns(header.columns, corrections);
  const problems: Problem[] = [];
  const columns = inferMoneyUnits(view, header, mapped.columns, problems);
  const numeric = columns.filter((c) => !TEXT_FIELDS.has(c.field));
  const index = new SlotIndex(numeric);
  const recipes = indicatorRecipes(index);
  const missing: string[] = [];
  if (!columns.some((c) => c.field === "name")) missing.push("学校名称");
  if (!index.has("students")) missing.push("在校学生数");
  for (const r of recipes) if (!recipeFound(r)) missing.push(REQUIRED_NAMES[r.id]);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `缺少必需的列：${missing.join("、")}`,
      missing,
      headersSeen: header.columns.map((c) => c.parts.join(" › ")),
    };
  }
  for (const r of mapped.repeats) {
    const cell = `${r.column}${header.top + 1}`;
    problems.push({
      cell,
      row: header.top + 1,
      severity: "warning",
      message: `${cell}：“${r.header}”与${r.first}列含义相同，只用了${r.first}列`,
    });
  }
  const studentLevels = numeric.some((c) => c.field === "students" && c.level !== undefined);
  const tableLevel = studentLevels ? null : levelNamed([...header.preamble, header.tableCode ?? "", options.sheetName ?? ""]);
  const rows = readRows(view, header, columns, numeric, problems);
  const branches = linkBranches(rows.rows, rows.skipped, corrections, rows.textIndex);
  const main = mergeBranches(rows.rows, branches, rows.store, problems);
  const sheet = options.sheetName ?? "";
  const code = columns.find((c) => c.field === "code");
  const ctx: SchoolContext = {
    sheet,
    store: rows.store,
    index,
    recipes,
    numeric,
    textIndex: rows.textIndex,
    tableLevel,
    problems,
    hasCode: !!code,
  };
  const schools: ReadSchool[] = [];
  for (const r of main) {
    const s = toSchool(r, ctx, rows.skipped);
    if (s) schools.push(s);
  }
  flagDuplicates(schools, problems);
  const mapping: SheetMapping = {
    version: 1,
    headerRows: [header.top + 1, header.bottom + 1],
    dataStartRow: header.dataStart + 1,
    columns,
    unmapped: mapped.unmapped,
    branches,
  };
  return {
    ok: true,
    mapping,
    schools,
    problems: problems.map((p) => ({ sheet, ...p })),
    skipped: rows.skipped.map((r) => ({ sheet, ...r })),
    preamble: header.preamble,
    regionWord: regionWordOf(header.preamble),
    tableLevel,
  };
}

const REQUIRED_NAMES: Readonly<Record<IndicatorId, string>> = {
  degree: "高于规定学历教师数（或按学历分的专任教师）",
  backbone: "县级以上骨干教师数",
  peArt: "体育、艺术（美术、音乐）专任教师数",
  teachingArea: "教学及辅助用房面积",
  sportsArea: "体育运动场馆面积（或运动场地面积）",
  equipment: "教学仪器设备值",
  multimedia: "网络多媒体教室数",
};

/**
 * The word for the whole area a title names: 全市 for a city (宁国市), 全区 for a district, 全县
 * for a county or banner; null when the title names none.
 *
 * @param preamble - The title rows.
 * @returns The word, or null.
 */
export function regionWordOf(preamble: readonly string[]): string | null {
  const title = preamble.join(" ").replace(/城区|片区|学区|校区|社区|园区|新区学校/g, "");
  const m = /([\u4e00-\u9fa5]{1,8}?)(自治县|县|旗|市辖区|区|市)/.exec(title);
  if (!m) return null;
  const word = m[2] ?? "";
  if (word === "市" && /省/.test(m[1] ?? "")) return null;
  return word === "县" || word === "自治县" || word === "旗" ? "全县" : word === "市" ? "全市" : "全区";
}

function firstTexts(view: SheetView): string[] {
  const out: string[] = [];
  for (let r = view.rowStart; r <= Math.min(view.rowEnd, view.rowStart + 10) && out.length < 30; r++) {
    for (let c = view.colStart; c <= view.colEnd && out.length < 30; c++) {
      const t = cellText(view.raw(r, c));
      if (t) out.push(`${cellAddress(r, c)}：${t.slice(0, 40)}`);
    }
  }
  return out;
}

/** Money columns with no stated unit: "单位：万元" above the header, else whole-school figures under 2 000 are 万元 (and said so). */
function inferMoneyUnits(view: SheetView, header: TableHeader, columns: ColumnMapping[], problems: Problem[]): ColumnMapping[] {
  const sheetWan = header.preamble.some((t) => /单位[:：]?[^。]*万元/.test(t));
  return columns.map((c) => {
    if (c.field !== "equipment" || c.how.includes("单位") || c.how === "用户指定") return c;
    if (sheetWan) return { ...c, factor: 10_000, confidence: 0.85, how: `${c.how}；表头上方注明“万元”` };
    const values: number[] = [];
    const col = mappingColumnIndex(c);
    for (let r = header.dataStart; r <= view.rowEnd && values.length < 500; r++) {
      const n = parseNumberCell(view.raw(r, col));
      if (n.ok && !n.unit && n.value > 0) values.push(n.value);
    }
    values.sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    if (median !== undefined && median < 2000) {
      problems.push({
        cell: `${c.column}${header.top + 1}`,
        row: header.top + 1,
        severity: "warning",
        message: `${c.column}${header.top + 1}：${c.column}列“${c.header}”未注明单位，数值（中位数${median}）应为万元，已按万元计算；如为元请在映射中更正`,
      });
      return { ...c, unit: "元", factor: 10_000, confidence: 0.6, how: `${c.how}；未注明单位，按数值推断为万元` };
    }
    return c;
  });
}

/** A school row as read. */
interface RowData {
  readonly row: number;
  readonly name: string;
  readonly nameCell: string;
  /** Texts of the text columns, by their index in {@link TextIndex}. */
  readonly texts: readonly string[];
  readonly base: number;
  readonly errors: string[];
}

/** Each text field's position among a sheet's text columns, and the column. */
type TextIndex = ReadonlyMap<FieldId, { readonly i: number; readonly col: number }>;

function textOf(row: RowData, ix: TextIndex, field: FieldId): string | undefined {
  const t = ix.get(field);
  return t === undefined ? undefined : row.texts[t.i];
}

function firstText(view: SheetView, r: number, header: TableHeader): string {
  for (let c = Math.min(header.firstColumn, view.colStart); c <= view.colEnd; c++) {
    const v = view.raw(r, c);
    if (!isBlank(v)) return cellText(v);
  }
  return "";
}

function readRows(
  view: SheetView,
  header: TableHeader,
  columns: readonly ColumnMapping[],
  numeric: readonly ColumnMapping[],
  problems: Problem[],
): { rows: RowData[]; skipped: Skipped[]; store: NumberStore; textIndex: TextIndex } {
  const rows: RowData[] = [];
  const skipped: Skipped[] = [];
  const nameCol = columns.find((c) => c.field === "name");
  const nameIdx = nameCol ? mappingColumnIndex(nameCol) : header.nameColumn;
  const textCols = columns.filter((c) => c.field !== "name" && TEXT_FIELDS.has(c.field));
  // The last column of a text field wins, as a field mapped twice always did.
  const textIndex: TextIndex = new Map(textCols.map((c, i) => [c.field, { i, col: mappingColumnIndex(c) }]));
  const numericCols = numeric.map(mappingColumnIndex);
  const units = numeric.map((c) => header.columns.find((h) => h.column === mappingColumnIndex(c))?.unit ?? null);
  const store = new NumberStore(numericCols, Math.max(0, view.rowEnd - header.dataStart + 1));
  for (let r = header.dataStart; r <= view.rowEnd; r++) {
    if (r === header.numberingRow || r === header.unitsRow) continue;
    const first = firstText(view, r, header);
    const name = cellText(view.raw(r, nameIdx)).replace(/\s+/g, " ");
    if (first === "") {
      skipped.push({ row: r + 1, reason: "blank", text: "" });
      continue;
    }
    if (FOOTNOTE_ROW.test(first.replace(/\s/g, ""))) {
      skipped.push({ row: r + 1, reason: "footnote", text: first.slice(0, 60) });
      continue;
    }
    const compact = name.replace(/\s|\u3000/g, "");
    if (compact.length <= 12 && /名称|校名|^学校$/.test(compact) && NAME_HEADER.test(normalizeHeader(compact))) {
      // A second header: another table starts here. Only the first table is read.
      problems.push({
        cell: cellAddress(r, nameIdx),
        row: r + 1,
        severity: "warning",
        message: `${cellAddress(r, nameIdx)}：第${r + 1}行起是另一张表（又一个“${name}”表头），只读取了第一张表；如需检查它，请放到单独的工作表`,
      });
      for (let rest = r; rest <= view.rowEnd; rest++) skipped.push({ row: rest + 1, reason: "second-table", text: rest === r ? name : "" });
      break;
    }
    if (SECTION_ROW.test(compact) && numericCols.every((col) => isBlank(view.raw(r, col)))) {
      skipped.push({ row: r + 1, reason: "section", text: compact });
      continue;
    }
    if (TOTAL_ROW.test(compact) || (compact === "" && TOTAL_ROW.test(first.replace(/\s/g, "")))) {
      skipped.push({ row: r + 1, reason: "total", text: compact || first });
      continue;
    }
    if (compact === "") {
      problems.push({
        cell: cellAddress(r, nameIdx),
        row: r + 1,
        severity: "warning",
        message: `${cellAddress(r, nameIdx)}：学校名称为空，该行有数据但未作为学校读取`,
      });
      skipped.push({ row: r + 1, reason: "no-name", text: first.slice(0, 60) });
      continue;
    }
    const data: RowData = {
      row: r,
      name: name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name,
      nameCell: cellAddress(r, nameIdx),
      texts: textCols.map((c) => cellText(view.merged(r, mappingColumnIndex(c)))),
      base: store.addRow(),
      errors: [],
    };
    if (name.length > MAX_NAME)
      problems.push({
        cell: data.nameCell,
        row: r + 1,
        severity: "info",
        message: `${data.nameCell}：学校名称超过${MAX_NAME}字，结果中截短显示`,
      });
    for (let i = 0; i < numeric.length; i++) {
      const c = numeric[i] as ColumnMapping;
      const col = numericCols[i] as number;
      const raw = view.raw(r, col);
      // Plain numbers are most cells: no parsing, no result object.
      if (typeof raw === "number" && raw >= 0 && Number.isFinite(raw)) {
        store.set(data.base, i, raw * c.factor);
        continue;
      }
      const n = parseNumberCell(raw);
      const addr = cellAddress(r, col);
      if (!n.ok) {
        const msg = `${addr}：“${n.found}”不是数字，${describeMapping(c)}应为数字（空白或“—”表示0）`;
        problems.push({ cell: addr, row: r + 1, severity: "error", message: msg });
        data.errors.push(msg);
        continue;
      }
      if (n.blank) continue;
      if (n.value < 0) {
        const msg = `${addr}：${describeMapping(c)}为负数（${n.value}），应不小于0`;
        problems.push({ cell: addr, row: r + 1, severity: "error", message: msg });
        data.errors.push(msg);
        continue;
      }
      let value = n.value * c.factor;
      if (n.unit) {
        // A unit written in the cell ("45万元" in a column of 元) is converted to the column's.
        const colUnit = units[i];
        const factor = colUnit ? conversion(n.unit, colUnit) : null;
        if (colUnit && factor === null) {
          const msg = `${addr}：“${cellText(raw)}”的单位与${describeMapping(c)}（${colUnit.source || colUnit.unit}）不符`;
          problems.push({ cell: addr, row: r + 1, severity: "error", message: msg });
          data.errors.push(msg);
          continue;
        }
        value = colUnit ? n.value * (factor as number) * c.factor : n.value * n.unit.factor;
        problems.push({
          cell: addr,
          row: r + 1,
          severity: "info",
          message: `${addr}：单元格写有单位“${n.unit.source}”，按${value}${c.unit}读取`,
        });
      }
      store.set(data.base, i, value);
    }
    rows.push(data);
  }
  return { rows, skipped, store, textIndex };
}

function isBranch(row: RowData, ix: TextIndex): boolean {
  const t = textOf(row, ix, "countsAsSchool")?.replace(/\s/g, "");
  return t !== undefined && /^(0|否|不计|N|n|no|NO)$/.test(t);
}

/** A site's name without its campus part: 水江第一小学（南校区） → 水江第一小学. */
function stem(name: string): string {
  return name.replace(/\s/g, "").replace(/[（(][^)）]*[)）]$|(东|西|南|北|新|老)?(校区|分校|分部|校点)$/, "");
}

/**
 * The school each branch site (是否计校数 = 0) belongs to: the user's choice where they made one,
 * else proposed — the school whose name the site's extends (水江第一小学（南校区） → 水江第一小学),
 * never just the row above.
 */
function linkBranches(rows: readonly RowData[], skipped: Skipped[], corrections: MappingCorrections, ix: TextIndex): BranchLink[] {
  const links: BranchLink[] = [];
  const mains = rows.filter((r) => !isBranch(r, ix));
  for (const r of rows) {
    if (!isBranch(r, ix)) continue;
    const key = String(r.row + 1);
    const confirmed = Object.prototype.hasOwnProperty.call(corrections.branchParents, key);
    const site = stem(r.name);
    const byName = mains
      .filter((m) => stem(m.name).length >= 2 && site.startsWith(stem(m.name)))
      .sort((a, b) => stem(b.name).length - stem(a.name).length)[0];
    const chosen = confirmed ? (corrections.branchParents[key] ?? null) : byName ? byName.row + 1 : null;
    links.push({ row: r.row + 1, name: r.name, parentRow: chosen, confirmed: confirmed && chosen !== null });
    skipped.push({ row: r.row + 1, reason: "branch", text: r.name });
  }
  return links;
}

function mergeBranches(rows: RowData[], links: readonly BranchLink[], store: NumberStore, problems: Problem[]): RowData[] {
  if (links.length === 0) return rows;
  const named = new Set(links.flatMap((l) => (l.parentRow === null ? [l.row] : [l.row, l.parentRow])));
  const byRow = new Map(rows.filter((r) => named.has(r.row + 1)).map((r) => [r.row + 1, r]));
  const branchRows = new Set(links.map((l) => l.row));
  for (const l of links) {
    const branch = byRow.get(l.row);
    if (!branch) continue;
    const parent = l.parentRow !== null ? byRow.get(l.parentRow) : undefined;
    if (!l.confirmed || !parent || branchRows.has(l.parentRow ?? -1)) {
      const hint = parent ? `，建议并入第${l.parentRow}行“${parent.name}”` : "，未找到名称相符的学校，请在映射中指定";
      problems.push({
        cell: branch.nameCell,
        row: l.row,
        severity: "warning",
        message: `${branch.nameCell}：“${branch.name}”是校区/分校（是否计校数＝否），需确认所属学校后并入${hint}；未单独评估`,
      });
      continue;
    }
    store.absorb({ base: parent.base, row: parent.row }, { base: branch.base, row: branch.row });
    parent.errors.push(...branch.errors);
    problems.push({
      cell: branch.nameCell,
      row: l.row,
      severity: "info",
      message: `${branch.nameCell}：“${branch.name}”已并入第${l.parentRow}行“${parent.name}”`,
    });
  }
  return rows.filter((r) => !branchRows.has(r.row + 1));
}

/** What every school of a sheet shares. */
interface SchoolContext {
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

function toSchool(row: RowData, ctx: SchoolContext, skipped: Skipped[]): ReadSchool | null {
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
  set("oversizeClasses", figureOf(ctx, row, "oversizeClasses"));
  set("publicFunds", figureOf(ctx, row, "publicFunds"));
  const ftLevels = (["primary", "junior", "senior"] as const).map((l) => figureOf(ctx, row, "fullTimeTeachers", l));
  const ftSum = ftLevels.some((v) => v !== undefined) ? ftLevels.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
  set("fullTimeTeachers", figureOf(ctx, row, "fullTimeTeachers") ?? ftSum);
  set("certifiedTeachers", figureOf(ctx, row, "certifiedTeachers"));
  const urban = textOf(row, ix, "urbanRural");
  if (urban) g.rural = /村|乡村|农村/.test(urban) && !/城/.test(urban.replace(/城乡/g, ""));

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
  if (/民办/.test(sponsor)) record.private = true;
  if (/省|市属|市直|直属|中央|部属/.test(affiliation) && !/县/.test(affiliation)) record.directlyAdministered = true;
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

function flagDuplicates(schools: readonly ReadSchool[], problems: Problem[]): void {
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
