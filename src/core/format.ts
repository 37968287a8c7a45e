/**
 * Number formatting for the sentences and notes the core writes (not for the JSON report, whose
 * numbers stay unrounded).
 */

/**
 * Formats a number with at most `decimals` decimals, without trailing zeros: 5.95, 0.9, 1407.
 *
 * @param x - The number.
 * @param decimals - Decimals kept (default 2).
 * @returns The text; "—" for null or a non-finite number.
 * @example formatNumber(0.9) // "0.9"
 */
export function formatNumber(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  // Whole numbers (most counts and limits) need no rounding; String(-0) is "0".
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const s = x.toFixed(decimals);
  let end = s.length;
  if (decimals > 0) {
    while (s.charCodeAt(end - 1) === 48) end--; // trailing "0"
    if (s.charCodeAt(end - 1) === 46) end--; // then a bare "."
  }
  const trimmed = end === s.length ? s : s.slice(0, end);
  return trimmed === "-0" ? "0" : trimmed;
}

/**
 * Formats a fraction as a percentage with one decimal: 0.8512 → "85.1%".
 *
 * @param ratio - A fraction.
 * @returns The percentage text.
 */
export function formatPercent(ratio: number): string {
  return `${formatNumber(ratio * 100, 1)}%`;
}

/** Relative tolerance for comparisons: floating-point noise, not policy. */
const EPSILON = 1e-9;

/**
 * `a ≥ b`, tolerant of floating-point noise only (4.2 computed as 4.199999999 counts as 4.2).
 *
 * @param a - The value.
 * @param b - The threshold.
 * @returns True when a is at least b.
 */
export function atLeast(a: number, b: number): boolean {
  return a >= b - EPSILON * Math.max(1, Math.abs(b));
}

/**
 * `a ≤ b`, tolerant of floating-point noise only.
 *
 * @param a - The value.
 * @param b - The limit.
 * @returns True when a is at most b.
 */
export function atMost(a: number, b: number): boolean {
  return a <= b + EPSILON * Math.max(1, Math.abs(b));
}

/**
 * `ceil`, tolerant of floating-point noise (2.0000000001 people lacking is 2, not 3).
 *
 * @param x - A number.
 * @returns The smallest integer not below x (after removing noise), never negative.
 */
export function ceilTolerant(x: number): number {
  const r = Math.round(x);
  const v = Math.abs(x - r) < EPSILON * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
  return Math.max(0, v);
}
