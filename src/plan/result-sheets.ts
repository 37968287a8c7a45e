import type { CheckSuccess } from "../check/run-check";
import { shownDown, shownUp } from "../core/format";
import { GUARANTEE_NAMES } from "../core/guarantee";
import { INDICATORS } from "../core/indicators";
import { LEVEL_NAMES, schoolKindDefinition } from "../core/school-kinds";
import { LEVELS } from "../core/types";
import { columnLetter } from "../sheet/cells";
import { describeMapping } from "../sheet/mapping";
import type { DisplacedNote, PlanOptions } from "./annotation-plan";
import { MARK_COLORS, MARK_LEGEND, type MarkStyle } from "./mark-styles";
import { countyVerdict, gapSummary, levelCounts, levelReason, reasonWithAssumption } from "./wording";

/** A value written into a result cell: always a value, never a formula. */
export type PlanValue = string | number | boolean | null;

/** What a result sheet is for (its name may change to avoid a user's sheet of the same name). */
export type SheetRole = "units" | "cv" | "gaps" | "tracking" | "guarantee" | "problems" | "info";

/** A result sheet the check adds. */
export interface ResultSheet {
  readonly role: SheetRole;
  /** The preferred name. */
  readonly name: string;
  readonly rows: readonly (readonly PlanValue[])[];
  /** 0-based rows shown as headers. */
  readonly headerRows: readonly number[];
  /** Column widths in characters. */
  readonly widths: readonly number[];
  /** Number format per column for numeric cells outside header rows ("" for none). */
  readonly formats: readonly string[];
  /** Cells that show a verdict, coloured pass/fail. */
  readonly verdicts: readonly { readonly row: number; readonly col: number; readonly pass: boolean }[];
  /**
   * Rows kept in view when scrolling (title and the table's header), also repeated at the top of
   * every printed page. Every result sheet prints on A4 landscape, fitted to the page's width.
   */
  readonly freezeRows: number;
  /** The header row (0-based) of the table that gets an autofilter, over every row below it; null for none. */
  readonly filterRow: number | null;
  /** Cells filled with a colour (the legend of the highlight colours), ARGB. */
  readonly fills: readonly { readonly row: number; readonly col: number; readonly color: string }[];
  /** Columns of long text, wrapped within their width (outside header rows) so nothing runs off the page. */
  readonly wrapCols: readonly number[];
}

/** A sheet as its builder makes it; {@link laidOut} adds the fitted widths and the defaults. */
type SheetDraft = Omit<ResultSheet, "freezeRows" | "filterRow" | "fills" | "wrapCols"> &
  Partial<Pick<ResultSheet, "freezeRows" | "filterRow" | "fills" | "wrapCols">>;

/**
 * How many lines a row needs where its long-text columns wrap (1 when none wraps): for row
 * heights, which neither LibreOffice nor WPS works out when they open a file.
 *
 * @param sheet - The sheet.
 * @param i - The row (0-based).
 * @returns The lines.
 */
export function wrappedLines(sheet: Pick<ResultSheet, "rows" | "wrapCols" | "widths" | "headerRows">, i: number): number {
  if (sheet.wrapCols.length === 0 || sheet.headerRows.includes(i)) return 1;
  const row = sheet.rows[i] ?? [];
  let lines = 1;
  for (const j of sheet.wrapCols) {
    const v = row[j];
    if (typeof v !== "string" || v === "") continue;
    // A CJK character prints about 1.6 digit widths wide in the default fonts of Excel, WPS and
    // LibreOffice (textWidth counts 2, which keeps headers whole); a little slack for word breaks.
    const width = Math.max(4, (sheet.widths[j] ?? 10) - 1);
    lines = Math.max(lines, Math.ceil((textWidth(v) * 0.8) / width));
  }
  return Math.min(lines, 15);
}

/** The display width of a text in character widths: a CJK character takes two. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return w;
}

/**
 * A sheet with its columns widened to their table headers (so no header is cut off, on screen or
 * in print) and, unless its builder said otherwise, the first table's header frozen.
 */
function laidOut(d: SheetDraft): ResultSheet {
  const widths = [...d.widths];
  const tableHeaders = d.headerRows.filter((r) => (d.rows[r] ?? []).filter((v) => v !== null && v !== "").length > 1);
  for (const r of tableHeaders)
    (d.rows[r] ?? []).forEach((v, j) => {
      if (typeof v === "string" && v !== "") widths[j] = Math.min(50, Math.max(widths[j] ?? 8, textWidth(v) + 2));
    });
  const first = tableHeaders[0];
  return {
    ...d,
    widths,
    freezeRows: d.freezeRows ?? (first === undefined ? 1 : first + 1),
    filterRow: d.filterRow ?? null,
    fills: d.fills ?? [],
    wrapCols: d.wrapCols ?? [],
  };
}

/**
 * How verdict cells are coloured: two rules over a result sheet (relative to A1), so a sheet of any
 * size needs two formats, not one per cell. Colours are ARGB.
 */
export const VERDICT_RULES: readonly { readonly formula: string; readonly color: string }[] = [
  { formula: 'OR(A1="达标",A1="✓",A1="按计划",LEFT(A1,9)="县域资源配置：达标")', color: "FFC6EFCE" },
  { formula: 'OR(A1="未达标",A1="✗",A1="数据有误",A1="落后于计划",LEFT(A1,10)="县域资源配置：未达标")', color: "FFFFC7CE" },
];

/**
 * The number of columns a result sheet uses (at least 1). A loop, not Math.max(...rows): a
 * province's sheet has more rows than a call can take arguments.
 *
 * @param sheet - The sheet.
 * @returns Its width.
 */
export function sheetWidth(sheet: Pick<ResultSheet, "rows">): number {
  let w = 1;
  for (const r of sheet.rows) if (r.length > w) w = r.length;
  return w;
}

/**
 * The range of a sheet's autofilter: its filter row across its columns, down to the last row.
 *
 * @param sheet - The sheet.
 * @returns E.g. "A3:Q70", or null for none.
 */
export function filterRef(sheet: Pick<ResultSheet, "filterRow" | "rows">): string | null {
  if (sheet.filterRow === null || sheet.filterRow >= sheet.rows.length - 1) return null;
  const cols = (sheet.rows[sheet.filterRow] ?? []).length;
  if (cols === 0) return null;
  return `A${sheet.filterRow + 1}:${columnLetter(cols - 1)}${sheet.rows.length}`;
}

/** The preferred names of the result sheets. */
export const SHEET_NAMES: Readonly<Record<SheetRole, string>> = {
  units: "达标结果",
  cv: "差异系数",
  gaps: "缺口汇总",
  tracking: "规划对照",
  guarantee: "保障程度",
  problems: "数据问题",
  info: "检查信息",
};

const verdictText = (pass: boolean | null): string => (pass === null ? "—" : pass ? "达标" : "未达标");
const mark = (pass: boolean | null): string => (pass === null ? "—" : pass ? "✓" : "✗");

/**
 * The result sheets of a check: per-unit results, the CV table, guarantee checks, data problems
 * and the stamp with the column mapping.
 *
 * @param outcome - A successful check.
 * @param displaced - Notes that went to the results because the cell had the user's note.
 * @param options - Time and version for the stamp.
 * @returns The sheets, in order.
 */
export function resultSheets(
  outcome: CheckSuccess,
  displaced: readonly DisplacedNote[],
  options: PlanOptions,
  notes: { readonly notes: number; readonly omitted: number } = { notes: 0, omitted: 0 },
): ResultSheet[] {
  return [
    unitsSheet(outcome),
    cvSheet(outcome),
    gapsSheet(outcome),
    ...(outcome.tracking ? [trackingSheet(outcome)] : []),
    guaranteeSheet(outcome),
    problemsSheet(outcome, displaced),
    infoSheet(outcome, options, notes),
  ].map(laidOut);
}

/** The short names of the highlight colours, for the legend row of 达标结果. */
const LEGEND_SHORT: Readonly<Record<MarkStyle, string>> = {
  "fail-school": "未达标学校",
  unmet: "未达标指标",
  guarantee: "保障不达标",
  // Not 数据有误: that word is a verdict, and the verdict colours would paint over the legend.
  problem: "数据问题",
  excluded: "不参评",
};

/**
 * The check's time as the reader's clock shows it, with its offset: "2026-12-01 20:15（UTC+08:00）".
 *
 * @param iso - The time (ISO 8601).
 * @returns The local time, or the text as given when it is not a time.
 */
export function localTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  const off = -t.getTimezoneOffset();
  const zone = `UTC${off >= 0 ? "+" : "-"}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`;
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}（${zone}）`;
}

function unitsSheet(o: CheckSuccess): SheetDraft {
  // The county verdict with its reason, and what the colours on the data sheet mean, come first.
  const legendAt = 5;
  const legend: PlanValue[] = ["原表标色说明（详见“检查信息”）：", null, null, null, null];
  const fills: { row: number; col: number; color: string }[] = [];
  MARK_LEGEND.forEach((l, k) => {
    legend[legendAt + k] = LEGEND_SHORT[l.style];
    fills.push({ row: 1, col: legendAt + k, color: MARK_COLORS[l.style] });
  });
  const header: PlanValue[] = [
    "学校名称",
    "行号",
    "学段",
    "办学类型",
    "学生数",
    ...INDICATORS.map((d) => `${d.shortName}（${d.unit}${d.formula === "per100Students" ? "/百生" : "/生"}）`),
    "达标项数",
    "结论",
    "缺口",
    "说明",
  ];
  const rows: PlanValue[][] = [[countyVerdict(o.result)], legend, header];
  const verdicts: { row: number; col: number; pass: boolean }[] = [{ row: 0, col: 0, pass: o.result.resourcePass === true }];
  if (o.result.resourcePass === null) verdicts.pop();
  const verdictCol = 5 + INDICATORS.length + 1;
  for (const u of o.result.units) {
    // Values as shown: cut down to the decimals of the column (显示规则), never up to a standard missed.
    const values = INDICATORS.map((d) => {
      const v = u.indicators?.[d.id].value;
      return v === undefined ? null : shownDown(v, d.unit === "元" ? 0 : 2);
    });
    const verdict = u.excluded ? "不参评" : u.errors.length ? "数据有误" : verdictText(u.pass);
    rows.push([
      u.school,
      u.sourceRow,
      LEVEL_NAMES[u.level],
      schoolKindDefinition(u.kind).name,
      u.students,
      ...values,
      u.metCount,
      verdict,
      gapSummary(u),
      reasonWithAssumption(u),
    ]);
    if (!u.excluded) verdicts.push({ row: rows.length - 1, col: verdictCol, pass: u.pass === true });
  }
  for (const i of o.result.ignored)
    rows.push([i.school, i.sourceRow, "—", "—", null, ...INDICATORS.map(() => null), null, "不形成评估单元", "", i.reason]);
  return {
    role: "units",
    name: SHEET_NAMES.units,
    rows,
    headerRows: [0, 2],
    freezeRows: 3,
    filterRow: 2,
    fills,
    wrapCols: [header.length - 2, header.length - 1],
    widths: [22, 6, 6, 14, 8, ...INDICATORS.map(() => 11), 8, 9, 28, 60],
    formats: ["", "0", "", "", "0", ...INDICATORS.map((d) => (d.unit === "元" ? "0" : "0.00")), "0", "", "", ""],
    verdicts,
  };
}

function cvSheet(o: CheckSuccess): SheetDraft {
  const rows: PlanValue[][] = [["资源配置校际差异系数（按学生数加权，教督〔2017〕6号）"]];
  const headerRows: number[] = [0];
  const verdicts: { row: number; col: number; pass: boolean }[] = [];
  for (const level of LEVELS) {
    const l = o.result.levels[level];
    const name = LEVEL_NAMES[level];
    rows.push([]);
    const why = levelReason(l);
    rows.push([`${name}：${levelCounts(l)}；资源配置${verdictText(l.pass)}${why ? `（${why}）` : ""}`]);
    headerRows.push(rows.length - 1);
    rows.push([
      "学段",
      "指标",
      "标准",
      `${o.profile.regionWord}值`,
      "达标校数",
      "评估校数",
      "差异系数",
      "限值",
      "是否达标",
      "表述",
      "对比：不加权CV（仅供对比）",
      "对比：STDEV/AVERAGE（仅供对比）",
    ]);
    headerRows.push(rows.length - 1);
    for (const d of INDICATORS) {
      const s = l.indicators[d.id];
      rows.push([
        name,
        d.name,
        o.profile.standards[d.id][level],
        // Cut down to the column's decimals, as every figure beside a standard (4.1979 shows 4.19).
        s.aggregate === null ? null : shownDown(s.aggregate, d.unit === "元" ? 0 : 2),
        s.compliant,
        l.units,
        s.cv === null ? null : shownUp(s.cv, 4),
        s.cvLimit,
        mark(s.cvPass),
        s.sentence,
        s.unweightedCv,
        s.sampleCv,
      ]);
      if (s.cvPass !== null) verdicts.push({ row: rows.length - 1, col: 8, pass: s.cvPass });
    }
  }
  rows.push([]);
  rows.push([countyVerdict(o.result)]);
  headerRows.push(rows.length - 1);
  if (o.result.resourcePass !== null) verdicts.push({ row: rows.length - 1, col: 0, pass: o.result.resourcePass });
  return {
    role: "cv",
    name: SHEET_NAMES.cv,
    rows,
    headerRows,
    widths: [8, 44, 8, 10, 9, 9, 10, 8, 9, 26, 14, 14],
    formats: ["", "", "0.00", "0.00", "0", "0", "0.0000", "0.00", "", "", "0.0000", "0.0000"],
    verdicts,
  };
}

const GAP_UNIT_NAMES = { people: "人", rooms: "间", area: "㎡", yuan: "元" } as const;

function gapsSheet(o: CheckSuccess): SheetDraft {
  const rows: PlanValue[][] = [
    [`缺口汇总：${o.profile.regionWord}使每所学校达到标准（及达到标准的${Math.round(o.profile.floorRatio * 100)}%）尚缺`],
    ["学段", "指标", "未达标校数", "达到标准尚缺", "达到85%尚缺", "单位"],
  ];
  for (const g of o.gaps) {
    const d = INDICATORS.find((x) => x.id === g.indicator);
    if (!d) continue;
    // Shortfalls raised to whole units (显示规则): what is lacking never shows as 0.
    rows.push([LEVEL_NAMES[g.level], d.name, g.units, shownUp(g.gap, 0), shownUp(g.floorGap, 0), GAP_UNIT_NAMES[d.gapUnit]]);
  }
  return {
    role: "gaps",
    name: SHEET_NAMES.gaps,
    rows,
    headerRows: [0, 1],
    filterRow: 1,
    widths: [8, 44, 12, 14, 14, 6],
    formats: ["", "", "0", "#,##0", "#,##0", ""],
    verdicts: [],
  };
}

function trackingSheet(o: CheckSuccess): SheetDraft {
  const t = o.tracking;
  const rows: PlanValue[][] = [
    [`推进规划对照（${t?.year ?? ""}年目标：达标学校数/学校总数）`],
    ["学段", "指标", "规划目标", "目标单元格", "实际", "进度"],
  ];
  const verdicts: { row: number; col: number; pass: boolean }[] = [];
  const status = { "on-plan": "按计划", behind: "落后于计划", "no-target": "未设目标" } as const;
  for (const line of t?.lines ?? []) {
    const d = INDICATORS.find((x) => x.id === line.indicator);
    rows.push([
      LEVEL_NAMES[line.level],
      d?.name ?? line.indicator,
      line.target ? `${line.target.met}/${line.target.total}` : "",
      line.target?.cell ?? "",
      `${line.actualMet}/${line.actualTotal}`,
      status[line.status],
    ]);
    if (line.status !== "no-target") verdicts.push({ row: rows.length - 1, col: 5, pass: line.status === "on-plan" });
  }
  if ((t?.problems.length ?? 0) > 0) {
    rows.push([]);
    rows.push(["未能读取的规划目标"]);
    for (const p of t?.problems ?? []) rows.push([p]);
  }
  return {
    role: "tracking",
    name: SHEET_NAMES.tracking,
    rows,
    headerRows: [0, 1],
    widths: [8, 44, 12, 12, 12, 12],
    formats: ["", "", "", "", "", ""],
    verdicts,
  };
}

/**
 * 保障程度: per item the schools checked and failing, then the failing checks one per row (the
 * passing ones are counted, not listed: at a province's size they would be most of the workbook).
 */
function guaranteeSheet(o: CheckSuccess): SheetDraft {
  const { items, failing, unverified } = o.result.guarantee;
  if (items.length === 0)
    return {
      role: "guarantee",
      name: SHEET_NAMES.guarantee,
      rows: [["政府保障程度逐校核查"], ["（表中没有音乐美术教室、班额、校额、经费或持证数据，未作政府保障程度逐校核查）"]],
      headerRows: [0],
      widths: [60],
      formats: [""],
      verdicts: [],
    };
  const rows: PlanValue[][] = [
    ["政府保障程度逐校核查（按学校数据表可核查的项目）"],
    ["项目", "核查校数", "不达标校数", "无法核实校数", "结论"],
  ];
  const verdicts: { row: number; col: number; pass: boolean }[] = [];
  for (const c of items) {
    // A school that could not be verified is never counted as passing.
    const verdict = c.failing > 0 ? "未达标" : c.unverified > 0 ? "无法核实" : "达标";
    rows.push([GUARANTEE_NAMES[c.id], c.checked, c.failing, c.unverified, verdict]);
    if (verdict !== "无法核实") verdicts.push({ row: rows.length - 1, col: 4, pass: c.failing === 0 });
  }
  rows.push([]);
  rows.push([failing.length === 0 ? "各校核查项目均达标" : `不达标的学校与项目（${failing.length}项）`]);
  const headerRows = [0, 1, rows.length - 1];
  let filterRow: number | null = null;
  if (failing.length > 0) {
    rows.push(["学校名称", "行号", "项目", "学校数值", "标准", "结论", "说明"]);
    headerRows.push(rows.length - 1);
    filterRow = rows.length - 1;
    for (const g of failing) {
      rows.push([g.school, g.sourceRow, GUARANTEE_NAMES[g.id], g.value, g.limit, verdictText(g.pass), g.message]);
      verdicts.push({ row: rows.length - 1, col: 5, pass: g.pass });
    }
  }
  if (unverified.length > 0) {
    rows.push([]);
    rows.push([`无法核实的学校与项目（${unverified.length}项，缺少所需数据，不计为达标）`]);
    headerRows.push(rows.length - 1);
    rows.push(["学校名称", "行号", "项目", "", "", "", "缺少什么"]);
    headerRows.push(rows.length - 1);
    for (const u of unverified) rows.push([u.school, u.sourceRow, GUARANTEE_NAMES[u.id], null, null, "无法核实", u.message]);
  }
  return {
    role: "guarantee",
    name: SHEET_NAMES.guarantee,
    rows,
    headerRows,
    filterRow,
    wrapCols: [6],
    widths: [22, 10, 18, 12, 10, 8, 60],
    formats: ["", "0", "", "0.##", "0.##", "", ""],
    verdicts,
  };
}

function problemsSheet(o: CheckSuccess, displaced: readonly DisplacedNote[]): SheetDraft {
  const severity = { error: "错误", warning: "警告", info: "提示" } as const;
  const rows: PlanValue[][] = [["单元格", "类别", "说明"]];
  // With several sheets (a county kept by level) each cell is named with its sheet.
  const where = (sheet: string, cell: string): string => (o.sheets.length > 1 ? `${sheet}!${cell}` : cell);
  for (const p of o.read.problems) rows.push([where(p.sheet, p.cell), severity[p.severity], p.message]);
  const reasons = {
    blank: "空行",
    total: "合计行，不是学校",
    footnote: "注释行",
    branch: "校区/分校，待并入",
    "no-name": "无学校名称",
    "second-table": "另一张表，未读取",
    senior: "高中部，不属于义务教育",
    section: "分节标题行",
  } as const;
  for (const s of o.read.skipped)
    if (s.reason !== "blank" && !(s.reason === "second-table" && s.text === ""))
      rows.push([`第${s.row}行`, "跳过", `${reasons[s.reason]}${s.text ? `：${s.text}` : ""}`]);
  for (const d of displaced) rows.push([where(d.sheet, d.address), "检查说明", `该单元格已有用户批注，检查说明写在这里：${d.note}`]);
  if (rows.length === 1) rows.push(["—", "—", "未发现数据问题"]);
  return {
    role: "problems",
    name: SHEET_NAMES.problems,
    rows,
    headerRows: [0],
    filterRow: 0,
    wrapCols: [2],
    widths: [10, 10, 100],
    formats: ["", "", ""],
    verdicts: [],
  };
}

function infoSheet(o: CheckSuccess, options: PlanOptions, notes: { readonly notes: number; readonly omitted: number }): SheetDraft {
  const m = o.read.mapping;
  const rows: PlanValue[][] = [
    ["优质均衡资源配置检查"],
    ["数据表", o.sheets.join("、")],
    ...(options.source ? [["原文件", options.source]] : []),
    ["检查时间", localTime(options.checkedAt)],
    ["版本", options.version],
    ["标准配置", o.profile.name],
    ["表头行", `第${m.headerRows[0]}–${m.headerRows[1]}行`],
    ["数据起始行", `第${m.dataStartRow}行`],
    [
      "说明",
      `本表及${o.tracking ? "“达标结果”“差异系数”“缺口汇总”“规划对照”“保障程度”“数据问题”" : "“达标结果”“差异系数”“缺口汇总”“保障程度”“数据问题”"}由检查生成；清除标注会删除这些表并恢复原表的格式与批注，原表数值不会被修改。`,
    ],
    ["数值显示", "指标值向下截取到显示的小数位（不四舍五入），差异系数与缺口向上取：未达标的数值不会显示成等于标准。精确值见 JSON 报告。"],
    [
      "批注",
      notes.omitted > 0
        ? `写了${notes.notes}条批注；另有${notes.omitted}个标色单元格未写批注（批注过多会使Excel变慢），其说明见“达标结果”“保障程度”“数据问题”`
        : `写了${notes.notes}条批注`,
    ],
    ["结论", countyVerdict(o.result)],
    [],
    ["原表标色", "含义"],
  ];
  const headerRows = [0, rows.length - 1];
  const fills: { row: number; col: number; color: string }[] = [];
  for (const l of MARK_LEGEND) {
    rows.push([LEGEND_SHORT[l.style], l.label]);
    fills.push({ row: rows.length - 1, col: 0, color: MARK_COLORS[l.style] });
  }
  rows.push(["达标", "结果表中：达标（绿色）"]);
  fills.push({ row: rows.length - 1, col: 0, color: VERDICT_RULES[0]?.color ?? "" });
  rows.push(["未达标", "结果表中：未达标或数据有误（红色）"]);
  fills.push({ row: rows.length - 1, col: 0, color: VERDICT_RULES[1]?.color ?? "" });
  rows.push([]);
  rows.push(["列", "表头", "识别为", "单位", "换算系数", "可信度", "依据"]);
  headerRows.push(rows.length - 1);
  const filterRow = rows.length - 1;
  for (const c of m.columns) rows.push([c.column, c.header, describeMapping(c), c.unit, c.factor, c.confidence, c.how]);
  for (const u of m.unmapped) rows.push([u.column, u.header, "（未使用）", "", null, null, u.reason]);
  return {
    role: "info",
    name: SHEET_NAMES.info,
    rows,
    headerRows,
    freezeRows: 1,
    filterRow,
    fills,
    wrapCols: [1, 6],
    widths: [10, 40, 30, 6, 10, 8, 40],
    formats: ["", "", "", "", "0", "0.00", ""],
    verdicts: [],
  };
}
