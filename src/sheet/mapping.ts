import { z } from "zod";
import type { StudentLevel } from "../core/types";
import { columnIndex, columnLetter } from "./cells";
import type { HeaderColumn } from "./header-model";
import type { Unit } from "./units";
import {
  FIELD_NAMES,
  FIELD_QUANTITY,
  LEAF_QUANTITY,
  LEVEL_WORDS,
  PART_NAMES,
  STANDS_FOR_GROUP,
  VOCABULARY,
  type FieldId,
  type FieldPart,
} from "./vocabulary";

/** How one column is understood: the field it carries, its level and unit, and why. */
export interface ColumnMapping {
  /** Column letters, e.g. "H". */
  readonly column: string;
  /** The header path as written, parts joined by " › ". */
  readonly header: string;
  readonly field: FieldId;
  readonly level?: StudentLevel;
  readonly part?: FieldPart;
  /** The unit of the column's numbers after `factor` (人, ㎡, 元, 间). */
  readonly unit: string;
  /** Multiplier to the core's unit: 10 000 for 万元, 666.67 for 亩. */
  readonly factor: number;
  /** 0–1: how sure the reader is. */
  readonly confidence: number;
  /** How it was matched, in words. */
  readonly how: string;
  /**
   * The column is one of several parts of one figure (博士 | 硕士 under 研究生, two columns of the
   * same meaning side by side in one group): the figure is their sum.
   */
  readonly summed?: true;
  /**
   * The column is a part of another column's total (教学及辅助用房 › 计 / 教室 / … / 室内体育用房):
   * the total's figure is the sum of its parts where the total is blank.
   */
  readonly partOf?: string;
}

/** A branch site (是否计校数 = 0/否) and the school it belongs to. */
export interface BranchLink {
  /** 1-based worksheet row of the branch. */
  readonly row: number;
  readonly name: string;
  /** 1-based row of the proposed parent school, or null when none is proposed. */
  readonly parentRow: number | null;
  /** The user confirmed the parent: only then is the branch merged. */
  readonly confirmed: boolean;
}

/** The explicit, serialisable understanding of one sheet. */
export interface SheetMapping {
  readonly version: 1;
  /** 1-based worksheet rows of the header. */
  readonly headerRows: readonly [number, number];
  /** 1-based first data row. */
  readonly dataStartRow: number;
  readonly columns: readonly ColumnMapping[];
  /** Columns with a header the reader did not use. */
  readonly unmapped: readonly UnmappedColumn[];
  readonly branches: readonly BranchLink[];
}

/** A user's correction of one column: a new meaning, or null to ignore the column. */
export interface ColumnCorrection {
  readonly field: FieldId;
  readonly level?: StudentLevel;
  readonly part?: FieldPart;
  readonly factor?: number;
}

/** The corrections a user made in the pane; stored in the workbook, applied on the next check. */
export interface MappingCorrections {
  readonly version: 1;
  /** By column letters; null ignores the column. */
  readonly columns: Readonly<Record<string, ColumnCorrection | null>>;
  /** Branch site row → parent row (both 1-based); null keeps the branch apart. */
  readonly branchParents: Readonly<Record<string, number | null>>;
}

const fieldIds = Object.keys(FIELD_NAMES) as [FieldId, ...FieldId[]];
const partIds = Object.keys(PART_NAMES) as [FieldPart, ...FieldPart[]];

/** Schema of stored corrections: validated before use (they come from a workbook). */
export const correctionsSchema = z.strictObject({
  version: z.literal(1),
  columns: z.record(
    z.string().regex(/^[A-Z]{1,3}$/),
    z
      .strictObject({
        field: z.enum(fieldIds),
        level: z.enum(["primary", "junior", "senior"]).optional(),
        part: z.enum(partIds).optional(),
        factor: z.number().finite().positive().optional(),
      })
      .nullable(),
  ),
  branchParents: z.record(z.string().regex(/^\d+$/), z.number().int().positive().nullable()),
});

/** No corrections. */
export const NO_CORRECTIONS: MappingCorrections = { version: 1, columns: {}, branchParents: {} };

/**
 * Validates corrections read from a workbook or file.
 *
 * @param data - Parsed JSON.
 * @returns The corrections, or the problems found.
 */
export function parseCorrections(data: unknown): { ok: true; value: MappingCorrections } | { ok: false; problems: string[] } {
  const r = correctionsSchema.safeParse(data);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => `${i.path.join(".") || "(根)"}: ${i.message}`) };
  const columns: Record<string, ColumnCorrection | null> = {};
  for (const [k, v] of Object.entries(r.data.columns)) {
    if (v === null) columns[k] = null;
    else
      columns[k] = {
        field: v.field,
        ...(v.level ? { level: v.level } : {}),
        ...(v.part ? { part: v.part } : {}),
        ...(v.factor ? { factor: v.factor } : {}),
      };
  }
  return { ok: true, value: { version: 1, columns, branchParents: r.data.branchParents } };
}

/**
 * The level a header path names: a part that is a level word (小学, 初中部 …), or contains
 * 小学/初中/高中 outside degree words (高中阶段毕业 is a degree, not a level). The deepest wins.
 *
 * @param parts - Normalised header parts.
 * @returns The level, or undefined.
 */
export function pathLevel(parts: readonly string[]): StudentLevel | undefined {
  let level: StudentLevel | undefined;
  for (const p of parts) {
    const exact = LEVEL_WORDS.get(p);
    if (exact) {
      level = exact;
      continue;
    }
    const cleaned = p.replace(/高中阶段|高中毕业|高中以下|初中及?以下|初中毕业|小学教学点|中小学|小学以下/g, "");
    if (/小学/.test(cleaned)) level = "primary";
    else if (/初中/.test(cleaned)) level = "junior";
    else if (/高中/.test(cleaned)) level = "senior";
  }
  return level;
}

/** What a column measures, by its unit, else by its leaf word ("面积", "间数"), or null. */
function columnQuantity(col: HeaderColumn): Unit["quantity"] | null {
  if (col.unit) return col.unit.quantity;
  const leaf = col.normalized[col.normalized.length - 1] ?? "";
  for (const [re, q] of LEAF_QUANTITY) if (re.test(leaf)) return q;
  return null;
}

/** Degree words that contain a level word but do not name a level (高中阶段毕业 is a degree). */
const DEGREE_WORDS = /高中阶段以下|高中阶段|高中以下|高中毕业|高中及以下|初中及以下|初中以下|初中毕业/g;

/** A column matched against the vocabulary, before duplicates are resolved. */
function matchColumn(col: HeaderColumn): Omit<ColumnMapping, "column" | "header"> | null {
  const parts = col.normalized;
  const leaf = parts[parts.length - 1] ?? "";
  const joined = parts.join("›");
  const leafStands = STANDS_FOR_GROUP.has(leaf) || LEVEL_WORDS.has(leaf);
  const quantity = columnQuantity(col);
  for (const rule of VOCABULARY) {
    const onLeaf = rule.term.test(leaf);
    const onPath = leafStands && parts.slice(0, -1).some((p) => rule.term.test(p));
    if (!onLeaf && !onPath) continue;
    if (rule.context && !rule.context.test(joined)) continue;
    if (rule.not?.test(joined)) continue;
    // The unit decides which column of a group is which field: 网络多媒体教室 › 面积 is not rooms.
    const wants = rule.field === "value" ? null : (FIELD_QUANTITY[rule.field] ?? null);
    if (wants && quantity && quantity !== wants && !(wants === "count" && quantity === "people")) continue;
    const level = rule.text ? undefined : pathLevel(parts.map((p) => p.replace(DEGREE_WORDS, "")));
    const unit = col.unit;
    const confidence = onLeaf ? (parts.length === 1 ? 0.95 : 0.9) : 0.8;
    const how = `词表匹配“${onLeaf ? leaf : joined}”${unit ? `，单位${unit.source}` : ""}${col.hidden ? "（隐藏列）" : ""}`;
    return {
      field: rule.field,
      ...(level ? { level } : {}),
      ...(rule.part ? { part: rule.part } : {}),
      unit: rule.text ? "" : (unit?.unit ?? rule.unit),
      factor: unit && (!wants || unit.quantity === wants) ? unit.factor : 1,
      confidence,
      how,
    };
  }
  return null;
}

/** The key two columns share when they carry the same figure. */
export function mappingKey(m: Pick<ColumnMapping, "field" | "level" | "part">): string {
  return `${m.field}|${m.level ?? ""}|${m.part ?? ""}`;
}

/** A column not used, and why. */
export interface UnmappedColumn {
  readonly column: string;
  readonly header: string;
  readonly reason: string;
}

/**
 * Maps the header's columns to fields by meaning, applies the user's corrections, and resolves
 * columns of the same meaning: a hidden column gives way to a visible one; columns side by side in
 * one group with different sub-headers (博士 | 硕士 under 研究生) are parts summed into one figure;
 * any other repeat is left out and said so.
 *
 * @param columns - The header's columns.
 * @param corrections - The user's corrections.
 * @returns The columns used, those not used, and the repeats that were left out.
 */
export function mapColumns(
  columns: readonly HeaderColumn[],
  corrections: MappingCorrections = NO_CORRECTIONS,
): { columns: ColumnMapping[]; unmapped: UnmappedColumn[]; repeats: { column: string; header: string; first: string }[] } {
  const matched: { col: HeaderColumn; m: ColumnMapping }[] = [];
  const unmapped: UnmappedColumn[] = [];
  for (const col of columns) {
    const column = columnLetter(col.column);
    const header = col.parts.join(" › ");
    const fix = corrections.columns[column];
    if (fix === null) {
      unmapped.push({ column, header, reason: "用户设为不使用" });
      continue;
    }
    let m: Omit<ColumnMapping, "column" | "header"> | null;
    if (fix !== undefined) {
      const auto = matchColumn(col);
      m = {
        field: fix.field,
        ...(fix.level ? { level: fix.level } : {}),
        ...(fix.part ? { part: fix.part } : {}),
        unit: auto?.unit ?? "",
        factor: fix.factor ?? auto?.factor ?? 1,
        confidence: 1,
        how: "用户指定",
      };
    } else m = matchColumn(col);
    if (!m) {
      unmapped.push({ column, header, reason: "未识别" });
      continue;
    }
    matched.push({ col, m: { column, header, ...m } });
  }
  // Columns of one meaning: visible over hidden; side-by-side parts summed; other repeats left out.
  const byKey = new Map<string, { col: HeaderColumn; m: ColumnMapping }[]>();
  for (const x of matched) byKey.set(mappingKey(x.m), [...(byKey.get(mappingKey(x.m)) ?? []), x]);
  const used = new Set<ColumnMapping>();
  const repeats: { column: string; header: string; first: string }[] = [];
  const summed = new Set<ColumnMapping>();
  for (const group of byKey.values()) {
    if (group.length === 1) {
      used.add((group[0] as { m: ColumnMapping }).m);
      continue;
    }
    const visible = group.filter((x) => !x.col.hidden);
    const pool = visible.length > 0 ? visible : group;
    for (const x of group)
      if (!pool.includes(x))
        unmapped.push({
          column: x.m.column,
          header: x.m.header,
          reason: `隐藏列，与可见的${(pool[0] as { m: ColumnMapping }).m.column}列含义相同，未使用`,
        });
    const first = pool[0] as { col: HeaderColumn; m: ColumnMapping };
    const leaves = new Set(pool.map((x) => x.col.normalized[x.col.normalized.length - 1] ?? ""));
    const oneGroup = pool.every((x) => x.col.group === first.col.group);
    if (pool.length > 1 && oneGroup && leaves.size === pool.length && !pool.some((x) => x.col.total)) {
      for (const x of pool) {
        used.add(x.m);
        summed.add(x.m);
      }
      continue;
    }
    used.add(first.m);
    for (const x of pool.slice(1)) {
      unmapped.push({ column: x.m.column, header: x.m.header, reason: `与${first.m.column}列含义相同，未重复使用` });
      repeats.push({ column: x.m.column, header: x.m.header, first: first.m.column });
    }
  }
  let out = matched.filter((x) => used.has(x.m)).map((x) => (summed.has(x.m) ? { ...x.m, summed: true as const } : x.m));
  out = withGroupParts(columns, out, unmapped);
  unmapped.sort((a, b) => columnIndex(a.column) - columnIndex(b.column));
  return { columns: out, unmapped, repeats };
}

/**
 * A group's total and its parts are one figure (vocabulary.md): the parts of a mapped total — its
 * group's other columns, unread ones (教室, 实验室) and those of other meanings (室内体育用房) — are
 * read too, so that a blank total is their sum. Parts of the total's own meaning (艺术 › 音乐, the
 * levels of 在校学生数) are the indicator's and the level rules' business; a column headed 其中…
 * ("of which") is a subset, not a part.
 */
function withGroupParts(header: readonly HeaderColumn[], columns: ColumnMapping[], unmapped: UnmappedColumn[]): ColumnMapping[] {
  const byLetter = new Map(columns.map((c) => [c.column, c]));
  const out = [...columns];
  for (const total of header.filter((h) => h.total)) {
    const t = byLetter.get(columnLetter(total.column));
    if (!t || t.field === "groupPart") continue;
    for (const h of header) {
      if (h === total || h.total || h.group !== total.group) continue;
      // "其中：室内体育用房" is a subset of the total, not one of the parts that add up to it.
      if (/^其中/.test((h.parts[h.parts.length - 1] ?? "").replace(/\s/g, ""))) continue;
      const letter = columnLetter(h.column);
      const m = byLetter.get(letter);
      if (m && m.field === t.field) continue;
      if (m) {
        const i = out.indexOf(m);
        out[i] = { ...m, partOf: t.column };
        continue;
      }
      const k = unmapped.findIndex((u) => u.column === letter);
      if (k < 0) continue;
      unmapped.splice(k, 1);
      out.push({
        column: letter,
        header: h.parts.join(" › "),
        field: "groupPart",
        unit: h.unit?.unit ?? t.unit,
        factor: h.unit?.factor ?? t.factor,
        confidence: 0.8,
        how: `${t.column}列合计的分项`,
        partOf: t.column,
      });
    }
  }
  return out.sort((a, b) => columnIndex(a.column) - columnIndex(b.column));
}

/**
 * The worksheet column index of a mapping's column.
 *
 * @param m - A column mapping.
 * @returns 0-based column.
 */
export function mappingColumnIndex(m: Pick<ColumnMapping, "column">): number {
  return columnIndex(m.column);
}

/**
 * A mapping's meaning in words, e.g. "在校学生数（小学）".
 *
 * @param m - A column mapping.
 * @returns The description.
 */
export function describeMapping(m: Pick<ColumnMapping, "field" | "level" | "part">): string {
  const levelName = m.level ? { primary: "小学", junior: "初中", senior: "高中" }[m.level] : "";
  const part = m.part ? `·${PART_NAMES[m.part]}` : "";
  return `${FIELD_NAMES[m.field]}${part}${levelName ? `（${levelName}）` : ""}`;
}
