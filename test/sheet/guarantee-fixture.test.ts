import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { guaranteeChecks } from "../../src/core/guarantee";
import { gridOf } from "../support/grid";

// A sheet with the 政府保障程度 columns; answers worked by hand from the rules of spec §5.
const rows = [
  [
    "学校名称",
    "办学类型",
    "在校生数",
    "班级数",
    "最大班额",
    "音乐专用教室间数",
    "美术专用教室间数",
    "音乐教室面积",
    "专任教师数",
    "持证教师数",
    "高于规定学历教师数",
    "县级以上骨干教师数",
    "体育、艺术专任教师数",
    "教学及辅助用房面积",
    "体育运动场馆面积",
    "教学仪器设备值（元）",
    "网络多媒体教室数",
  ],
  ["十二班小学", "小学", 500, 12, 45, 1, 1, 96, 30, 30, 30, 8, 6, 3000, 5000, 1400000, 16],
  ["十三班小学", "小学", 540, 13, 46, 1, 2, 200, 32, 31, 30, 8, 6, 3000, 5000, 1400000, 16],
  ["大规模小学", "小学", 2001, 44, 45, 4, 4, 400, 120, 120, 120, 30, 30, 12000, 20000, 5600000, 60],
];

describe("政府保障程度 per school on a sheet", () => {
  const o = runCheck({ grid: gridOf(rows), sheetName: "表" });
  if (!o.ok) throw new Error(o.message);
  const failed = o.result.guarantee.failing.map((g) => [g.school, g.id, g.value, g.limit]);
  const checksOf = (name: string) => {
    const s = o.read.schools.find((x) => x.record.name === name);
    if (!s) throw new Error(name);
    return guaranteeChecks(s.record, o.profile);
  };

  it("12 classes need 1 music room, 13 need 2; one room of 200 ㎡ is at least 96 ㎡", () => {
    expect(checksOf("十二班小学").find((g) => g.id === "musicRooms")).toMatchObject({ pass: true, limit: 1 });
    expect(failed).toContainEqual(["十三班小学", "musicRooms", 1, 2]);
    expect(checksOf("十三班小学").find((g) => g.id === "artRooms")?.pass).toBe(true);
    expect(checksOf("十三班小学").find((g) => g.id === "musicRoomArea")).toMatchObject({ pass: true, value: 200 });
  });

  it("counts the schools checked and failing per item; only failures are kept as checks", () => {
    // Three schools, each checked for music/art rooms, music-room area, school size, class size
    // and certification (the art-room area column is absent).
    expect(o.result.guarantee.items).toEqual([
      { id: "musicRooms", checked: 3, failing: 1, unverified: 0 },
      { id: "artRooms", checked: 3, failing: 0, unverified: 0 },
      // 大规模小学's 4 rooms of 400 ㎡ in all may hold one under 96 ㎡: not verifiable, never a pass.
      { id: "musicRoomArea", checked: 2, failing: 0, unverified: 1 },
      { id: "schoolSize", checked: 3, failing: 1, unverified: 0 },
      { id: "classSize", checked: 3, failing: 1, unverified: 0 },
      { id: "certification", checked: 3, failing: 1, unverified: 0 },
    ]);
    expect(o.result.guarantee.failing.every((g) => !g.pass)).toBe(true);
    // The JSON report carries the same: counts per item, then the failing checks.
    const json = JSON.parse(JSON.stringify(o.report)) as { guarantee: { items: unknown[]; failing: { school: string; id: string }[] } };
    expect(json.guarantee.items).toEqual(o.result.guarantee.items);
    expect(json.guarantee.failing.map((g) => [g.school, g.id])).toEqual(failed.map(([school, id]) => [school, id]));
  });

  it("checks class size 45, school size 2000 and certification 100%", () => {
    expect(failed).toContainEqual(["十三班小学", "classSize", 46, 45]);
    expect(failed).toContainEqual(["大规模小学", "schoolSize", 2001, 2000]);
    expect(failed).toContainEqual(["十三班小学", "certification", 31 / 32, 1]);
    expect(failed).toHaveLength(4);
  });

  it("highlights and notes the failures on the cells behind them", async () => {
    const { buildPlan } = await import("../../src/plan/annotation-plan");
    const plan = buildPlan(o, { checkedAt: "t", version: "v" });
    expect(plan.marks.find((m) => m.address === "F3")).toMatchObject({ style: "guarantee" });
    expect(plan.marks.find((m) => m.address === "F3")?.note).toContain("音乐专用教室间数不达标：音乐专用教室1间，13个班应不少于2间");
    expect(plan.marks.find((m) => m.address === "C4")?.note).toContain("学校规模（校额）不达标");
  });
});

describe("保障程度 result sheet", () => {
  it("counts each item's checked and failing schools and lists only the failures", async () => {
    const { buildPlan } = await import("../../src/plan/annotation-plan");
    const o = runCheck({ grid: gridOf(rows), sheetName: "表" });
    if (!o.ok) throw new Error(o.message);
    const sheet = buildPlan(o, { checkedAt: "t", version: "v" }).sheets.find((s) => s.role === "guarantee");
    // By hand: three schools, each checked for music/art rooms, music-room area, school size,
    // class size and certification; failures as in the cases above.
    expect(sheet?.rows.slice(1, 8)).toEqual([
      ["项目", "核查校数", "不达标校数", "无法核实校数", "结论"],
      ["音乐专用教室间数", 3, 1, 0, "未达标"],
      ["美术专用教室间数", 3, 0, 0, "达标"],
      ["音乐专用教室面积", 2, 0, 1, "无法核实"],
      ["学校规模（校额）", 3, 1, 0, "未达标"],
      ["班额", 3, 1, 0, "未达标"],
      ["教师持证上岗", 3, 1, 0, "未达标"],
    ]);
    expect(sheet?.rows[9]).toEqual(["不达标的学校与项目（4项）"]);
    const listed = sheet?.rows.slice(11, 15).map((r) => [r[0], r[2], r[5]]);
    expect(listed).toEqual([
      ["十三班小学", "音乐专用教室间数", "未达标"],
      ["十三班小学", "班额", "未达标"],
      ["十三班小学", "教师持证上岗", "未达标"],
      ["大规模小学", "学校规模（校额）", "未达标"],
    ]);
    expect(sheet?.rows.at(-1)).toEqual([
      "大规模小学",
      4,
      "音乐专用教室面积",
      null,
      null,
      "无法核实",
      "音乐专用教室4间共400㎡，只有总面积，无法核实每间是否不小于96㎡",
    ]);
  });
});
