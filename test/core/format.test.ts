import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDown, formatNumber, formatPercent, formatRatio, formatUp, shownDown, shownUp } from "../../src/core/format";

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

describe("the one rule for shown figures (显示规则)", () => {
  it("cuts a value held to a standard down, so a miss never shows as the standard", () => {
    // Issue #16: "4.2人，为标准4.2人的99.9%" listed as unmet; 4.1977 shown as 4.20; 1999.6元 as 2000.
    expect(formatDown(4.1977)).toBe("4.19");
    expect(formatDown(4.19999)).toBe("4.19");
    expect(formatDown(1999.6, 0)).toBe("1999");
    expect(formatRatio(1999.6 / 2000)).toBe("99.9%");
    expect(formatRatio(0.84999)).toBe("84.9%");
    // A value that meets its standard still shows as it: floating-point noise is not cut.
    expect(formatDown(4.2)).toBe("4.2");
    expect(formatDown((42 * 100) / 1000)).toBe("4.2");
    expect(formatRatio(0.85)).toBe("85%");
    expect(shownDown(4.199999999999999)).toBe(4.2);
  });

  it("raises a shortfall or a value held to a limit, so a lack never shows as 0 and a CV over its limit never as within it", () => {
    // The reviewer's "差0㎡/生" for 5.796 against 5.8.
    expect(formatUp(5.8 - 5.796)).toBe("0.01");
    expect(shownUp(0.50004, 4)).toBe(0.5001);
    expect(shownUp(0.5, 4)).toBe(0.5);
  });
});
