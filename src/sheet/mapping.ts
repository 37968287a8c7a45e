import { z } from "zod";
import type { StudentLevel } from "../core/types";
import { columnIndex, columnLetter } from "./cells";
import type { HeaderPath } from "./header";
import { headerUnit } from "./normalize";
import { FIELD_NAMES, LEVEL_WORDS, PART_NAMES, TOTAL_WORDS, VOCABULARY, type FieldId, type FieldPart } from "./vocabulary";

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
  /** Multiplier to the core's unit: 10 000 for 万元. */
  readonly factor: number;
  /** 0–1: how sure the reader is. */
  readonly confidence: number;
  /** How it was matched, in words. */
  readonly how: string;
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
  readonly unmapped: readonly { readonly column: string; readonly header: string; readonly reason: string }[];
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

/** A column matched against the vocabulary, before duplicates are resolved. */
function matchColumn(path: HeaderPath): Omit<ColumnMapping, "column" | "header"> | null {
  const parts = path.normalized;
  const leaf = parts[parts.length - 1] ?? "";
  const joined = parts.join("›");
  const leafStands = TOTAL_WORDS.has(leaf) || LEVEL_WORDS.has(leaf);
  for (const rule of VOCABULARY) {
    const onLeaf = rule.term.test(leaf);
    const onPath = leafStands && parts.slice(0, -1).some((p) => rule.term.test(p));
    if (!onLeaf && !onPath) continue;
    if (rule.context && !rule.context.test(joined)) continue;
    if (rule.not?.test(joined)) continue;
    const level = rule.text ? undefined : pathLevel(rule.field === "degreeBy" ? parts.filter((p) => !rule.term.test(p)) : parts);
    let unit = { unit: rule.unit, factor: 1, source: "" };
    for (let i = path.parts.length - 1; i >= 0; i--) {
      const u = headerUnit(path.parts[i] ?? "");
      if (u.unit) {
        unit = u;
        break;
      }
    }
    const confidence = onLeaf ? (parts.length === 1 ? 0.95 : 0.9) : 0.8;
    const how = `词表匹配“${onLeaf ? leaf : joined}”${unit.source ? `，单位${unit.source}` : ""}`;
    return {
      field: rule.field,
      ...(level ? { level } : {}),
      ...(rule.part ? { part: rule.part } : {}),
      unit: rule.text ? "" : unit.unit || rule.unit,
      factor: unit.factor,
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

/**
 * Maps header paths to fields by meaning, applies the user's corrections, and resolves
 * duplicates (the first column of a meaning is used; later ones are listed as unmapped).
 *
 * @param paths - The header paths.
 * @param corrections - The user's corrections.
 * @returns The columns used and those not used.
 */
export function mapColumns(
  paths: readonly HeaderPath[],
  corrections: MappingCorrections = NO_CORRECTIONS,
): { columns: ColumnMapping[]; unmapped: { column: string; header: string; reason: string }[] } {
  const columns: ColumnMapping[] = [];
  const unmapped: { column: string; header: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const column = columnLetter(path.column);
    const header = path.parts.join(" › ");
    const fix = corrections.columns[column];
    let m: Omit<ColumnMapping, "column" | "header"> | null;
    if (fix === null) {
      unmapped.push({ column, header, reason: "用户设为不使用" });
      continue;
    } else if (fix !== undefined) {
      const auto = matchColumn(path);
      m = {
        field: fix.field,
        ...(fix.level ? { level: fix.level } : {}),
        ...(fix.part ? { part: fix.part } : {}),
        unit: auto?.unit ?? "",
        factor: fix.factor ?? auto?.factor ?? 1,
        confidence: 1,
        how: "用户指定",
      };
    } else {
      m = matchColumn(path);
    }
    if (!m) {
      unmapped.push({ column, header, reason: "未识别" });
      continue;
    }
    const key = mappingKey(m);
    const first = seen.get(key);
    if (first) {
      unmapped.push({ column, header, reason: `与${first}列含义相同，未重复使用` });
      continue;
    }
    seen.set(key, column);
    columns.push({ column, header, ...m });
  }
  return { columns, unmapped };
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
