import type { CheckSuccess } from "../check/run-check";
import { CHECKLIST_GROUPS, CHECKLIST_ITEMS, type ChecklistGroupId, type ChecklistItem } from "../core/checklist";
import { formatNumber } from "../core/format";
import { LEVELS } from "../core/types";

/** A cell of a sheet the add-in builds with live Excel formulas (so it works without the add-in). */
export interface SheetCell {
  /** 0-based row and column. */
  readonly row: number;
  readonly col: number;
  /** A value (text is always written as text). */
  readonly value?: string | number;
  /** An Excel formula in English function names, without the leading "=". */
  readonly formula?: string;
  readonly numFmt?: string;
  readonly bold?: boolean;
  /** The user fills this cell in. */
  readonly input?: boolean;
}

/** A sheet of values, formulas and 是/否 lists. */
export interface FormulaSheet {
  readonly name: string;
  readonly cells: readonly SheetCell[];
  /** Drop-down lists: A1 range → choices. */
  readonly lists: readonly { readonly ref: string; readonly choices: readonly string[] }[];
  readonly widths: readonly number[];
  /** Rows (title and header) kept in view and printed on every page; sheets print A4 landscape, fitted to the width. */
  readonly titleRows: number;
}

/** Where the checklist's verdicts are, for tests and the pane. */
export interface ChecklistLayout {
  readonly sheet: FormulaSheet;
  /** Row (0-based) of each item, in CHECKLIST_ITEMS order. */
  readonly itemRows: readonly number[];
  /** Row of each group's verdict. */
  readonly groupRows: Readonly<Record<ChecklistGroupId, number>>;
  /** Row of the county verdict. */
  readonly countyRow: number;
}

/** The preferred name of the checklist sheet. */
export const CHECKLIST_SHEET = "评估清单";

const A1 = (row: number, col: number) => `${String.fromCharCode(65 + col)}${row + 1}`;

function verdictFormula(item: ChecklistItem, row: number): string {
  const c = A1(row, 2);
  const d = A1(row, 3);
  const value = item.percent ? `IF(${c}>1,${c}/100,${c})` : c;
  switch (item.type) {
    case "fromCheck":
      return `IF(${c}="","未填",IF(${c}="达标","达标","未达标"))`;
    case "yesno":
      return `IF(${c}="","未填",IF(${c}="是","达标",IF(${c}="否","未达标","请选是或否")))`;
    case "veto":
      return `IF(${c}="","未填",IF(${c}="否","无",IF(${c}="是","否决","请选是或否")))`;
    case "numeric":
    case "subjectRate": {
      const blank = item.type === "subjectRate" ? "未测" : "未填";
      const test = item.comparator === "below" ? `${value}<${d}` : `${value}>=${d}`;
      return `IF(${c}="","${blank}",IF(NOT(ISNUMBER(${c})),"请填数字",IF(${test},"达标","未达标")))`;
    }
  }
}

/**
 * The county checklist sheet (评估清单): every item in the official wording, grouped; an input cell
 * per item (numbers, or 是/否 from a list), the threshold, and a verdict computed by ordinary Excel
 * formulas; group verdicts and the county verdict (认定 only when every group holds and no veto).
 * With a check outcome, the 资源配置 rows are filled in from it.
 *
 * @param outcome - The last check, if any.
 * @param name - The sheet name.
 * @returns The sheet and where its verdicts are.
 */
export function checklistSheet(outcome?: CheckSuccess, name = CHECKLIST_SHEET): ChecklistLayout {
  const cells: SheetCell[] = [];
  const lists: { ref: string; choices: string[] }[] = [];
  const put = (row: number, col: number, cell: Omit<SheetCell, "row" | "col">) => cells.push({ row, col, ...cell });
  put(0, 0, { value: "县域义务教育优质均衡发展督导评估 自查清单", bold: true });
  put(1, 0, {
    value:
      "在C列填写：数值项填数字或百分比（95% 或 95 均可），文字项选“是”或“否”；E列的判定由公式计算，无需加载项。资源配置由“检查达标”填写。",
  });
  const headerRow = 2;
  ["序号", "指标", "填写", "标准", "判定", "说明"].forEach((h, col) => put(headerRow, col, { value: h, bold: true }));
  let row = headerRow + 1;
  const itemRows: number[] = [];
  const groupRows = {} as Record<ChecklistGroupId, number>;
  const groups: ChecklistGroupId[] = ["resource", "guarantee", "quality", "recognition", "veto"];
  for (const g of groups) {
    const groupRow = row++;
    groupRows[g] = groupRow;
    put(groupRow, 0, { value: CHECKLIST_GROUPS[g], bold: true });
    const first = row;
    for (const item of CHECKLIST_ITEMS.filter((i) => i.group === g)) {
      itemRows[CHECKLIST_ITEMS.indexOf(item)] = row;
      put(row, 0, { value: item.no });
      put(row, 1, { value: item.text });
      if (item.type === "yesno" || item.type === "veto") {
        lists.push({ ref: A1(row, 2), choices: ["是", "否"] });
        put(row, 2, { input: true, value: "" });
        put(row, 3, { value: item.type === "veto" ? "否" : "是" });
      } else if (item.type === "fromCheck") {
        put(row, 2, { value: outcome ? resourceVerdict(outcome, item) : "" });
        put(row, 3, { value: "达标" });
        if (outcome) put(row, 5, { value: resourceNote(outcome, item) });
      } else {
        put(row, 2, { input: true, value: "", ...(item.percent ? { numFmt: "0.0%" } : {}) });
        put(row, 3, { value: item.threshold ?? 0, numFmt: item.percent ? "0%" : `0"${item.unit ?? ""}"` });
        put(row, 5, { value: item.comparator === "below" ? "低于标准为达标" : "不低于标准为达标" });
      }
      put(row, 4, { formula: verdictFormula(item, row) });
      row++;
    }
    const range = `${A1(first, 4)}:${A1(row - 1, 4)}`;
    put(groupRow, 4, {
      bold: true,
      formula:
        g === "veto"
          ? `IF(COUNTIF(${range},"否决")>0,"否决",IF(COUNTIF(${range},"未填")+COUNTIF(${range},"请选是或否")>0,"未填完","无"))`
          : `IF(COUNTIF(${range},"未达标")>0,"未达标",IF(COUNTIF(${range},"未填")+COUNTIF(${range},"请填数字")+COUNTIF(${range},"请选是或否")>0,"未填完",IF(COUNTIF(${range},"达标")=0,"未填完","达标")))`,
    });
  }
  const countyRow = row + 1;
  const v = (g: ChecklistGroupId) => A1(groupRows[g], 4);
  put(countyRow, 1, { value: "县域优质均衡发展认定结论", bold: true });
  put(countyRow, 4, {
    bold: true,
    formula: `IF(OR(${v("resource")}="未达标",${v("guarantee")}="未达标",${v("quality")}="未达标",${v("recognition")}="未达标",${v("veto")}="否决"),"不予认定",IF(OR(${v("resource")}="未填完",${v("guarantee")}="未填完",${v("quality")}="未填完",${v("recognition")}="未填完",${v("veto")}="未填完"),"未填完","认定"))`,
  });
  put(countyRow, 5, { value: "四类指标均达到要求且无不予认定情形时为“认定”" });
  return { sheet: { name, cells, lists, widths: [8, 70, 12, 10, 10, 40], titleRows: headerRow + 1 }, itemRows, groupRows, countyRow };
}

function resourceVerdict(o: CheckSuccess, item: ChecklistItem): string {
  if (!item.indicator) return o.result.resourcePass === true ? "达标" : "未达标";
  const id = item.indicator;
  const ok = LEVELS.every((l) => o.result.levels[l].units === 0 || o.result.levels[l].indicators[id].cvPass === true);
  return ok ? "达标" : "未达标";
}

function resourceNote(o: CheckSuccess, item: ChecklistItem): string {
  const levelName = { primary: "小学", junior: "初中" } as const;
  if (!item.indicator) {
    return LEVELS.filter((l) => o.result.levels[l].units > 0)
      .map((l) => `${levelName[l]}达标${o.result.levels[l].passing}/${o.result.levels[l].units}`)
      .join("；");
  }
  const id = item.indicator;
  return LEVELS.filter((l) => o.result.levels[l].units > 0)
    .map((l) => {
      const s = o.result.levels[l].indicators[id];
      return `${levelName[l]}${s.sentence}，差异系数${s.cv === null ? "—" : formatNumber(s.cv, 3)}`;
    })
    .join("；");
}
