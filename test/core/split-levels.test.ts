import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import { splitResource, splitShares } from "../../src/core/split-levels";

describe("splitResource", () => {
  it("splits the published example: 九年一贯制 166/210 students, 23226 books → 9711.6 / 13514.4", () => {
    const r = splitResource(23226, { primary: 166, junior: 210 }, ["primary", "junior"], NATIONAL_PROFILE);
    // published figures are rounded to one decimal (58.50 册/生 × 166 = 9711.6)
    expect(r?.primary).toBeCloseTo(9711.6, 1);
    expect(r?.junior).toBeCloseTo(13514.4, 1);
    expect((r?.primary ?? 0) / 166).toBeCloseTo(58.5, 2);
  });

  it("splits a 完全中学 junior against senior as B / (B + 1.2C)", () => {
    // B = 600, C = 400: 600 / (600 + 480) = 0.5556
    const s = splitShares({ junior: 600, senior: 400 }, ["junior", "senior"], NATIONAL_PROFILE);
    expect(s?.junior).toBeCloseTo(600 / 1080, 12);
    expect(s?.senior).toBeCloseTo(480 / 1080, 12);
  });

  it("weighs a twelve-year school 1 : 1.1 : 1.32", () => {
    // A 300, B 200, C 100: 300 + 220 + 132 = 652
    const s = splitShares({ primary: 300, junior: 200, senior: 100 }, ["primary", "junior", "senior"], NATIONAL_PROFILE);
    expect(s?.primary).toBeCloseTo(300 / 652, 12);
    expect(s?.junior).toBeCloseTo(220 / 652, 12);
    expect(s?.senior).toBeCloseTo(132 / 652, 12);
  });

  it("gives everything to the only level with students", () => {
    expect(splitShares({ primary: 250, junior: 0 }, ["primary", "junior"], NATIONAL_PROFILE)).toEqual({ primary: 1, junior: 0 });
  });

  it("is null when no level has students", () => {
    expect(splitResource(100, {}, ["primary", "junior"], NATIONAL_PROFILE)).toBeNull();
  });

  it("uses the profile's weights", () => {
    const s = splitShares({ primary: 100, junior: 100 }, ["primary", "junior"], { juniorWeight: 1.5, seniorToJuniorWeight: 1.2 });
    expect(s?.junior).toBeCloseTo(150 / 250, 12);
  });

  it("keeps the junior per-student value at 1.1 × the primary one, and the shares sum to the whole", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        (a, b, r) => {
          const s = splitResource(r, { primary: a, junior: b }, ["primary", "junior"], NATIONAL_PROFILE);
          const p = (s?.primary ?? 0) / a;
          const j = (s?.junior ?? 0) / b;
          expect(j / p).toBeCloseTo(1.1, 9);
          expect((s?.primary ?? 0) + (s?.junior ?? 0)).toBeCloseTo(r, 6);
        },
      ),
    );
  });
});
