import { cellAddress, cellText, isBlank, parseNumberCell } from "./cells";
import type { TableHeader } from "./header-model";
import { describeMapping, mappingColumnIndex, type ColumnMapping } from "./mapping";
import { normalizeHeader } from "./normalize";
import { NAME_HEADER } from "./header-model";
import { NumberStore } from "./number-store";
import type { Problem, Skipped } from "./read-types";
import type { SheetView } from "./sheet-view";
import { conversion } from "./units";
import type { FieldId } from "./vocabulary";

/**
 * The rows under a table's header: which are schools and which are not (blank, total, footnote,
 * section heading, a second table), and every school row's numbers (parsed as bureaus write
 * them, units in cells converted) and texts.
 */

const TOTAL_ROW = /^(合计|总计|小计|共计|全县|全区|全市|全旗|全镇|全乡|总数|累计)|(合计|总计|小计)$/;
/** A numbered heading inside or between tables: 一、小学 / （二）初中学校 / 2. 教学点. */
const SECTION_ROW = /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]\D)/;
const FOOTNOTE_ROW = /^(注|说明|备注|填表人|填报人|审核人|负责人|单位负责人|统计负责人|制表|制表人|填表日期|报出日期|联系电话)/;
const MAX_NAME = 200;
export const TEXT_FIELDS: ReadonlySet<FieldId> = new Set([
  "name",
  "code",
  "kind",
  "countsAsSchool",
  "sponsor",
  "affiliation",
  "urbanRural",
  "stage",
]);
/** A school row as read. */
export interface RowData {
  readonly row: number;
  readonly name: string;
  readonly nameCell: string;
  /** Texts of the text columns, by their index in {@link TextIndex}. */
  readonly texts: readonly string[];
  readonly base: number;
  readonly errors: string[];
}

/** Each text field's position among a sheet's text columns, and the column. */
export type TextIndex = ReadonlyMap<FieldId, { readonly i: number; readonly col: number; readonly header: string }>;

export function textOf(row: RowData, ix: TextIndex, field: FieldId): string | undefined {
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

export function readRows(
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
  const textIndex: TextIndex = new Map(textCols.map((c, i) => [c.field, { i, col: mappingColumnIndex(c), header: c.header }]));
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
