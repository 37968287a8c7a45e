import { describe, expect, it } from "vitest";
import * as logic from "../../src/functions/logic";
import { FunctionInputError } from "../../src/functions/logic";
import { LAYOUTS } from "../fixtures/layouts";

const fails = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(FunctionInputError);
  expect(f).toThrow(message);
};

describe("STANDARD", () => {
  it("accepts the id, the Chinese name and an alias", () => {
    expect(logic.standard("teachingArea", "小学")).toBe(4.5);
    expect(logic.standard("生均教学及辅助用房面积", "初中")).toBe(5.8);
    expect(logic.standard("教辅用房", "primary")).toBe(4.5);
    expect(logic.standard("每百名学生拥有网络多媒体教室数", "junior")).toBe(2.4);
    expect(logic.standard("仪器设备", "初中")).toBe(2500);
  });
  it("names an unknown indicator and a bad level", () => {
    fails(() => logic.standard("图书", "小学"), /未知指标“图书”/);
    fails(() => logic.standard("degree", "高中"), /学段“高中”无效/);
  });
});

describe("VALUE", () => {
  it("computes per student and per 100 students", () => {
    expect(logic.value("teachingArea", 2250, 500)).toBeCloseTo(4.5, 12);
    expect(logic.value("degree", 21, 500)).toBeCloseTo(4.2, 12);
  });
  it("multiplies an amount in 万元 by 10 000: 120 万元 / 500 = 2400 元", () => {
    expect(logic.value("仪器设备", 120, 500, "万元")).toBeCloseTo(2400, 9);
  });
  it("gives a blank for blank inputs, never 0", () => {
    expect(logic.value("degree", "", 500)).toBe("");
    expect(logic.value("degree", 20, null)).toBe("");
  });
  it("refuses text, zero students and a wrong unit", () => {
    fails(() => logic.value("degree", "约20", 500), /数量“约20”不是数字/);
    fails(() => logic.value("degree", 20, 0), /学生数必须大于0/);
    fails(() => logic.value("degree", 20, 500, "万元"), /单位“万元”不适用：每百名学生拥有高于规定学历教师数的数量单位应为人/);
    fails(() => logic.value("degree", 20, 500, "元"), /单位“元”不适用/);
    fails(() => logic.value("degree", -3, 500), /数量为负数/);
    fails(() => logic.value("degree", 20, -500), /学生数为-500：学生数必须大于0/);
    fails(() => logic.value("degree", 20, 500.5), /学生数为500.5：学生数应为整数/);
  });
  it("converts an amount written with its unit in the cell, and units of the same quantity", () => {
    // 45万元 over 500 students: 450 000 元 / 500 = 900 元 per student.
    expect(logic.value("仪器设备", "45万元", 500)).toBe(900);
    expect(logic.value("仪器设备", "45万元", 500, "元")).toBe(900);
    expect(logic.value("仪器设备", 45, 500, "万元")).toBe(900);
    // 3 亩 = 2 000 ㎡ over 400 students: 5 ㎡ per student.
    expect(logic.value("sportsArea", 3, 400, "亩")).toBeCloseTo(5, 12);
    expect(logic.value("sportsArea", "3亩", 400)).toBeCloseTo(5, 12);
    fails(() => logic.value("sportsArea", "3万元", 400), /单位“万元”不适用/);
  });
});

describe("MEETS and GAP", () => {
  it("meets exactly at the standard, not below", () => {
    expect(logic.meets("degree", "小学", 4.2)).toBe(true);
    expect(logic.meets("degree", "小学", 4.19)).toBe(false);
    expect(logic.meets("degree", "小学", "")).toBe("");
  });
  it("gives the gap in people, ㎡ and 元 worked by hand", () => {
    expect(logic.gap("degree", "小学", 18, 500)).toBe(3); // 21 − 18
    expect(logic.gap("教辅用房", "小学", 2000, 500)).toBe(250); // 2250 − 2000
    expect(logic.gap("equipment", "初中", 1_000_000, 500)).toBeCloseTo(250_000, 6); // 1 250 000 − 1 000 000
    expect(logic.gap("multimedia", "初中", 20, 500)).toBe(0);
    expect(logic.gap("multimedia", "初中", "", 500)).toBe("");
  });
  it("refuses a negative amount, fractional students and an amount of the wrong quantity", () => {
    fails(() => logic.gap("degree", "小学", -5, 500), /数量为负数/);
    fails(() => logic.gap("degree", "小学", 18, 99.5), /学生数应为整数/);
    fails(() => logic.gap("degree", "小学", "18万元", 500), /单位“万元”不适用/);
    // 45万元 against 500 × 2000 = 1 000 000 元: 550 000 short.
    expect(logic.gap("仪器设备", "小学", "45万元", 500)).toBe(550_000);
  });
});

describe("PASS and REASON", () => {
  const allMet = [[6, 1.6, 1.2, 6, 10, 2800, 3.2]];
  it("passes 7 met, and 6 met with the seventh at 90%", () => {
    expect(logic.pass(allMet, "小学")).toBe(true);
    expect(logic.pass([[6, 1.6, 1.2, 6, 10, 1800, 3.2]], "小学")).toBe(true);
    expect(logic.reason([[6, 1.6, 1.2, 6, 10, 1800, 3.2]], "小学")).toBe(
      "6项达标；生均教学仪器设备值1800元，为标准2000元的90%（不低于85%）",
    );
  });
  it("fails below 85% and with only 5 met", () => {
    expect(logic.pass([[6, 1.6, 1.2, 6, 6.3, 2800, 3.2]], "小学")).toBe(false); // 6.3 / 7.5 = 84%
    expect(logic.pass([[4, 1.6, 1.2, 6, 10, 2800, 2.2]], "小学")).toBe(false);
  });
  it("accepts a column of values too", () => {
    // junior: 6 ≥ 5.3, 6 ㎡ ≥ 5.8, 10 < 10.2 (98%), 2800 ≥ 2500, 3.2 ≥ 2.4 → 6 met, the seventh 98%
    expect(
      logic.pass(
        allMet[0]!.map((v) => [v]),
        "初中",
      ),
    ).toBe(true);
    expect(
      logic.reason(
        allMet[0]!.map((v) => [v]),
        "初中",
      ),
    ).toContain("生均体育运动场馆面积10㎡，为标准10.2㎡的98%");
  });
  it("gives a blank when a value is blank and an error for a wrong count", () => {
    expect(logic.pass([[6, 1.6, 1.2, "", 10, 2800, 3.2]], "小学")).toBe("");
    fails(() => logic.pass([[1, 2, 3]], "小学"), /需要一行（或一列）7个指标值.*收到3个/);
  });
});

describe("CV and CVPASS", () => {
  const values = [45, 37, 89, 76, 55].map((p, i) => [[279, 137, 935, 160, 402][i]! / p]);
  const students = [[45], [37], [89], [76], [55]];
  it("gives the published 0.5153", () => {
    expect(logic.cv(values, students)).toBeCloseTo(0.5153, 4);
    expect(logic.cvPass(values, students, "小学")).toBe(false);
  });
  it("skips rows where both cells are blank", () => {
    expect(logic.cv([...values, [""]], [...students, [""]])).toBeCloseTo(0.5153, 4);
  });
  it("refuses ranges of different sizes, half-blank rows, text and zero students", () => {
    fails(() => logic.cv(values, students.slice(0, 4)), /两个区域大小不同/);
    fails(() => logic.cv([[1], [""]], [[10], [5]]), /第2项：指标值为空而学生数不为空/);
    fails(() => logic.cv([[1], ["x"]], [[10], [5]]), /第2项指标值“x”不是数字/);
    fails(() => logic.cv([[1], [2]], [[10], [0]]), /第2项学生数为0/);
  });
  it("is blank for no data", () => {
    expect(logic.cv([[""]], [[""]])).toBe("");
  });
  it("refuses negative values, fractional students and an all-zero mean (CV({-1;-3},{10;5}) is no −0.566)", () => {
    fails(() => logic.cv([[-1], [-3]], [[10], [5]]), /第1项指标值为负数（-1）/);
    fails(() => logic.cvPass([[-1], [-3]], [[10], [5]], "小学"), /指标值为负数/);
    fails(() => logic.cv([[1], [2]], [[10], [5.5]]), /第2项学生数为5.5：学生数应为整数/);
    fails(() => logic.cv([[0], [0]], [[10], [5]]), /加权平均值为0/);
  });
  it("names an unknown indicator with its Chinese names, not internal ids", () => {
    fails(() => logic.value("图书", 1, 1), /未知指标“图书”：应为指标名称或简称，如 高学历教师、骨干教师/);
    expect(() => logic.value("图书", 1, 1)).not.toThrow(/degree|teachingArea/);
  });
});

describe("SPLIT", () => {
  it("spills the published split 9711.6 / 13514.4", () => {
    const [row] = logic.split(23226, 166, 210);
    expect(row?.[0]).toBeCloseTo(9711.6, 1);
    expect(row?.[1]).toBeCloseTo(13514.4, 1);
  });
  it("splits three ways with senior students", () => {
    const [row] = logic.split(652, 300, 200, 100);
    expect(row).toEqual([300, 220, 132].map((x) => expect.closeTo(x, 9) as number));
  });
  it("gives blanks for a blank resource and refuses no students", () => {
    expect(logic.split("", 1, 1)).toEqual([["", ""]]);
    fails(() => logic.split(100, 0, 0), /学生数全部为0/);
  });
  it("refuses negative or fractional students and a negative resource", () => {
    fails(() => logic.split(100, -1, 10), /小学学生数为负数（-1）/);
    fails(() => logic.split(100, 10, 2.5), /初中学生数为2.5：学生数应为整数/);
    fails(() => logic.split(-100, 10, 10), /资源数量为负数/);
  });
});

describe("EVALUATE and CVTABLE", () => {
  const flat = LAYOUTS.find((l) => l.id === "flat-basic")!;
  it("spills one row per unit with the verdict", () => {
    const rows = logic.evaluate(flat.rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : (v as string | number)))));
    expect(rows[0]).toEqual([
      "学校",
      "学段",
      "高学历教师",
      "骨干教师",
      "体艺教师",
      "教辅用房",
      "体育场馆",
      "仪器设备",
      "多媒体教室",
      "达标项数",
      "结论",
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[10]])).toEqual([
      ["城关第一小学", "小学", "达标"],
      ["城关中学", "初中", "达标"],
      ["大湾教学点", "小学", "不参评"],
    ]);
    expect(rows[1]?.[2]).toBeCloseTo(8000 / 1532, 9);
  });
  it("spills the CV table and says when the table has no header", () => {
    const rows = logic.cvTable(flat.rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : (v as string | number)))));
    expect(rows).toHaveLength(1 + 7 + 7);
    expect(rows[1]?.slice(0, 2)).toEqual(["小学", "每百名学生拥有高于规定学历教师数"]);
    fails(
      () =>
        logic.cvTable([
          [1, 2],
          [3, 4],
        ]),
      /未找到学校数据表/,
    );
  });
});
