import { cellAddress } from "./cells";

/**
 * The numbers of every school row, one slot per mapped number column, stored by column in flat
 * typed arrays (a province has hundreds of thousands of rows: a map and an object per cell would
 * cost more in allocation than the reading itself). A slot remembers whether its cell was blank
 * (a blank total means "use the parts"; a blank level cell beside a filled 合计 means "not given").
 * Addresses are made only when asked for.
 */
export class NumberStore {
  readonly width: number;
  private values: Float64Array;
  /** 1 where the row's cell was blank (or a dash). */
  private blanks: Uint8Array;
  private rows = 0;
  /** Rows (0-based) whose numbers were taken over from a branch site, per store index. */
  private readonly foreignRow = new Map<number, number>();
  /** Cells of merged branch sites added to a number, per store index. */
  private readonly more = new Map<number, string[]>();

  /**
   * @param columns - The worksheet column of each slot.
   * @param capacity - Expected rows.
   */
  constructor(
    private readonly columns: readonly number[],
    capacity: number,
  ) {
    this.width = columns.length;
    this.values = new Float64Array(Math.max(1, capacity * this.width));
    this.blanks = new Uint8Array(Math.max(1, capacity * this.width)).fill(1);
  }

  /** Adds a row with every cell blank; returns its base index. */
  addRow(): number {
    const base = this.rows * this.width;
    if (base + this.width > this.values.length) {
      const values = new Float64Array(Math.max(this.values.length * 2, base + this.width));
      values.set(this.values);
      const blanks = new Uint8Array(values.length).fill(1);
      blanks.set(this.blanks);
      this.values = values;
      this.blanks = blanks;
    }
    this.rows += 1;
    return base;
  }

  /** Stores a number (not blank). */
  set(base: number, slot: number, value: number): void {
    this.values[base + slot] = value;
    this.blanks[base + slot] = 0;
  }

  /** The number of a row in a slot (0 for a blank cell). */
  value(base: number, slot: number): number {
    return this.values[base + slot] as number;
  }

  /** Whether a row's cell in a slot was blank. */
  blank(base: number, slot: number): boolean {
    return this.blanks[base + slot] === 1;
  }

  /**
   * The addresses of the cells behind a row's number in a slot (its own cell, and those of branch
   * sites merged into it).
   *
   * @param base - The row's base index.
   * @param row - The row (0-based worksheet row).
   * @param slot - The slot.
   * @returns The addresses.
   */
  cells(base: number, row: number, slot: number): string[] {
    const i = base + slot;
    const own = cellAddress(this.foreignRow.get(i) ?? row, this.columns[slot] as number);
    const more = this.more.get(i);
    return more ? [own, ...more] : [own];
  }

  /**
   * Adds a branch site's numbers to its school's (the school's cells list the branch's too).
   *
   * @param into - The school's base index and row.
   * @param from - The branch's base index and row.
   */
  absorb(into: { base: number; row: number }, from: { base: number; row: number }): void {
    for (let s = 0; s < this.width; s++) {
      const j = from.base + s;
      if (this.blanks[j] === 1) continue;
      const i = into.base + s;
      const fromAddress = cellAddress(this.foreignRow.get(j) ?? from.row, this.columns[s] as number);
      const fromMore = this.more.get(j) ?? [];
      if (this.blanks[i] === 0) {
        this.values[i] = (this.values[i] as number) + (this.values[j] as number);
        this.more.set(i, [...(this.more.get(i) ?? []), fromAddress, ...fromMore]);
      } else {
        this.values[i] = this.values[j] as number;
        this.blanks[i] = 0;
        this.foreignRow.set(i, this.foreignRow.get(j) ?? from.row);
        if (fromMore.length > 0) this.more.set(i, [...fromMore]);
      }
    }
  }
}
