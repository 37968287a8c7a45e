import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { weightedCv } from "../../src/core/weighted-cv";

// Spec §4 published example: five primary schools, students and books.
const students = [45, 37, 89, 76, 55];
const books = [279, 137, 935, 160, 402];
const example = students.map((p, i) => ({ value: (books[i] ?? 0) / p, weight: p }));

describe("weightedCv", () => {
  it("gives the published example: X̄ 6.3344, S 3.2639, CV 0.5153", () => {
    const r = weightedCv(example);
    expect(r.mean).toBeCloseTo(6.3344, 4);
    expect(r.sd).toBeCloseTo(3.2639, 4);
    expect(r.cv).toBeCloseTo(0.5153, 4);
  });

  it("labels the unweighted variants with the published comparison figures (0.4888, 0.5465)", () => {
    const r = weightedCv(example);
    expect(r.unweightedCv).toBeCloseTo(0.4888, 4);
    expect(r.sampleCv).toBeCloseTo(0.5465, 4);
  });

  it("weights by students: two schools 6 and 4 per student with 500 and 300 students", () => {
    // mean = (500×6 + 300×4)/800 = 5.25; var = (500×0.5625 + 300×1.5625)/800 = 0.9375
    const r = weightedCv([
      { value: 6, weight: 500 },
      { value: 4, weight: 300 },
    ]);
    expect(r.mean).toBeCloseTo(5.25, 10);
    expect(r.sd).toBeCloseTo(Math.sqrt(0.9375), 10);
    expect(r.cv).toBeCloseTo(Math.sqrt(0.9375) / 5.25, 10);
  });

  it("is null for no items and for a zero mean", () => {
    expect(weightedCv([]).cv).toBeNull();
    expect(
      weightedCv([
        { value: 0, weight: 10 },
        { value: 0, weight: 5 },
      ]).cv,
    ).toBeNull();
  });

  it("ignores items with zero or negative weight and non-finite values", () => {
    const base = weightedCv(example).cv;
    const noisy = weightedCv([...example, { value: 99, weight: 0 }, { value: 5, weight: -3 }, { value: Number.NaN, weight: 10 }]);
    expect(noisy.cv).toBeCloseTo(base ?? NaN, 12);
  });

  it("gives no sample CV for a single item and 0 for the population ones", () => {
    const r = weightedCv([{ value: 3, weight: 10 }]);
    expect(r.cv).toBe(0);
    expect(r.sampleCv).toBeNull();
  });

  it("does not change when every value is scaled", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.double({ min: 0.1, max: 1e4, noNaN: true }), weight: fc.integer({ min: 1, max: 5000 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (items, k) => {
          const a = weightedCv(items).cv ?? NaN;
          const b = weightedCv(items.map((x) => ({ value: x.value * k, weight: x.weight }))).cv ?? NaN;
          expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.max(1, a));
        },
      ),
    );
  });

  it("is 0 when all values are equal", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 30 }),
        (v, ws) => {
          expect(weightedCv(ws.map((w) => ({ value: v, weight: w }))).cv).toBeCloseTo(0, 9);
        },
      ),
    );
  });

  it("does not mutate its input", () => {
    const copy = structuredClone(example);
    weightedCv(example);
    expect(example).toEqual(copy);
  });
});
