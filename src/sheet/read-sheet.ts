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

/** A number read from a row, and where it came from (addresses are made only when asked for). */
interface Figure {
  value: number;
  /** The cell it was read from (0-based). */
  readonly row: number;
  readonly col: number;
  /** Cells of merged branch sites added to it. */
  more?: string[];
}

/** The addresses of the cells behind a figure. */
function figureCells(f: Figure): string[] {
  const own = cellAddress(f.row, f.col);
  return f.more ? [own, ...f.more] : [own];
}

interface RowData {
  readonly row: number;
  readonly name: string;
  readonly nameCell: string;
  readonly text: Map<FieldId, { text: string; cell: string }>;
  readonly nums: Map<string, Figure>;
  readonly errors: string[];
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
  const { rows, skipped } = readRows(view, loc, adjusted, problems);
  const branches = linkBranches(rows, skipped, corrections);
  const merged = mergeBranches(rows, branches, problems);
  const index = new MappingIndex(adjusted);
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
): { rows: RowData[]; skipped: SkippedRow[] } {
  const rows: RowData[] = [];
  const skipped: SkippedRow[] = [];
  const nameCol = columns.find((c) => c.field === "name");
  const nameIdx = nameCol ? mappingColumnIndex(nameCol) : loc.nameColumn;
  const numeric = columns.filter((c) => c.field !== "name" && !isTextField(c.field));
  const textCols = columns.filter((c) => c.field !== "name" && isTextField(c.field));
  const numericKeys = numeric.map(mappingKey);
  const numericCols = numeric.map(mappingColumnIndex);
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
      text: new Map(),
      nums: new Map(),
      errors: [],
    };
    if (name.length > MAX_NAME)
      problems.push({
        cell: data.nameCell,
        row: r + 1,
        severity: "info",
        message: `${data.nameCell}：学校名称超过${MAX_NAME}字，结果中截短显示`,
      });
    for (const c of textCols) {
      const col = mappingColumnIndex(c);
      data.text.set(c.field, { text: cellText(view.merged(r, col)), cell: cellAddress(r, col) });
    }
    for (let i = 0; i < numeric.length; i++) {
      const c = numeric[i] as ColumnMapping;
      const col = numericCols[i] as number;
      const raw = view.raw(r, col);
      // Plain numbers are most cells: no parsing, no result object.
      if (typeof raw === "number" && raw >= 0 && Number.isFinite(raw)) {
        data.nums.set(numericKeys[i] as string, { value: raw * c.factor, row: r, col });
        continue;
      }
      const n = parseNumberCell(raw);
      if (n.ok && n.value >= 0) {
        data.nums.set(numericKeys[i] as string, { value: n.value * c.factor, row: r, col });
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
  return { rows, skipped };
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
  const t = row.text.get("countsAsSchool")?.text.replace(/\s/g, "");
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
  const byRow = new Map(rows.map((r) => [r.row + 1, r]));
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
    for (const [k, f] of branch.nums) {
      const p = parent.nums.get(k);
      if (p) {
        p.value += f.value;
        p.more = [...(p.more ?? []), ...figureCells(f)];
      } else parent.nums.set(k, { value: f.value, row: f.row, col: f.col, ...(f.more ? { more: [...f.more] } : {}) });
    }
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

/** What a sheet's mapping holds, precomputed once for all rows. */
class MappingIndex {
  /** Every mapping key. */
  readonly keys: ReadonlySet<string>;
  private readonly byField = new Map<FieldId, readonly ColumnMapping[]>();
  private readonly keyCache = new Map<string, Map<string, Map<string, string>>>();
  constructor(readonly columns: readonly ColumnMapping[]) {
    this.keys = new Set(columns.map(mappingKey));
    for (const c of columns) this.byField.set(c.field, [...(this.byField.get(c.field) ?? []), c]);
  }
  /** The columns of a field. */
  of(field: FieldId): readonly ColumnMapping[] {
    return this.byField.get(field) ?? [];
  }
  /** The mapping key of field, level and part (cached: every row asks for the same keys). */
  key(field: FieldId, level?: StudentLevel, part?: FieldPart): string {
    let byLevel = this.keyCache.get(field);
    if (!byLevel) {
      byLevel = new Map();
      this.keyCache.set(field, byLevel);
    }
    let byPart = byLevel.get(level ?? "");
    if (!byPart) {
      byPart = new Map();
      byLevel.set(level ?? "", byPart);
    }
    let k = byPart.get(part ?? "");
    if (k === undefined) {
      k = mappingKey({ field, ...(level ? { level } : {}), ...(part ? { part } : {}) });
      byPart.set(part ?? "", k);
    }
    return k;
  }
}

class RowFigures {
  constructor(
    private readonly row: RowData,
    private readonly index: MappingIndex,
  ) {}

  has(field: FieldId, level?: StudentLevel, part?: FieldPart): boolean {
    return this.index.of(field).some((c) => (level === undefined || c.level === level) && (part === undefined || c.part === part));
  }

  hasWhole(field: FieldId, part?: FieldPart): boolean {
    return this.index.of(field).some((c) => c.level === undefined && (part === undefined || c.part === part));
  }

  hasLevels(field: FieldId, part?: FieldPart): boolean {
    return this.index.of(field).some((c) => c.level !== undefined && (part === undefined || c.part === part));
  }

  get(field: FieldId, level?: StudentLevel, part?: FieldPart): number | undefined {
    const key = this.index.key(field, level, part);
    const f = this.row.nums.get(key);
    if (f) return f.value;
    return this.index.keys.has(key) ? 0 : undefined;
  }

  /** The cells of a field's columns, optionally only of some parts. */
  cells(field: FieldId, parts?: readonly FieldPart[]): string[] {
    const out: string[] = [];
    for (const c of this.index.of(field)) {
      if (parts && (!c.part || !parts.includes(c.part))) continue;
      const f = this.row.nums.get(mappingKey(c));
      if (f) out.push(...figureCells(f));
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
  const columns = index.columns;
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
  const kindCell = row.text.get("kind");
  const parsed = kindCell ? parseSchoolKind(kindCell.text) : null;
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
    if (kindCell) {
      const found = kindCell.text === "" ? "空白" : `“${kindCell.text}”`;
      warn(
        kindCell.cell,
        `${kindCell.cell}：办学类型为${found}，不是已知类型；按学生数推断为${schoolKindDefinition(kind).name}（${inferred.why}）`,
      );
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
  const sources: Record<IndicatorId, () => IndicatorSource | undefined> = {
    degree: () => degreeSource(f),
    backbone: () => amountSource(f, "backbone"),
    peArt: () => peArtSource(f),
    teachingArea: () => amountSource(f, "teachingArea"),
    sportsArea: () => sportsSource(f),
    equipment: () => amountSource(f, "equipment"),
    multimedia: () => amountSource(f, "multimedia"),
  };
  // Cell addresses are needed only for the schools a plan marks: they are worked out on first use.
  const cellsOf: Partial<Record<IndicatorId, () => string[]>> = {};
  for (const id of Object.keys(sources) as IndicatorId[]) {
    let src = sources[id]();
    let cells = (): string[] => sortCells(indicatorCellsOf(f, id));
    if (!src) {
      const v = valueSource(f, id, kindSource === "levelRow" ? [kind === "primary" ? "primary" : "junior"] : unitLevels);
      if (v === "ambiguous") {
        errors.push(`${row.nameCell}：${def.name}的${id}指标值未分学段，无法用于两个学段`);
        continue;
      }
      src = v;
      cells = () =>
        columns
          .filter((c) => c.field === "value" && c.part === id)
          .flatMap((c) => {
            const fig = row.nums.get(mappingKey(c));
            return fig ? figureCells(fig) : [];
          });
    }
    if (src) indicators[id] = src;
    cellsOf[id] = cells;
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
  const urban = row.text.get("urbanRural")?.text;
  if (urban) g.rural = /村|乡村|农村/.test(urban) && !/城/.test(urban.replace(/城乡/g, ""));

  const sponsor = row.text.get("sponsor")?.text ?? "";
  const affiliation = row.text.get("affiliation")?.text ?? "";
  const fieldCellsOf = (): Partial<Record<FieldId, string[]>> => {
    const out: Partial<Record<FieldId, string[]>> = {};
    for (const c of columns) {
      const fig = row.nums.get(mappingKey(c));
      if (fig) out[c.field] = [...(out[c.field] ?? []), ...figureCells(fig)];
    }
    return out;
  };

  const record: SchoolRecord = {
    id: String(sourceRow),
    name: row.name,
    sourceRow,
    kind,
    ...(kindSource === "levelRow" ? { levelRow: true } : {}),
    ...(/民办/.test(sponsor) ? { private: true } : {}),
    ...(/省|市属|市直|直属|中央|部属/.test(affiliation) && !/县/.test(affiliation) ? { directlyAdministered: true } : {}),
    students,
    indicators,
    ...(f.get("indoorSports") !== undefined ? { indoorSportsArea: f.get("indoorSports") ?? 0 } : {}),
    ...(Object.keys(g).length > 0 ? { guarantee: g } : {}),
    ...(errors.length > 0 ? { dataErrors: errors } : {}),
  };
  let indicatorCells: Partial<Record<IndicatorId, string[]>> | undefined;
  let fieldCells: Partial<Record<FieldId, string[]>> | undefined;
  return {
    record,
    nameCell: row.nameCell,
    kindSource,
    get indicatorCells() {
      if (!indicatorCells) {
        indicatorCells = {};
        for (const [id, cells] of Object.entries(cellsOf) as [IndicatorId, () => string[]][]) indicatorCells[id] = cells();
      }
      return indicatorCells;
    },
    get fieldCells() {
      fieldCells ??= fieldCellsOf();
      return fieldCells;
    },
  };
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
