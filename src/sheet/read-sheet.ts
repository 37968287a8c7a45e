import { INDICATORS } from "../core/indicators";
import { parseSchoolKind, schoolKindDefinition } from "../core/school-kinds";
import type {
  GuaranteeData,
  IndicatorId,
  IndicatorSource,
  Level,
  SchoolKind,
  SchoolRecord,
  StudentLevel,
  StudentsByLevel,
} from "../core/types";
import { cellAddress, cellText, compareAddresses, isBlank, parseNumberCell, type Grid } from "./cells";
import { findHeader, headerPaths, NAME_HEADER, SheetView, type HeaderLocation } from "./header";
import { normalizeHeader } from "./normalize";
import {
  describeMapping,
  mapColumns,
  mappingColumnIndex,
  mappingKey,
  NO_CORRECTIONS,
  type BranchLink,
  type ColumnMapping,
  type MappingCorrections,
  type SheetMapping,
} from "./mapping";
import type { FieldId, FieldPart } from "./vocabulary";

/** A problem found while reading, always with the cell it concerns. */
export interface ReadProblem {
  /** A1 address, e.g. "H17". */
  readonly cell: string;
  /** 1-based worksheet row. */
  readonly row: number;
  /** error: the school cannot be evaluated; warning: read with an assumption; info: for the record. */
  readonly severity: "error" | "warning" | "info";
  /** Address, what was found, what was expected, in words. */
  readonly message: string;
}

/** A school as read from the sheet: the core's record and where its figures are. */
export interface ReadSchool {
  readonly record: SchoolRecord;
  /** The school-name cell. */
  readonly nameCell: string;
  /** The cells behind each indicator (amount columns), for highlighting. */
  readonly indicatorCells: Readonly<Partial<Record<IndicatorId, readonly string[]>>>;
  /** The cells behind each guarantee figure, by field. */
  readonly fieldCells: Readonly<Partial<Record<FieldId, readonly string[]>>>;
  /** How the kind was known. */
  readonly kindSource: "column" | "inferred" | "levelRow";
}

/** A row that is not a school, and why. */
export interface SkippedRow {
  readonly row: number;
  readonly reason: "blank" | "total" | "footnote" | "branch" | "no-name" | "second-table" | "section";
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
      /** 全县 or 全区 when the title says which, else null. */
      readonly regionWord: string | null;
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

/**
 * The numbers of every data row, one slot per numeric mapping key, stored by column in flat arrays
 * (a province has hundreds of thousands of rows: a map and an object per cell would cost more in
 * allocation than the reading itself). Where each number came from is kept as its column (and its
 * row when a branch site's number was moved to its school); addresses are made only when asked.
 */
class NumberStore {
  /** Slot of each mapping key. */
  readonly slot: ReadonlyMap<string, number>;
  readonly width: number;
  private values: Float64Array;
  /** Source column per row and slot; -1 where the row has no number for the slot. */
  private cols: Int32Array;
  private rows = 0;
  /** Source rows that differ from the row's own (numbers taken over from branch sites). */
  private readonly foreignRow = new Map<number, number>();
  /** Cells of merged branch sites added to a number. */
  private readonly more = new Map<number, string[]>();

  constructor(keys: readonly string[], capacity: number) {
    const slot = new Map<string, number>();
    for (const k of keys) if (!slot.has(k)) slot.set(k, slot.size);
    this.slot = slot;
    this.width = slot.size;
    this.values = new Float64Array(Math.max(1, capacity * this.width));
    this.cols = new Int32Array(Math.max(1, capacity * this.width)).fill(-1);
  }

  /** Adds a row with no numbers yet; returns its base index. */
  addRow(): number {
    const base = this.rows * this.width;
    if (base + this.width > this.cols.length) {
      const values = new Float64Array(Math.max(this.values.length * 2, base + this.width));
      values.set(this.values);
      const cols = new Int32Array(values.length).fill(-1);
      cols.set(this.cols);
      this.values = values;
      this.cols = cols;
    }
    this.rows += 1;
    return base;
  }

  set(base: number, slot: number, value: number, col: number): void {
    this.values[base + slot] = value;
    this.cols[base + slot] = col;
  }

  /** The number of a row in a slot (0 when the row has none: an empty cell). */
  valueAt(row: RowNums, slot: number): number {
    return this.values[row.base + slot] as number;
  }

  /** The addresses of the cells behind a row's number for a mapping key (none when absent). */
  cells(row: RowNums, key: string): string[] {
    const s = this.slot.get(key);
    if (s === undefined) return [];
    const i = row.base + s;
    const col = this.cols[i] as number;
    if (col < 0) return [];
    const own = cellAddress(this.foreignRow.get(i) ?? row.row, col);
    const more = this.more.get(i);
    return more ? [own, ...more] : [own];
  }

  /** Adds a branch site's numbers to its school's (the school's cells list the branch's too). */
  absorb(into: RowNums, from: RowNums): void {
    for (let s = 0; s < this.width; s++) {
      const j = from.base + s;
      const col = this.cols[j] as number;
      if (col < 0) continue;
      const i = into.base + s;
      const fromRow = this.foreignRow.get(j) ?? from.row;
      const fromMore = this.more.get(j) ?? [];
      if ((this.cols[i] as number) >= 0) {
        this.values[i] = (this.values[i] as number) + (this.values[j] as number);
        this.more.set(i, [...(this.more.get(i) ?? []), cellAddress(fromRow, col), ...fromMore]);
      } else {
        this.values[i] = this.values[j] as number;
        this.cols[i] = col;
        this.foreignRow.set(i, fromRow);
        if (fromMore.length > 0) this.more.set(i, [...fromMore]);
      }
    }
  }
}

/** A row's place in the {@link NumberStore}. */
interface RowNums {
  readonly store: NumberStore;
  readonly base: number;
  /** The row (0-based). */
  readonly row: number;
}

interface RowData {
  readonly row: number;
  readonly name: string;
  readonly nameCell: string;
  /** The texts of the sheet's text columns, in the order of {@link TextColumns.cols}. */
  readonly texts: readonly string[];
  readonly textColumns: TextColumns;
  readonly nums: RowNums;
  readonly errors: string[];
}

/** A sheet's text columns (kind, sponsor, …), worked out once: each field's index among them. */
interface TextColumns {
  readonly index: ReadonlyMap<FieldId, number>;
  readonly cols: readonly number[];
}

/** A row's text of a field, or undefined when the sheet has no column for it. */
function textOf(row: RowData, field: FieldId): string | undefined {
  const i = row.textColumns.index.get(field);
  return i === undefined ? undefined : row.texts[i];
}

/** The column of a text field, or undefined when the sheet has none. */
function textColumnOf(row: RowData, field: FieldId): number | undefined {
  const i = row.textColumns.index.get(field);
  return i === undefined ? undefined : row.textColumns.cols[i];
}

const TOTAL_ROW = /^(合计|总计|小计|共计|全县|全区|全市|全旗|全镇|全乡|总数|累计)|(合计|总计|小计)$/;
/** A numbered heading inside or between tables: 一、小学 / （二）初中学校 / 2. 教学点. */
const SECTION_ROW = /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]\D)/;
const FOOTNOTE_ROW = /^(注|说明|备注|填表人|填报人|审核人|负责人|单位负责人|统计负责人|制表|制表人|填表日期|报出日期|联系电话)/;
const LEVEL_ROW = /[（(]?(小学部|初中部|小学段|初中段)[)）]?$/;
const MAX_NAME = 200;

/** The indicator fields and the fields their amount may come from. */
const REQUIRED: readonly { readonly label: string; readonly any: readonly (FieldId | `value:${IndicatorId}`)[] }[] = [
  { label: "学校名称", any: ["name"] },
  { label: "在校学生数", any: ["students"] },
  { label: "高于规定学历教师数（或按学历分的专任教师）", any: ["degreeTeachers", "degreeBy", "value:degree"] },
  { label: "县级以上骨干教师数", any: ["backbone", "value:backbone"] },
  { label: "体育、艺术（美术、音乐）专任教师数", any: ["peArtTeachers", "subjectTeachers", "value:peArt"] },
  { label: "教学及辅助用房面积", any: ["teachingArea", "value:teachingArea"] },
  { label: "体育运动场馆面积", any: ["sportsArea", "outdoorSports", "value:sportsArea"] },
  { label: "教学仪器设备值", any: ["equipment", "value:equipment"] },
  { label: "网络多媒体教室数", any: ["multimedia", "value:multimedia"] },
];

/** Options of {@link readSheet}. */
export interface ReadOptions {
  readonly corrections?: MappingCorrections;
}

/**
 * Reads a bureau's statistics sheet as it is (spec §6): finds the table, maps columns to fields
 * by meaning, reads every school row into a core record with its source cells, and lists the
 * problems with their cell addresses. Never throws for what a sheet contains.
 *
 * @param grid - The sheet's cell values (and merged areas where the host gives them).
 * @param options - The user's corrections.
 * @returns The mapping, schools and problems; or, when the table or a required column cannot be
 *   found, a message naming what is missing and the headers that were seen.
 */
export function readSheet(grid: Grid, options: ReadOptions = {}): ReadResult {
  const corrections = options.corrections ?? NO_CORRECTIONS;
  const view = new SheetView(grid);
  const loc = findHeader(view);
  if (!loc) {
    return {
      ok: false,
      message: "未找到学校数据表：前60行中没有“学校名称”（或“单位名称”“校名”）表头",
      missing: ["学校名称"],
      headersSeen: firstTexts(view),
    };
  }
  const paths = headerPaths(view, loc);
  const { columns, unmapped } = mapColumns(paths, corrections);
  const missing = REQUIRED.filter(
    (req) =>
      !req.any.some((f) => columns.some((c) => (f.startsWith("value:") ? c.field === "value" && c.part === f.slice(6) : c.field === f))),
  );
  if (missing.length > 0) {
    return {
      ok: false,
      message: `缺少必需的列：${missing.map((m) => m.label).join("、")}`,
      missing: missing.map((m) => m.label),
      headersSeen: paths.map((p) => p.parts.join(" › ")),
    };
  }
  const problems: ReadProblem[] = [];
  const adjusted = inferMoneyUnits(view, loc, columns, problems);
  const { rows, skipped, store } = readRows(view, loc, adjusted, problems);
  const branches = linkBranches(rows, skipped, corrections);
  const merged = mergeBranches(rows, branches, problems);
  const index = new MappingIndex(adjusted, store);
  const schools = merged.main.map((r) => toSchool(r, index, problems));
  flagDuplicates(schools, problems);
  const mapping: SheetMapping = {
    version: 1,
    headerRows: [loc.top + 1, loc.bottom + 1],
    dataStartRow: loc.dataStart + 1,
    columns: adjusted,
    unmapped,
    branches,
  };
  const title = loc.preamble.join(" ");
  const regionWord = /[^省市]区/.test(title) ? "全区" : /县|旗/.test(title) ? "全县" : null;
  return { ok: true, mapping, schools, problems, skipped, preamble: loc.preamble, regionWord };
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

/** Money columns with no stated unit: whole-school figures under 2 000 are taken as 万元 (and said so). */
function inferMoneyUnits(view: SheetView, loc: HeaderLocation, columns: ColumnMapping[], problems: ReadProblem[]): ColumnMapping[] {
  const sheetWan = loc.preamble.some((t) => /单位[:：]?[^。]*万元/.test(t));
  return columns.map((c) => {
    if (c.field !== "equipment" || c.how.includes("单位") || c.how === "用户指定") return c;
    if (sheetWan) return { ...c, factor: 10_000, confidence: 0.85, how: `${c.how}；表头上方注明“万元”` };
    const values: number[] = [];
    const col = mappingColumnIndex(c);
    for (let r = loc.dataStart; r <= view.rowEnd && values.length < 500; r++) {
      const n = parseNumberCell(view.raw(r, col));
      if (n.ok && n.value > 0) values.push(n.value);
    }
    values.sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    if (median !== undefined && median < 2000) {
      problems.push({
        cell: `${c.column}${loc.top + 1}`,
        row: loc.top + 1,
        severity: "warning",
        message: `${c.column}列“${c.header}”未注明单位，数值（中位数${median}）应为万元，已按万元计算；如为元请在映射中更正`,
      });
      return { ...c, factor: 10_000, confidence: 0.6, how: `${c.how}；未注明单位，按数值推断为万元` };
    }
    return c;
  });
}

function readRows(
  view: SheetView,
  loc: HeaderLocation,
  columns: readonly ColumnMapping[],
  problems: ReadProblem[],
): { rows: RowData[]; skipped: SkippedRow[]; store: NumberStore } {
  const rows: RowData[] = [];
  const skipped: SkippedRow[] = [];
  const nameCol = columns.find((c) => c.field === "name");
  const nameIdx = nameCol ? mappingColumnIndex(nameCol) : loc.nameColumn;
  const numeric = columns.filter((c) => c.field !== "name" && !isTextField(c.field));
  const textCols = columns.filter((c) => c.field !== "name" && isTextField(c.field));
  const numericCols = numeric.map(mappingColumnIndex);
  const textColumns: TextColumns = {
    // The last column of a field wins, as a field mapped twice always did.
    index: new Map(textCols.map((c, i) => [c.field, i])),
    cols: textCols.map(mappingColumnIndex),
  };
  const store = new NumberStore(numeric.map(mappingKey), Math.max(0, view.rowEnd - loc.dataStart + 1));
  const numericSlots = numeric.map((c) => store.slot.get(mappingKey(c)) as number);
  for (let r = loc.dataStart; r <= view.rowEnd; r++) {
    const first = firstText(view, r, loc);
    const nameRaw = view.raw(r, nameIdx);
    const name = cellText(nameRaw).replace(/\s+/g, " ");
    const rowBlank = first === "";
    if (rowBlank) {
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
      texts: textColumns.cols.map((col) => cellText(view.merged(r, col))),
      textColumns,
      nums: { store, base: store.addRow(), row: r },
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
        store.set(data.nums.base, numericSlots[i] as number, raw * c.factor, col);
        continue;
      }
      const n = parseNumberCell(raw);
      if (n.ok && n.value >= 0) {
        store.set(data.nums.base, numericSlots[i] as number, n.value * c.factor, col);
        continue;
      }
      const addr = cellAddress(r, col);
      if (!n.ok) {
        const msg = `${addr}：“${n.found}”不是数字，${describeMapping(c)}应为数字（空白或“—”表示0）`;
        problems.push({ cell: addr, row: r + 1, severity: "error", message: msg });
        data.errors.push(msg);
        continue;
      }
      if (n.value < 0) {
        const msg = `${addr}：${describeMapping(c)}为负数（${n.value}），应不小于0`;
        problems.push({ cell: addr, row: r + 1, severity: "error", message: msg });
        data.errors.push(msg);
        continue;
      }
    }
    rows.push(data);
  }
  return { rows, skipped, store };
}

function isTextField(f: FieldId): boolean {
  return (
    f === "name" || f === "code" || f === "kind" || f === "countsAsSchool" || f === "sponsor" || f === "affiliation" || f === "urbanRural"
  );
}

function firstText(view: SheetView, r: number, loc: HeaderLocation): string {
  for (let c = Math.min(loc.firstColumn, view.colStart); c <= view.colEnd; c++) {
    const v = view.raw(r, c);
    if (!isBlank(v)) return cellText(v);
  }
  return "";
}

function isBranch(row: RowData): boolean {
  const t = textOf(row, "countsAsSchool")?.replace(/\s/g, "");
  return t !== undefined && /^(0|否|不计|N|n|no|NO)$/.test(t);
}

function linkBranches(rows: RowData[], skipped: SkippedRow[], corrections: MappingCorrections): BranchLink[] {
  const links: BranchLink[] = [];
  let lastMain: RowData | null = null;
  for (const r of rows) {
    if (!isBranch(r)) {
      lastMain = r;
      continue;
    }
    const key = String(r.row + 1);
    const confirmed = Object.prototype.hasOwnProperty.call(corrections.branchParents, key);
    const chosen = confirmed ? (corrections.branchParents[key] ?? null) : lastMain ? lastMain.row + 1 : null;
    links.push({ row: r.row + 1, name: r.name, parentRow: chosen, confirmed: confirmed && chosen !== null });
    skipped.push({ row: r.row + 1, reason: "branch", text: r.name });
  }
  return links;
}

function mergeBranches(rows: RowData[], links: readonly BranchLink[], problems: ReadProblem[]): { main: RowData[] } {
  if (links.length === 0) return { main: rows };
  // Only the rows the links name (a province has 200 000 rows and a few branch sites).
  const named = new Set(links.flatMap((l) => (l.parentRow === null ? [l.row] : [l.row, l.parentRow])));
  const byRow = new Map(rows.filter((r) => named.has(r.row + 1)).map((r) => [r.row + 1, r]));
  const branchRows = new Set(links.map((l) => l.row));
  for (const l of links) {
    const branch = byRow.get(l.row);
    if (!branch) continue;
    const parent = l.parentRow !== null ? byRow.get(l.parentRow) : undefined;
    if (!l.confirmed || !parent || branchRows.has(l.parentRow ?? -1)) {
      const hint = l.parentRow !== null ? `，建议并入第${l.parentRow}行` : "";
      problems.push({
        cell: branch.nameCell,
        row: l.row,
        severity: "warning",
        message: `${branch.nameCell}：“${branch.name}”是校区/分校（是否计校数＝否），需确认所属学校后并入${hint}；未单独评估`,
      });
      continue;
    }
    parent.nums.store.absorb(parent.nums, branch.nums);
    parent.errors.push(...branch.errors);
    problems.push({
      cell: branch.nameCell,
      row: l.row,
      severity: "info",
      message: `${branch.nameCell}：“${branch.name}”已并入第${l.parentRow}行“${parent.name}”`,
    });
  }
  return { main: rows.filter((r) => !branchRows.has(r.row + 1)) };
}

const LEVEL_SLOT: Readonly<Record<StudentLevel, number>> = { primary: 1, junior: 2, senior: 3 };

/** What a sheet's mapping holds, precomputed once for all rows. */
class MappingIndex {
  private readonly byField = new Map<FieldId, readonly ColumnMapping[]>();
  /** Per field, per level (none, primary, junior, senior), per part ("" for none): the store slot, -1 if unmapped. */
  private readonly slots = new Map<FieldId, Map<string, number>[]>();
  /** Per field and part: whether it is mapped for any level, as a whole, and by level. */
  private readonly shapes = new Map<FieldId, Map<string, { any: boolean[]; whole: boolean; levels: boolean }>>();
  constructor(
    readonly columns: readonly ColumnMapping[],
    private readonly store: NumberStore,
  ) {
    for (const c of columns) this.byField.set(c.field, [...(this.byField.get(c.field) ?? []), c]);
  }
  /** The columns of a field. */
  of(field: FieldId): readonly ColumnMapping[] {
    return this.byField.get(field) ?? [];
  }
  /** The store slot of field, level and part, or -1 when the sheet has no such column (cached: every row asks the same). */
  slot(field: FieldId, level?: StudentLevel, part?: FieldPart): number {
    let byLevel = this.slots.get(field);
    if (!byLevel) {
      byLevel = [new Map(), new Map(), new Map(), new Map()];
      this.slots.set(field, byLevel);
    }
    const byPart = byLevel[level ? LEVEL_SLOT[level] : 0] as Map<string, number>;
    let k = byPart.get(part ?? "");
    if (k === undefined) {
      k = this.store.slot.get(mappingKey({ field, ...(level ? { level } : {}), ...(part ? { part } : {}) })) ?? -1;
      byPart.set(part ?? "", k);
    }
    return k;
  }
  /** How a field (and part) is mapped: for a level or any, as a whole, by level. */
  shape(field: FieldId, part?: FieldPart): { any: boolean[]; whole: boolean; levels: boolean } {
    let byPart = this.shapes.get(field);
    if (!byPart) {
      byPart = new Map();
      this.shapes.set(field, byPart);
    }
    let sh = byPart.get(part ?? "");
    if (!sh) {
      const cols = this.of(field).filter((c) => part === undefined || c.part === part);
      sh = {
        any: [cols.length > 0, ...(["primary", "junior", "senior"] as const).map((l) => cols.some((c) => c.level === l))],
        whole: cols.some((c) => c.level === undefined),
        levels: cols.some((c) => c.level !== undefined),
      };
      byPart.set(part ?? "", sh);
    }
    return sh;
  }
}

class RowFigures {
  constructor(
    private readonly row: RowData,
    private readonly index: MappingIndex,
  ) {}

  /** The sheet's column mappings. */
  get columns(): readonly ColumnMapping[] {
    return this.index.columns;
  }

  has(field: FieldId, level?: StudentLevel, part?: FieldPart): boolean {
    return this.index.shape(field, part).any[level ? LEVEL_SLOT[level] : 0] as boolean;
  }

  hasWhole(field: FieldId, part?: FieldPart): boolean {
    return this.index.shape(field, part).whole;
  }

  hasLevels(field: FieldId, part?: FieldPart): boolean {
    return this.index.shape(field, part).levels;
  }

  /** The row's number for a column, 0 for a mapped column left empty, undefined when unmapped. */
  get(field: FieldId, level?: StudentLevel, part?: FieldPart): number | undefined {
    const slot = this.index.slot(field, level, part);
    return slot < 0 ? undefined : this.row.nums.store.valueAt(this.row.nums, slot);
  }

  /** The cells of a field's columns, optionally only of some parts. */
  cells(field: FieldId, parts?: readonly FieldPart[]): string[] {
    const out: string[] = [];
    for (const c of this.index.of(field)) {
      if (parts && (!c.part || !parts.includes(c.part))) continue;
      out.push(...this.row.nums.store.cells(this.row.nums, mappingKey(c)));
    }
    return out;
  }

  /** Sum of parts present, or undefined when none of them is mapped. */
  sum(field: FieldId, parts: readonly FieldPart[], level?: StudentLevel): number | undefined {
    const vals = parts.map((p) => this.get(field, level, p));
    return vals.some((v) => v !== undefined) ? vals.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
  }
}

const DEGREE_PARTS: Readonly<Record<Level, readonly FieldPart[]>> = {
  primary: ["postgrad", "bachelor", "associate"],
  junior: ["postgrad", "bachelor"],
};

function amountSource(f: RowFigures, field: FieldId): IndicatorSource | undefined {
  if (f.hasLevels(field)) {
    const amounts: Partial<Record<Level, number>> = {};
    for (const l of ["primary", "junior"] as const) {
      const v = f.get(field, l);
      if (v !== undefined) amounts[l] = v;
    }
    if (f.hasWhole(field) && amounts.primary === undefined && amounts.junior === undefined)
      return { type: "whole", amount: f.get(field) ?? 0 };
    return { type: "byLevel", amounts };
  }
  if (f.hasWhole(field)) return { type: "whole", amount: f.get(field) ?? 0 };
  return undefined;
}

function peArtSource(f: RowFigures): IndicatorSource | undefined {
  const direct = amountSource(f, "peArtTeachers");
  if (direct) return direct;
  const subjects = (level?: StudentLevel): number | undefined => {
    const total = f.get("subjectTeachers", level, "artsTotal");
    const parts = total !== undefined ? (["pe", "arts"] as const) : (["pe", "music", "art", "arts"] as const);
    const s = f.sum("subjectTeachers", parts, level);
    return s === undefined && total === undefined ? undefined : (s ?? 0) + (total ?? 0);
  };
  if (f.hasLevels("subjectTeachers")) {
    const amounts: Partial<Record<Level, number>> = {};
    for (const l of ["primary", "junior"] as const) {
      const v = subjects(l);
      if (v !== undefined) amounts[l] = v;
    }
    return { type: "byLevel", amounts };
  }
  const whole = subjects();
  return whole === undefined ? undefined : { type: "whole", amount: whole };
}

function degreeSource(f: RowFigures): IndicatorSource | undefined {
  const direct = amountSource(f, "degreeTeachers");
  if (direct) return direct;
  if (f.hasLevels("degreeBy")) {
    const amounts: Partial<Record<Level, number>> = {};
    for (const l of ["primary", "junior"] as const) {
      const v = f.sum("degreeBy", DEGREE_PARTS[l], l);
      if (v !== undefined) amounts[l] = v;
    }
    return { type: "byLevel", amounts };
  }
  const p = f.sum("degreeBy", DEGREE_PARTS.primary);
  const j = f.sum("degreeBy", DEGREE_PARTS.junior);
  if (p === undefined) return undefined;
  return { type: "whole", amount: p, byLevelRule: { primary: p, junior: j ?? 0 } };
}

function sportsSource(f: RowFigures): IndicatorSource | undefined {
  const direct = amountSource(f, "sportsArea");
  if (direct) return direct;
  if (!f.has("outdoorSports")) return undefined;
  return { type: "whole", amount: (f.get("outdoorSports") ?? 0) + (f.get("indoorSports") ?? 0) };
}

function valueSource(f: RowFigures, id: IndicatorId, unitLevels: readonly Level[]): IndicatorSource | "ambiguous" | undefined {
  if (!f.has("value", undefined, id)) return undefined;
  const values: Partial<Record<Level, number>> = {};
  for (const l of ["primary", "junior"] as const) {
    const v = f.get("value", l, id);
    if (v !== undefined) values[l] = v;
  }
  const whole = f.get("value", undefined, id);
  if (whole !== undefined && Object.keys(values).length === 0) {
    if (unitLevels.length !== 1) return "ambiguous";
    values[unitLevels[0] as Level] = whole;
  }
  return { type: "value", values };
}

/** The cells whose figures make up an indicator's amount (only the parts that count). */
function indicatorCellsOf(f: RowFigures, id: IndicatorId): string[] {
  switch (id) {
    case "degree":
      return f.has("degreeTeachers") ? f.cells("degreeTeachers") : f.cells("degreeBy", DEGREE_PARTS.primary);
    case "peArt":
      if (f.has("peArtTeachers")) return f.cells("peArtTeachers");
      return f.cells(
        "subjectTeachers",
        f.has("subjectTeachers", undefined, "artsTotal") ? ["pe", "artsTotal", "arts"] : ["pe", "music", "art", "arts"],
      );
    case "sportsArea":
      return f.has("sportsArea") ? f.cells("sportsArea") : [...f.cells("outdoorSports"), ...f.cells("indoorSports")];
    default:
      return f.cells(id);
  }
}

function sortCells(cells: readonly string[]): string[] {
  return cells.length < 2 ? [...cells] : [...new Set(cells)].sort(compareAddresses);
}

function inferKind(s: StudentsByLevel, name: string): { kind: SchoolKind; why: string } {
  const p = (s.primary ?? 0) > 0;
  const j = (s.junior ?? 0) > 0;
  const h = (s.senior ?? 0) > 0;
  if (/特殊教育|特教|培智|聋|盲/.test(name)) return { kind: "special", why: "校名含特殊教育字样" };
  if (p && j && h) return { kind: "twelveYear", why: "有小学、初中和高中学生" };
  if (p && j) return { kind: "nineYear", why: "有小学和初中学生" };
  if (j && h) return { kind: "complete", why: "有初中和高中学生" };
  if (h) return { kind: "senior", why: "只有高中学生" };
  if (j) return { kind: "junior", why: "只有初中学生" };
  if (/教学点/.test(name)) return { kind: "teachingPoint", why: "只有小学学生，校名为教学点" };
  return { kind: "primary", why: "只有小学学生" };
}

function toSchool(row: RowData, index: MappingIndex, problems: ReadProblem[]): ReadSchool {
  const f = new RowFigures(row, index);
  const errors = [...row.errors];
  const sourceRow = row.row + 1;
  const warn = (cell: string, message: string, severity: ReadProblem["severity"] = "warning") =>
    problems.push({ cell, row: sourceRow, severity, message });

  // Students by level, as given.
  const students: { -readonly [K in StudentLevel]?: number } = {};
  for (const l of ["primary", "junior", "senior"] as const) {
    const v = f.get("students", l);
    if (v !== undefined) students[l] = v;
  }
  const wholeStudents = f.get("students");

  // Kind: level rows, then the kind column, then inference.
  let kind: SchoolKind;
  let kindSource: ReadSchool["kindSource"] = "column";
  const levelRow = LEVEL_ROW.exec(row.name.replace(/\s/g, ""));
  const kindText = textOf(row, "kind");
  const parsed = kindText !== undefined ? parseSchoolKind(kindText) : null;
  if (levelRow) {
    kind = /小学/.test(levelRow[1] ?? "") ? "primary" : "junior";
    kindSource = "levelRow";
  } else if (parsed) {
    kind = parsed;
  } else {
    const levelled = { ...students };
    if (Object.values(levelled).every((v) => !v) && wholeStudents) levelled.primary = wholeStudents;
    const inferred = inferKind(levelled, row.name);
    kind = inferred.kind;
    kindSource = "inferred";
    if (kindText !== undefined) {
      const found = kindText === "" ? "空白" : `“${kindText}”`;
      const address = cellAddress(row.row, textColumnOf(row, "kind") ?? 0);
      warn(address, `${address}：办学类型为${found}，不是已知类型；按学生数推断为${schoolKindDefinition(kind).name}（${inferred.why}）`);
    } else {
      warn(
        row.nameCell,
        `${row.nameCell}：表中没有办学类型列，“${row.name}”按学生数推断为${schoolKindDefinition(kind).name}（${inferred.why}）`,
        "info",
      );
    }
  }
  const def = schoolKindDefinition(kind);

  // Whole-school students go to the kind's only level; a multi-level school needs them by level.
  const levelsGiven = (["primary", "junior", "senior"] as const).some((l) => (students[l] ?? 0) > 0);
  if (!levelsGiven && wholeStudents !== undefined) {
    const target: StudentLevel | undefined =
      kindSource === "levelRow"
        ? kind === "primary"
          ? "primary"
          : "junior"
        : def.shareLevels.length === 1
          ? def.shareLevels[0]
          : kind === "special"
            ? "primary"
            : undefined;
    if (target) students[target] = wholeStudents;
    else if (wholeStudents > 0) errors.push(`${row.nameCell}：${def.name}需要分学段的在校学生数（表中只有总数${wholeStudents}人）`);
  }

  const unitLevels = def.levels.filter((l) => (students[l] ?? 0) > 0);
  const indicators: Partial<Record<IndicatorId, IndicatorSource>> = {};
  // Which indicators come from indicator-value columns (their cells are found differently).
  // Bit k: the k-th indicator comes from indicator-value columns / could not be used.
  let fromValues = 0;
  let skippedIds = 0;
  for (let k = 0; k < INDICATORS.length; k++) {
    const d = INDICATORS[k] as (typeof INDICATORS)[number];
    let src = amountSourceOf(f, d.id);
    if (!src) {
      const v = valueSource(f, d.id, kindSource === "levelRow" ? [kind === "primary" ? "primary" : "junior"] : unitLevels);
      if (v === "ambiguous") {
        errors.push(`${row.nameCell}：${def.name}的${d.id}指标值未分学段，无法用于两个学段`);
        skippedIds |= 1 << k;
        continue;
      }
      src = v;
      fromValues |= 1 << k;
    }
    if (src) indicators[d.id] = src;
  }

  const g: { -readonly [K in keyof GuaranteeData]: GuaranteeData[K] } = {};
  const setIf = <K extends keyof GuaranteeData>(k: K, v: GuaranteeData[K] | undefined) => {
    if (v !== undefined) g[k] = v;
  };
  setIf("classes", f.get("classes"));
  if (f.hasLevels("classes")) {
    const byLevel: Partial<Record<StudentLevel, number>> = {};
    for (const l of ["primary", "junior", "senior"] as const) {
      const v = f.get("classes", l);
      if (v !== undefined) byLevel[l] = v;
    }
    g.classesByLevel = byLevel;
  }
  setIf("musicRooms", f.get("musicRooms"));
  setIf("musicRoomArea", f.get("musicRoomArea"));
  setIf("artRooms", f.get("artRooms"));
  setIf("artRoomArea", f.get("artRoomArea"));
  setIf("largestClass", f.get("largestClass"));
  if (f.hasLevels("largestClass")) {
    const byLevel: Partial<Record<Level, number>> = {};
    for (const l of ["primary", "junior"] as const) {
      const v = f.get("largestClass", l);
      if (v !== undefined) byLevel[l] = v;
    }
    g.largestClassByLevel = byLevel;
  }
  setIf("oversizeClasses", f.get("oversizeClasses"));
  setIf("publicFunds", f.get("publicFunds"));
  const ftByLevel = (["primary", "junior", "senior"] as const).map((l) => f.get("fullTimeTeachers", l));
  const ftLevels = ftByLevel.some((v) => v !== undefined) ? ftByLevel.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
  setIf("fullTimeTeachers", f.get("fullTimeTeachers") ?? ftLevels);
  setIf("certifiedTeachers", f.get("certifiedTeachers"));
  const urban = textOf(row, "urbanRural");
  if (urban) g.rural = /村|乡村|农村/.test(urban) && !/城/.test(urban.replace(/城乡/g, ""));

  const sponsor = textOf(row, "sponsor") ?? "";
  const affiliation = textOf(row, "affiliation") ?? "";

  // Optional fields only when they hold something, set one by one (no object per absent field).
  const record: { -readonly [K in keyof SchoolRecord]: SchoolRecord[K] } = {
    id: String(sourceRow),
    name: row.name,
    sourceRow,
    kind,
    students,
    indicators,
  };
  if (kindSource === "levelRow") record.levelRow = true;
  if (/民办/.test(sponsor)) record.private = true;
  if (/省|市属|市直|直属|中央|部属/.test(affiliation) && !/县/.test(affiliation)) record.directlyAdministered = true;
  const indoor = f.get("indoorSports");
  if (indoor !== undefined) record.indoorSportsArea = indoor;
  if (Object.keys(g).length > 0) record.guarantee = g;
  if (errors.length > 0) record.dataErrors = errors;
  return new SchoolRead(record, row, f, kindSource, fromValues, skippedIds);
}

/**
 * A school as read. Cell addresses are needed only for the schools a plan marks: they are worked
 * out on first use (a class, so that a province's schools share one shape and one set of getters).
 */
class SchoolRead implements ReadSchool {
  private indicatorCellsMemo: Partial<Record<IndicatorId, string[]>> | undefined;
  private fieldCellsMemo: Partial<Record<FieldId, string[]>> | undefined;
  readonly nameCell: string;
  constructor(
    readonly record: SchoolRecord,
    private readonly row: RowData,
    private readonly figures: RowFigures,
    readonly kindSource: ReadSchool["kindSource"],
    private readonly fromValues: number,
    private readonly skippedIds: number,
  ) {
    this.nameCell = row.nameCell;
  }

  get indicatorCells(): Partial<Record<IndicatorId, string[]>> {
    if (!this.indicatorCellsMemo) {
      const out: Partial<Record<IndicatorId, string[]>> = {};
      const nums = this.row.nums;
      for (let k = 0; k < INDICATORS.length; k++) {
        const d = INDICATORS[k] as (typeof INDICATORS)[number];
        if (this.skippedIds & (1 << k)) continue;
        out[d.id] =
          this.fromValues & (1 << k)
            ? this.figures.columns
                .filter((c) => c.field === "value" && c.part === d.id)
                .flatMap((c) => nums.store.cells(nums, mappingKey(c)))
            : sortCells(indicatorCellsOf(this.figures, d.id));
      }
      this.indicatorCellsMemo = out;
    }
    return this.indicatorCellsMemo;
  }

  get fieldCells(): Partial<Record<FieldId, string[]>> {
    if (!this.fieldCellsMemo) {
      const out: Partial<Record<FieldId, string[]>> = {};
      const nums = this.row.nums;
      for (const c of this.figures.columns) {
        const cells = nums.store.cells(nums, mappingKey(c));
        if (cells.length > 0) out[c.field] = [...(out[c.field] ?? []), ...cells];
      }
      this.fieldCellsMemo = out;
    }
    return this.fieldCellsMemo;
  }
}

/** The source of an indicator's amount from amount columns, or undefined when the sheet has none. */
function amountSourceOf(f: RowFigures, id: IndicatorId): IndicatorSource | undefined {
  switch (id) {
    case "degree":
      return degreeSource(f);
    case "peArt":
      return peArtSource(f);
    case "sportsArea":
      return sportsSource(f);
    default:
      return amountSource(f, id);
  }
}

function flagDuplicates(schools: readonly ReadSchool[], problems: ReadProblem[]): void {
  const seen = new Map<string, ReadSchool>();
  for (const s of schools) {
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
