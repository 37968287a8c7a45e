import { INDICATORS, type IndicatorDefinition } from "./indicators";
import type { GapUnit, IndicatorId, IndicatorResult } from "./types";

/** Indicators per row: the seven of {@link INDICATORS}, in its order. */
const WIDTH = INDICATORS.length;
const MEETS = 1;
const ASSUMED_SPLIT = 2;

/**
 * The seven indicator results of every evaluated unit of a county, kept by columns: one row per
 * unit, one slot per indicator, numbers in typed arrays. A province has 1.6 million results; as
 * objects with six numbers each they were some 11 million allocations per check, and collecting
 * them cost more than computing them. Results are handed out as {@link IndicatorResult} views
 * over a row, made only when someone asks.
 */
export class ResultTable {
  private capacity: number;
  private amounts: Float64Array;
  private values: Float64Array;
  /** Each row's standards (the profile's list for the unit's level, shared by the level's rows). */
  private readonly rowStandards: (readonly number[])[] = [];
  private gaps: Float64Array;
  private floorGaps: Float64Array;
  private flags: Uint8Array;
  /** Committed rows. */
  private rows = 0;

  /**
   * @param capacity - Rows to make room for at once (the table grows when more are needed).
   */
  constructor(capacity = 16) {
    this.capacity = Math.max(1, capacity);
    const size = this.capacity * WIDTH;
    this.amounts = new Float64Array(size);
    this.values = new Float64Array(size);
    this.gaps = new Float64Array(size);
    this.floorGaps = new Float64Array(size);
    this.flags = new Uint8Array(size);
  }

  /** The number of committed rows. */
  get length(): number {
    return this.rows;
  }

  /**
   * The row the next unit's results go into. It counts only once {@link commit} is called, so a
   * unit whose data turns out incomplete halfway leaves nothing behind.
   *
   * @param standards - The standards the row's seven indicators are held to, in the order of
   *   {@link INDICATORS}.
   * @returns The row index.
   */
  openRow(standards: readonly number[]): number {
    if (this.rows === this.capacity) this.grow();
    this.rowStandards[this.rows] = standards;
    return this.rows;
  }

  /** Keeps the row opened by {@link openRow}. */
  commit(): void {
    this.rows += 1;
  }

  /**
   * Writes one result of the open row.
   *
   * @param row - The row from {@link openRow}.
   * @param k - The indicator's index in {@link INDICATORS}.
   * @param amount - The level's amount.
   * @param value - The indicator value.
   * @param gap - Lacking to meet the standard.
   * @param floorGap - Lacking to reach the floor.
   * @param meets - Whether it meets the standard.
   * @param assumedSplit - Whether teachers were split by share.
   */
  set(row: number, k: number, amount: number, value: number, gap: number, floorGap: number, meets: boolean, assumedSplit: boolean): void {
    const i = row * WIDTH + k;
    this.amounts[i] = amount;
    this.values[i] = value;
    this.gaps[i] = gap;
    this.floorGaps[i] = floorGap;
    this.flags[i] = (meets ? MEETS : 0) | (assumedSplit ? ASSUMED_SPLIT : 0);
  }

  /** The level's amount of indicator k (see {@link IndicatorResult.amount}). */
  amount(row: number, k: number): number {
    return this.amounts[row * WIDTH + k] as number;
  }

  /** The value of indicator k. */
  value(row: number, k: number): number {
    return this.values[row * WIDTH + k] as number;
  }

  /** The standard indicator k was held to. */
  standard(row: number, k: number): number {
    return (this.rowStandards[row] as readonly number[])[k] as number;
  }

  /** What is lacking to meet the standard. */
  gap(row: number, k: number): number {
    return this.gaps[row * WIDTH + k] as number;
  }

  /** What is lacking to reach the 85% floor. */
  floorGap(row: number, k: number): number {
    return this.floorGaps[row * WIDTH + k] as number;
  }

  /** Whether indicator k meets its standard. */
  meets(row: number, k: number): boolean {
    return ((this.flags[row * WIDTH + k] as number) & MEETS) !== 0;
  }

  /** Whether indicator k's teachers were split by share (按比例拆分). */
  assumedSplit(row: number, k: number): boolean {
    return ((this.flags[row * WIDTH + k] as number) & ASSUMED_SPLIT) !== 0;
  }

  /**
   * How many of the row's seven indicators meet their standard.
   *
   * @param row - The row.
   * @returns 0 to 7.
   */
  metCount(row: number): number {
    let n = 0;
    for (let i = row * WIDTH, end = i + WIDTH; i < end; i++) n += (this.flags[i] as number) & MEETS;
    return n;
  }

  /**
   * The row's seven results as a record of views, keyed by indicator id in the order of
   * {@link INDICATORS} (one literal, so every record has the same shape).
   *
   * @param row - A committed row.
   * @returns The results.
   */
  record(row: number): Readonly<Record<IndicatorId, IndicatorResult>> {
    return {
      degree: new ResultView(this, row, 0),
      backbone: new ResultView(this, row, 1),
      peArt: new ResultView(this, row, 2),
      teachingArea: new ResultView(this, row, 3),
      sportsArea: new ResultView(this, row, 4),
      equipment: new ResultView(this, row, 5),
      multimedia: new ResultView(this, row, 6),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const size = this.capacity * WIDTH;
    const wider = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    const f64 = (n: number): Float64Array => new Float64Array(n);
    this.amounts = wider(this.amounts, f64);
    this.values = wider(this.values, f64);
    this.gaps = wider(this.gaps, f64);
    this.floorGaps = wider(this.floorGaps, f64);
    this.flags = wider(this.flags, (n) => new Uint8Array(n));
  }
}

/** One result of one row, read from the table when asked; serialised as a plain result. */
class ResultView implements IndicatorResult {
  constructor(
    private readonly table: ResultTable,
    private readonly row: number,
    private readonly k: number,
  ) {}

  private get def(): IndicatorDefinition {
    return INDICATORS[this.k] as IndicatorDefinition;
  }
  get id(): IndicatorId {
    return this.def.id;
  }
  get amount(): number {
    return this.table.amount(this.row, this.k);
  }
  get value(): number {
    return this.table.value(this.row, this.k);
  }
  get standard(): number {
    return this.table.standard(this.row, this.k);
  }
  get meets(): boolean {
    return this.table.meets(this.row, this.k);
  }
  get ratio(): number {
    return this.value / this.standard;
  }
  get gap(): number {
    return this.table.gap(this.row, this.k);
  }
  get floorGap(): number {
    return this.table.floorGap(this.row, this.k);
  }
  get gapUnit(): GapUnit {
    return this.def.gapUnit;
  }
  get assumedSplit(): boolean {
    return this.table.assumedSplit(this.row, this.k);
  }

  /**
   * The result as plain data (what `JSON.stringify` writes into the report).
   *
   * @returns Every field of {@link IndicatorResult}.
   */
  toJSON(): IndicatorResult {
    return {
      id: this.id,
      amount: this.amount,
      value: this.value,
      standard: this.standard,
      meets: this.meets,
      ratio: this.ratio,
      gap: this.gap,
      floorGap: this.floorGap,
      gapUnit: this.gapUnit,
      assumedSplit: this.assumedSplit,
    };
  }
}
