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
 * The one rule for showing a figure held to a threshold (the 显示规则): a value that must reach a
 * standard is cut down to the decimals shown, never rounded up — 4.1977 shows as 4.19, 1999.6 元
 * as 1999 元, 84.99% as 84.9% — so a figure that misses its standard or its 85% floor never
 * shows as equal to it; floating-point noise (4.2 computed as 4.19999999) is not cut.
 *
 * @param x - The value.
 * @param decimals - Decimals shown.
 * @returns The value as shown.
 * @example shownDown(4.1977) // 4.19
 */
export function shownDown(x: number, decimals = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  return Math.floor(x * f + EPSILON * Math.max(1, Math.abs(x * f))) / f;
}

/**
 * The same rule for a value that must stay within a limit (a CV ≤ 0.50) or a shortfall: raised
 * to the decimals shown, so a CV over its limit or a lack never shows as within it or as 0.
 *
 * @param x - The value.
 * @param decimals - Decimals shown.
 * @returns The value as shown.
 * @example shownUp(0.50004, 4) // 0.5001
 */
export function shownUp(x: number, decimals = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  return Math.ceil(x * f - EPSILON * Math.max(1, Math.abs(x * f))) / f;
}

/**
 * A value held to a standard, formatted by {@link shownDown}: "4.19", "1999".
 *
 * @param x - The value.
 * @param decimals - Decimals shown (at most).
 * @returns The text.
 */
export function formatDown(x: number | null | undefined, decimals = 2): string {
  return x === null || x === undefined ? formatNumber(x) : formatNumber(shownDown(x, decimals), decimals);
}

/**
 * A shortfall or a value held to a limit, formatted by {@link shownUp}.
 *
 * @param x - The value.
 * @param decimals - Decimals shown (at most).
 * @returns The text.
 */
export function formatUp(x: number | null | undefined, decimals = 2): string {
  return x === null || x === undefined ? formatNumber(x) : formatNumber(shownUp(x, decimals), decimals);
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

/**
 * A fraction of a standard as a percentage, cut down to one decimal ({@link shownDown}): 0.99985 →
 * "99.9%", 0.84999 → "84.9%" — never "100%" or "85%" for a value below them.
 *
 * @param ratio - value / standard.
 * @returns The percentage text.
 */
export function formatRatio(ratio: number): string {
  return `${formatNumber(shownDown(ratio * 100, 1), 1)}%`;
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
