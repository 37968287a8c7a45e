import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatNumber, formatPercent } from "../../src/core/format";

describe("formatNumber", () => {
  it("keeps at most the given decimals and drops trailing zeros", () => {
    expect(formatNumber(5.954)).toBe("5.95");
    expect(formatNumber(0.9)).toBe("0.9");
    expect(formatNumber(1407)).toBe("1407");
    expect(formatNumber(2.5, 0)).toBe("3");
    expect(formatNumber(2.0001)).toBe("2");
    expect(formatNumber(10.1, 0)).toBe("10");
    expect(formatNumber(100.004)).toBe("100");
    expect(formatNumber(0.105, 1)).toBe("0.1");
  });
  it("writes no negative zero and a dash for missing or non-finite numbers", () => {
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(-0.001)).toBe("0");
    expect(formatNumber(-1.5)).toBe("-1.5");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(formatNumber(Infinity)).toBe("—");
  });
  it("agrees with toFixed and a trailing-zero trim for any number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 4 }), (x, d) => {
        const trimmed = x.toFixed(d).includes(".") ? x.toFixed(d).replace(/\.?0+$/, "") : x.toFixed(d);
        expect(formatNumber(x, d)).toBe(trimmed === "-0" ? "0" : trimmed);
      }),
    );
  });
  it("formats a fraction as a percentage with one decimal", () => {
    expect(formatPercent(0.8512)).toBe("85.1%");
    expect(formatPercent(1)).toBe("100%");
  });
});
