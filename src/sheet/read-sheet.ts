import type { IndicatorId } from "../core/types";
import { cellAddress, cellText, parseNumberCell, type Grid } from "./cells";
import { linkBranches, mergeBranches } from "./branches";
import { SlotIndex } from "./figures";
import { levelNamed, readHeader, type TableHeader } from "./header-model";
import { indicatorRecipes, recipeFound } from "./indicator-sources";
import { mapColumns, mappingColumnIndex, NO_CORRECTIONS, type ColumnMapping, type MappingCorrections, type SheetMapping } from "./mapping";
import { readRows, TEXT_FIELDS } from "./read-rows";
import type { Problem, ReadResult, ReadSchool } from "./read-types";
import { flagDuplicates, toSchool, type SchoolContext } from "./school-read";
import { SheetView } from "./sheet-view";

export type { CellRef, ReadProblem, ReadResult, ReadSchool, SkippedRow } from "./read-types";
export { SheetView } from "./sheet-view";

/** Options of {@link readSheet}. */
export interface ReadOptions {
  readonly corrections?: MappingCorrections;
  /** The sheet's name: a sheet named 小学 or 初中 holds that level's table. */
  readonly sheetName?: string;
  /** Merge each branch site into the school its name extends, as proposed, without a saved choice. */
  readonly mergeProposedBranches?: boolean;
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
  // One level's table: its students are of one level (小学在校生数 only), or its title or name names one.
  const studentColumns = numeric.filter((c) => c.field === "students");
  const studentLevels = new Set(studentColumns.map((c) => c.level ?? null));
  const onlyLevel = studentLevels.size === 1 ? [...studentLevels][0] : undefined;
  const named = levelNamed([...header.preamble, header.tableCode ?? "", options.sheetName ?? ""]);
  const tableLevel = onlyLevel
    ? named === null || named === onlyLevel
      ? onlyLevel
      : null
    : studentLevels.has(null) && studentLevels.size === 1
      ? named
      : null;
  const rows = readRows(view, header, columns, numeric, problems);
  const branches = linkBranches(rows.rows, rows.skipped, corrections, rows.textIndex, options.mergeProposedBranches === true);
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
    // The title names the area; else the sheet's name may ("某某县2024").
    regionWord: regionWordOf([...header.preamble, options.sheetName ?? ""]),
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
  for (const text of preamble) {
    const word = regionWordOfText(text);
    if (word) return word;
  }
  return null;
}

/**
 * The word for the last area named before what the title is about: "安徽省宣城市宁国市2024年…"
 * names 宁国市 (全市); "某某县城区学校…" names the county (城区 is part of it).
 */
function regionWordOfText(text: string): string | null {
  const named = text
    .replace(/^.*?[：:]/, "")
    .replace(/^\s*[\d０-９]{4}\s*(学年度?|年度?)?\s*(初|末|秋季|春季)?/, "")
    .replace(/城区|片区|学区|校区|社区|园区|新区学校/g, "")
    .split(/[\d０-９]|年|义务|教育|学校|中小学|小学|初中|统计|基础|办学|资源|优质|均衡/)[0]
    ?.replace(/^.*?(省|自治区)/, "");
  if (!named) return null;
  const all = [...named.matchAll(/(自治县|市辖区|县|旗|区|市)/g)];
  const last = all[all.length - 1]?.[1];
  if (!last) return null;
  return last === "县" || last === "自治县" || last === "旗" ? "全县" : last === "市" ? "全市" : "全区";
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
