import type { StudentLevel } from "../core/types";
import { mappingKey, type ColumnMapping } from "./mapping";
import type { NumberStore } from "./number-store";
import type { FieldId, FieldPart } from "./vocabulary";

/**
 * How a figure is made from a row's cells, worked out once per sheet: one column (or side-by-side
 * parts summed), a group's total or else its parts, or a sum of figures. Evaluated per row, it
 * gives the number, whether every cell behind it was blank, and the cells it came from.
 */
export type Term =
  | { readonly kind: "slots"; readonly slots: readonly number[] }
  | { readonly kind: "totalOrParts"; readonly total: Term; readonly parts: readonly Term[] }
  | { readonly kind: "add"; readonly terms: readonly Term[] };

/** A row's figure. */
export interface Figure {
  readonly value: number;
  /** Every cell behind it was blank (or a dash). */
  readonly blank: boolean;
  /** The slots (columns) it came from. */
  readonly slots: readonly number[];
}

/** A total and its parts both filled and not equal. */
export interface Conflict {
  readonly total: Figure;
  readonly parts: Figure;
}

/** The slots of each meaning on a sheet. */
export class SlotIndex {
  private readonly byKey = new Map<string, number[]>();
  /** A total's slot → its parts' slots. */
  private readonly parts = new Map<number, number[]>();

  /**
   * @param columns - The sheet's number columns, in slot order.
   */
  constructor(readonly columns: readonly ColumnMapping[]) {
    const slotOf = new Map(columns.map((c, i) => [c.column, i]));
    columns.forEach((c, i) => {
      const k = mappingKey(c);
      this.byKey.set(k, [...(this.byKey.get(k) ?? []), i]);
      const total = c.partOf === undefined ? undefined : slotOf.get(c.partOf);
      if (total !== undefined) this.parts.set(total, [...(this.parts.get(total) ?? []), i]);
    });
  }

  /**
   * The term of one meaning, or null when the sheet has no column for it.
   *
   * @param field - The field.
   * @param level - The level (none: the whole school).
   * @param part - The part.
   * @returns The term.
   */
  term(field: FieldId, level?: StudentLevel, part?: FieldPart): Term | null {
    const slots = this.byKey.get(mappingKey({ field, ...(level ? { level } : {}), ...(part ? { part } : {}) }));
    if (!slots) return null;
    const parts = slots.length === 1 ? this.parts.get(slots[0] as number) : undefined;
    // A group's total, or its parts where the total is blank.
    return parts
      ? { kind: "totalOrParts", total: { kind: "slots", slots }, parts: [{ kind: "slots", slots: parts }] }
      : { kind: "slots", slots };
  }

  /** Whether the sheet has any column of a field (any level or part). */
  has(field: FieldId): boolean {
    return this.columns.some((c) => c.field === field);
  }

  /** Whether the sheet has a column of a field for some level. */
  hasLevels(field: FieldId): boolean {
    return this.columns.some((c) => c.field === field && c.level !== undefined);
  }
}

/**
 * A total, or its parts where the total is blank; null when neither is on the sheet.
 *
 * @param total - The total's term.
 * @param parts - The parts' terms.
 * @returns The term.
 */
export function totalOrParts(total: Term | null, parts: readonly (Term | null)[]): Term | null {
  const ps = parts.filter((p): p is Term => p !== null);
  if (!total) return add(ps);
  return ps.length === 0 ? total : { kind: "totalOrParts", total, parts: ps };
}

/**
 * The sum of figures; null when none is on the sheet.
 *
 * @param terms - The terms.
 * @returns The term.
 */
export function add(terms: readonly (Term | null)[]): Term | null {
  const ts = terms.filter((t): t is Term => t !== null);
  if (ts.length === 0) return null;
  return ts.length === 1 ? (ts[0] as Term) : { kind: "add", terms: ts };
}

/**
 * A row's figure of a term.
 *
 * @param term - The term.
 * @param store - The numbers.
 * @param base - The row's base index.
 * @param conflicts - Where a total and its parts that disagree are noted.
 * @returns The figure.
 */
export function evaluate(term: Term, store: NumberStore, base: number, conflicts?: Conflict[]): Figure {
  switch (term.kind) {
    case "slots": {
      let value = 0;
      let blank = true;
      for (const s of term.slots) {
        if (store.blank(base, s)) continue;
        value += store.value(base, s);
        blank = false;
      }
      return { value, blank, slots: term.slots };
    }
    case "add": {
      const figures = term.terms.map((t) => evaluate(t, store, base, conflicts));
      const filled = figures.filter((f) => !f.blank);
      return {
        value: filled.reduce((a, f) => a + f.value, 0),
        blank: filled.length === 0,
        slots: (filled.length > 0 ? filled : figures).flatMap((f) => f.slots),
      };
    }
    case "totalOrParts": {
      const total = evaluate(term.total, store, base, conflicts);
      const parts = evaluate({ kind: "add", terms: term.parts }, store, base, conflicts);
      if (total.blank) return parts.blank ? total : parts;
      if (!parts.blank && Math.abs(parts.value - total.value) > 1e-9 * Math.max(1, Math.abs(total.value)))
        conflicts?.push({ total, parts });
      return total;
    }
  }
}
