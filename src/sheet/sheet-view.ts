import type { Grid, RawCell } from "./cells";

/** A cell as one number (row × 2^20 + column), the key of covered cells: no string per lookup. */
const coveredKey = (row: number, col: number): number => row * 1_048_576 + col;

/** A worksheet view of a grid: values by worksheet coordinates, with merged areas expanded. */
export class SheetView {
  readonly rowStart: number;
  readonly colStart: number;
  readonly rowEnd: number;
  readonly colEnd: number;
  /** Covered cell ({@link coveredKey}) → its area's top-left. */
  private readonly mergeTopLeft = new Map<number, { row: number; col: number }>();
  /** Top-left cell → the area's last row. */
  private readonly mergeBottom = new Map<number, number>();

  /**
   * @param grid - The grid as read from the host.
   */
  constructor(readonly grid: Grid) {
    this.rowStart = grid.origin?.row ?? 0;
    this.colStart = grid.origin?.col ?? 0;
    this.rowEnd = this.rowStart + grid.values.length - 1;
    let width = 0;
    for (const r of grid.values) width = Math.max(width, r.length);
    this.colEnd = this.colStart + width - 1;
    for (const m of grid.merges ?? []) {
      const cells = (m.bottom - m.top + 1) * (m.right - m.left + 1);
      if (cells > 10_000) continue;
      this.mergeBottom.set(coveredKey(m.top, m.left), m.bottom);
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++)
          if (r !== m.top || c !== m.left) this.mergeTopLeft.set(coveredKey(r, c), { row: m.top, col: m.left });
      }
    }
  }

  /** Whether the host gave merged areas (grids from a function's range come without). */
  get hasMerges(): boolean {
    return (this.grid.merges ?? []).length > 0;
  }

  /** The raw value at a worksheet cell ("" outside the grid). */
  raw(row: number, col: number): RawCell {
    return this.grid.values[row - this.rowStart]?.[col - this.colStart];
  }

  /** The value at a worksheet cell, reading a merged area's value in every cell it covers. */
  merged(row: number, col: number): RawCell {
    const tl = this.mergeTopLeft.get(coveredKey(row, col));
    return tl ? this.raw(tl.row, tl.col) : this.raw(row, col);
  }

  /** The top-left cell of the merged area covering a cell, if any. */
  mergeOrigin(row: number, col: number): { row: number; col: number } | undefined {
    return this.mergeTopLeft.get(coveredKey(row, col));
  }

  /** The last row of the merged area whose top-left is this cell (the cell's own row when not merged). */
  mergeBottomOf(row: number, col: number): number {
    return this.mergeBottom.get(coveredKey(row, col)) ?? row;
  }

  /** Whether a column is hidden on the sheet. */
  hidden(col: number): boolean {
    return this.grid.hiddenColumns?.has(col) ?? false;
  }
}
