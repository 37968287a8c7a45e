import type { CvFigures } from "./types";

/** One observation of the CV: a unit's indicator value and its students (the weight). */
export interface WeightedValue {
  readonly value: number;
  readonly weight: number;
}

/**
 * The inter-school coefficient of variation (校际差异系数, spec §4), official form: weighted by
 * students, population standard deviation.
 *
 * ```
 * P = Σ Pᵢ;  X̄ = Σ Pᵢ Xᵢ / P;  S = sqrt(Σ Pᵢ (Xᵢ − X̄)² / P);  CV = S / X̄
 * ```
 *
 * The two unweighted variants are returned for comparison only (labelled as such wherever shown):
 * the unweighted population CV, and Excel's STDEV/AVERAGE (n − 1).
 *
 * @param items - Values with their weights; items with a weight ≤ 0 or a non-finite value are ignored.
 * @returns The figures; `cv` is null when there is no item or the mean is 0.
 * @example weightedCv([{ value: 279 / 45, weight: 45 }, …]).cv // 0.5153 (spec §4 example)
 */
export function weightedCv(items: readonly WeightedValue[]): CvFigures {
  const values = new Float64Array(items.length);
  const weights = new Float64Array(items.length);
  items.forEach((it, i) => {
    values[i] = it.value;
    weights[i] = it.weight;
  });
  return weightedCvOf(values, weights);
}

/**
 * {@link weightedCv} over two parallel arrays (no allocation per item, for large ranges).
 *
 * @param values - The values Xᵢ.
 * @param weights - The weights Pᵢ (same length); items with a weight ≤ 0 or a non-finite value are ignored.
 * @returns The figures.
 */
export function weightedCvOf(values: ArrayLike<number>, weights: ArrayLike<number>): CvFigures {
  let p = 0;
  let sum = 0;
  let n = 0;
  let plain = 0;
  const len = Math.min(values.length, weights.length);
  for (let i = 0; i < len; i++) {
    const w = weights[i] ?? 0;
    const v = values[i] ?? NaN;
    if (!(w > 0) || !Number.isFinite(v)) continue;
    p += w;
    sum += w * v;
    plain += v;
    n += 1;
  }
  if (n === 0) return { cv: null, unweightedCv: null, sampleCv: null, mean: null, sd: null };
  const mean = sum / p;
  const plainMean = plain / n;
  let ss = 0;
  let plainSs = 0;
  for (let i = 0; i < len; i++) {
    const w = weights[i] ?? 0;
    const v = values[i] ?? NaN;
    if (!(w > 0) || !Number.isFinite(v)) continue;
    ss += w * (v - mean) ** 2;
    plainSs += (v - plainMean) ** 2;
  }
  const sd = Math.sqrt(ss / p);
  const ratio = (s: number, m: number): number | null => (m > 0 ? s / m : null); // no CV of a mean at or below 0
  return {
    cv: ratio(sd, mean),
    unweightedCv: ratio(Math.sqrt(plainSs / n), plainMean),
    sampleCv: n > 1 ? ratio(Math.sqrt(plainSs / (n - 1)), plainMean) : null,
    mean,
    sd,
  };
}
