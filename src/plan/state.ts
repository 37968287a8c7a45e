import { z } from "zod";
import { correctionsSchema, type MappingCorrections } from "../sheet/mapping";
import type { AnnotationPlan } from "./annotation-plan";

/**
 * The name of the very hidden sheet holding the add-in's settings (A1) and what the last check
 * wrote (column B, in chunks from B1): the task pane and the CLI share it.
 */
export const STATE_SHEET = "_yzjh";

/** Longest text kept in one cell (Excel allows 32 767 characters). */
export const CHUNK_CHARS = 30_000;

/**
 * Splits a long text into cell-sized chunks (the state of a large check exceeds one cell).
 *
 * @param text - The text.
 * @returns Chunks of at most {@link CHUNK_CHARS} characters (at least one).
 */
export function toChunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) out.push(text.slice(i, i + CHUNK_CHARS));
  return out.length ? out : [""];
}

/**
 * Joins chunks read back from cells (stopping at the first blank).
 *
 * @param cells - Cell values, in order.
 * @returns The text.
 */
export function fromChunks(cells: readonly unknown[]): string {
  let s = "";
  for (const c of cells) {
    if (typeof c !== "string" || c === "") break;
    s += c;
  }
  return s;
}

/** The marker in our conditional-format formulas, so clearing removes ours and only ours. */
export const CF_MARKER = "yzjh:";

/**
 * Whether a conditional format's formula is one the add-in wrote (it carries the marker): the one
 * test every host uses to tell the add-in's highlights from the user's own formats.
 *
 * @param formula - The rule's formula, with or without a leading "=".
 * @returns True for the add-in's rules.
 */
export function isOwnFormula(formula: unknown): boolean {
  return typeof formula === "string" && formula.includes(`N("${CF_MARKER}`);
}

/**
 * The conditional-format formula of a style: true everywhere, and naming the add-in.
 *
 * @param style - The mark style.
 * @returns e.g. `N("yzjh:unmet")=0`.
 */
export function markerFormula(style: string): string {
  return `N("${CF_MARKER}${style}")=0`;
}

/**
 * Entries a check appended to a list of the styles part (files only), so that clearing removes
 * exactly them: `count` entries from index `start`; the list element itself when `created`.
 */
export interface StyleAppend {
  readonly list: string;
  readonly start: number;
  readonly count: number;
  readonly created: boolean;
  /** The list's count attribute before the check (null when it had none). */
  readonly countAttr: string | null;
  /** The list as it was when it was an empty element ("<dxfs count="0"/>"). */
  readonly emptyTag?: string;
}

/** What the last check wrote, so that clearing (and the next check) removes exactly that. */
export interface AnnotationState {
  readonly version: 1;
  /** The (first) sheet the check annotated. */
  readonly dataSheet: string;
  /** Addresses on the data sheet where we put a note. */
  readonly notes: readonly string[];
  /** Other sheets annotated (a county kept as one sheet per level), with their notes. */
  readonly moreSheets?: readonly { readonly name: string; readonly notes: readonly string[] }[];
  /**
   * How many cells we highlighted, per style (the addresses are in the conditional formats
   * themselves; a province's list would be megabytes).
   */
  readonly highlights: Readonly<Record<string, number>>;
  /** Result sheets we added, by their actual names. */
  readonly sheets: readonly string[];
  readonly checkedAt: string;
  /** Entries appended to the styles part (written by the file adapter only). */
  readonly styles?: readonly StyleAppend[];
  /**
   * How the check's sheet-scoped names (print titles, filters) went into the workbook part (file
   * adapter only): into a names list it "created", into one that was empty (`emptyTag`, given back
   * on clearing), or "appended" to the user's names.
   */
  readonly definedNames?: "created" | "appended" | { readonly emptyTag: string };
}

/**
 * What a writer records after applying a plan (the same record from every host).
 *
 * @param plan - The plan applied.
 * @param notes - Addresses where a note of ours was written.
 * @param sheets - The result sheets' actual names.
 * @param checkedAt - The check's time.
 * @returns The state.
 */
export function annotationState(
  plan: Pick<AnnotationPlan, "dataSheets" | "marks">,
  notes: ReadonlyMap<string, readonly string[]>,
  sheets: readonly string[],
  checkedAt: string,
): AnnotationState {
  const [first, ...rest] = plan.dataSheets;
  const counts: Record<string, number> = {};
  for (const m of plan.marks) counts[m.style] = (counts[m.style] ?? 0) + 1;
  return {
    version: 1,
    dataSheet: first ?? "",
    notes: notes.get(first ?? "") ?? [],
    ...(rest.length > 0 ? { moreSheets: rest.map((name) => ({ name, notes: notes.get(name) ?? [] })) } : {}),
    highlights: counts,
    sheets,
    checkedAt,
  };
}

/**
 * Every sheet a recorded check annotated, with the notes it put there.
 *
 * @param state - The record.
 * @returns The sheets, the first data sheet first.
 */
export function annotatedSheets(state: AnnotationState): { readonly name: string; readonly notes: readonly string[] }[] {
  return [{ name: state.dataSheet, notes: state.notes }, ...(state.moreSheets ?? [])];
}

/** The settings a user saved in the workbook: shared by the task pane and the CLI. */
export interface WorkbookSettings {
  readonly version: 1;
  /** Profile overrides (validated by loadProfile when used). */
  readonly profile?: unknown;
  /** Column corrections per sheet name. */
  readonly corrections?: Readonly<Record<string, MappingCorrections>>;
}

const stateSchema = z.strictObject({
  version: z.literal(1),
  dataSheet: z.string().max(31),
  notes: z.array(z.string().regex(/^[A-Z]{1,3}\d{1,7}$/)).max(2_000_000),
  moreSheets: z
    .array(z.strictObject({ name: z.string().min(1).max(31), notes: z.array(z.string().regex(/^[A-Z]{1,3}\d{1,7}$/)).max(2_000_000) }))
    .max(20)
    .optional(),
  // Counts; a list of addresses (written by 0.1 before counts) is read as its length.
  highlights: z.record(
    z.string().max(40),
    z.union([z.number().int().nonnegative(), z.array(z.string().regex(/^[A-Z]{1,3}\d{1,7}$/)).transform((a) => a.length)]),
  ),
  sheets: z.array(z.string().min(1).max(31)).max(20),
  checkedAt: z.string().max(40),
  styles: z
    .array(
      z.strictObject({
        list: z.enum(["numFmts", "fonts", "fills", "cellXfs", "dxfs"]),
        start: z.number().int().nonnegative(),
        count: z.number().int().positive().max(10_000),
        created: z.boolean(),
        countAttr: z.string().max(20).nullable(),
        emptyTag: z.string().max(200).optional(),
      }),
    )
    .max(8)
    .optional(),
  definedNames: z.union([z.literal("created"), z.literal("appended"), z.strictObject({ emptyTag: z.string().max(200) })]).optional(),
});

const settingsSchema = z.strictObject({
  version: z.literal(1),
  profile: z.unknown().optional(),
  corrections: z.record(z.string().max(31), correctionsSchema).optional(),
});

/**
 * Parses stored annotation state; anything malformed is treated as no state (never trusted).
 *
 * @param text - The JSON text from the state cell.
 * @returns The state, or null.
 */
export function parseState(text: unknown): AnnotationState | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  try {
    const r = stateSchema.safeParse(JSON.parse(text));
    return r.success ? (r.data as AnnotationState) : null;
  } catch {
    return null;
  }
}

/**
 * Parses stored settings, validated against their schema.
 *
 * @param text - The JSON text from the settings cell.
 * @returns The settings, or the problems (settings with problems are not used).
 */
export function parseSettings(text: unknown): { ok: true; value: WorkbookSettings } | { ok: false; problems: string[] } {
  if (typeof text !== "string" || text.trim() === "") return { ok: true, value: { version: 1 } };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["设置不是有效的 JSON"] };
  }
  const r = settingsSchema.safeParse(data);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => `${i.path.join(".") || "(根)"}: ${i.message}`) };
  return { ok: true, value: r.data as WorkbookSettings };
}
