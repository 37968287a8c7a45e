import { describe, expect, it } from "vitest";
import { cellAddress, columnIndex, columnLetter, parseNumberCell } from "../../src/sheet/cells";
import { normalizeHeader } from "../../src/sheet/normalize";
import { conversion, headerUnit, MU, unitWord } from "../../src/sheet/units";

describe("parseNumberCell", () => {
  it.each([
    [1234, 1234],
    ["1,234", 1234],
    ["１２３", 123],
    ["2 400", 2400],
    ["1.2E+3", 1200],
    ["  42 ", 42],
    ["1，234.5", 1234.5],
    ["0", 0],
  ])("reads %j as %d", (input, want) => {
    expect(parseNumberCell(input)).toEqual({ ok: true, value: want, blank: false });
  });

  it.each([
    ["3.5㎡", 3.5, "㎡", 1],
    ["120万元", 120, "元", 10_000],
    ["45万元", 45, "元", 10_000],
    ["1,200元", 1200, "元", 1],
    ["2.5亩", 2.5, "㎡", MU],
    ["12间", 12, "间", 1],
  ])("reads %j as %d with the unit it names (%s × %d), for the caller to convert", (input, value, unit, factor) => {
    const r = parseNumberCell(input);
    expect(r).toMatchObject({ ok: true, value, blank: false, unit: { unit, factor } });
  });

  it.each([null, undefined, "", "  ", "—", "-", "/", "——", "－"])("reads %j as a blank 0", (input) => {
    expect(parseNumberCell(input)).toEqual({ ok: true, value: 0, blank: true });
  });

  it.each([
    ["待统计", "待统计"],
    ["约300", "约300"],
    ["#DIV/0!", "#DIV/0!"],
    [{ error: "#REF!" }, "#REF!"],
    [true, "TRUE（逻辑值）"],
    [new Date(Date.UTC(2024, 8, 1)), "2024-09-01（日期）"],
    [Number.NaN, "NaN"],
    ["1.2.3", "1.2.3"],
  ])("refuses %j, saying what it found", (input, found) => {
    expect(parseNumberCell(input)).toEqual({ ok: false, found });
  });
});

describe("addresses", () => {
  it("converts columns both ways", () => {
    expect(columnLetter(0)).toBe("A");
    expect(columnLetter(25)).toBe("Z");
    expect(columnLetter(26)).toBe("AA");
    expect(columnLetter(701)).toBe("ZZ");
    expect(columnLetter(702)).toBe("AAA");
    expect(columnIndex("AB")).toBe(27);
    expect(columnIndex("1")).toBe(-1);
    expect(cellAddress(16, 7)).toBe("H17");
  });
});

describe("normalizeHeader and headerUnit", () => {
  it.each([
    ["县级及以上骨干教师数（人）", "县级以上骨干教师"],
    ["教学仪器设备资产值（万元）", "教学仪器设备资产值"],
    ["体育运动场(馆)面积", "体育运动场馆面积"],
    ["县级以上骨干教师(小学)", "县级以上骨干教师小学"],
    ["其中：室内体育用房", "室内体育用房"],
    ["在 校 学 生 数", "在校学生"],
    ["艺术(计)", "艺术计"],
    ["本科学历教师人数（初中）", "本科学历教师人数初中"],
    ["面积（㎡）", "面积"],
    ["间数", "间"],
    ["ＡＢＣ教室", "ABC教室"],
  ])("normalises %s to %s", (input, want) => {
    expect(normalizeHeader(input)).toBe(want);
  });

  it("reads units from brackets, 万元 × 10 000", () => {
    expect(headerUnit("教学仪器设备资产值（万元）")).toMatchObject({ unit: "元", factor: 10_000 });
    expect(headerUnit("运动场地面积（平方米）")).toMatchObject({ unit: "㎡", factor: 1 });
    expect(headerUnit("网络多媒体教室（间）")).toMatchObject({ unit: "间", factor: 1 });
    expect(headerUnit("运动场地面积（亩）")).toMatchObject({ unit: "㎡", factor: 10_000 / 15 });
    expect(headerUnit("占地面积（公顷）")).toMatchObject({ unit: "㎡", factor: 10_000 });
    expect(headerUnit("在校生数")).toBeNull();
    // A list of units names several columns' units, none of this one's.
    expect(headerUnit("单位（人、㎡、万元、间）")).toBeNull();
  });

  it("converts between units of one quantity and refuses across quantities", () => {
    const wan = unitWord("万元")!;
    const yuan = unitWord("元")!;
    expect(conversion(wan, yuan)).toBe(10_000);
    expect(conversion(yuan, wan)).toBe(1 / 10_000);
    expect(conversion(unitWord("亩")!, unitWord("平方米")!)).toBeCloseTo(666.6667, 4);
    expect(conversion(unitWord("人")!, yuan)).toBeNull();
  });
});
