import type { RawCell } from "../sheet/cells";

/**
 * A realistic sample county workbook, generated (never hand-edited): the consolidated-export
 * layout with a title, a three-row merged header, every school kind (nine-year, complete and
 * twelve-year schools, teaching points under and over 50 students, a special school, a senior
 * high school), messy cells (text numbers, dashes, full-width digits, one "待统计"), a total row
 * and footnotes. Deterministic for a given seed.
 */
export interface SampleSheet {
  readonly name: string;
  readonly rows: RawCell[][];
  readonly merges: string[];
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER: RawCell[][] = [
  [
    "学校名称",
    "学校标识码",
    "办学类型",
    "城乡分类",
    "在校学生数（人）",
    null,
    null,
    "班级数",
    "最大班额",
    "专任教师（人）",
    null,
    null,
    null,
    null,
    "县级以上骨干教师数",
    "体育、艺术（美术、音乐）专任教师数",
    "校舍建筑面积（平方米）",
    null,
    "运动场地面积（平方米）",
    "教学仪器设备资产值（万元）",
    "网络多媒体教室（间）",
    "音乐专用教室间数",
    "美术专用教室间数",
  ],
  [
    null,
    null,
    null,
    null,
    "小学",
    "初中",
    "高中",
    null,
    null,
    "合计",
    "按学历分",
    null,
    null,
    null,
    null,
    null,
    "教学及辅助用房",
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    "研究生毕业",
    "本科毕业",
    "专科毕业",
    "高中阶段毕业",
    null,
    null,
    "小计",
    "其中：室内体育用房",
    null,
    null,
    null,
    null,
    null,
  ],
];

const MERGES_HEADER = [
  "A3:A5",
  "B3:B5",
  "C3:C5",
  "D3:D5",
  "E3:G3",
  "E4:E5",
  "F4:F5",
  "G4:G5",
  "H3:H5",
  "I3:I5",
  "J3:N3",
  "J4:J5",
  "K4:N4",
  "O3:O5",
  "P3:P5",
  "Q3:R3",
  "Q4:R4",
  "S3:S5",
  "T3:T5",
  "U3:U5",
  "V3:V5",
  "W3:W5",
];

const TOWNS = [
  "城关",
  "东城",
  "西城",
  "南关",
  "北关",
  "河口",
  "石桥",
  "大湾",
  "青山",
  "白沙",
  "柳林",
  "高坪",
  "新田",
  "龙溪",
  "马鞍",
  "太平",
  "长岭",
  "黄花",
  "金竹",
  "水口",
  "梨树",
  "桃源",
];

interface Plan {
  readonly kind: string;
  readonly suffix: string;
  readonly primary: [number, number];
  readonly junior: [number, number];
  readonly senior: [number, number];
}

const PRIMARY: Plan = { kind: "小学", suffix: "小学", primary: [180, 1900], junior: [0, 0], senior: [0, 0] };

const PLANS: Readonly<Record<string, Plan>> = {
  primary: PRIMARY,
  village: { kind: "小学", suffix: "村小", primary: [60, 260], junior: [0, 0], senior: [0, 0] },
  point: { kind: "小学教学点", suffix: "教学点", primary: [8, 90], junior: [0, 0], senior: [0, 0] },
  junior: { kind: "初级中学", suffix: "中学", primary: [0, 0], junior: [300, 1800], senior: [0, 0] },
  nine: { kind: "九年一贯制学校", suffix: "学校", primary: [200, 1300], junior: [150, 900], senior: [0, 0] },
  complete: { kind: "完全中学", suffix: "中学", primary: [0, 0], junior: [500, 1500], senior: [600, 2000] },
  twelve: { kind: "十二年一贯制学校", suffix: "实验学校", primary: [300, 900], junior: [200, 700], senior: [200, 600] },
  special: { kind: "特殊教育学校", suffix: "特殊教育学校", primary: [40, 90], junior: [20, 60], senior: [0, 0] },
  senior: { kind: "高级中学", suffix: "高级中学", primary: [0, 0], junior: [0, 0], senior: [1200, 2600] },
};

/** The mix of kinds for a county of about 70 schools. */
const MIX: readonly (keyof typeof PLANS)[] = [
  ...Array<keyof typeof PLANS>(24).fill("primary"),
  ...Array<keyof typeof PLANS>(8).fill("village"),
  ...Array<keyof typeof PLANS>(8).fill("point"),
  ...Array<keyof typeof PLANS>(12).fill("junior"),
  ...Array<keyof typeof PLANS>(9).fill("nine"),
  ...Array<keyof typeof PLANS>(3).fill("complete"),
  "twelve",
  "special",
  "senior",
];

/**
 * Generates a sample county sheet.
 *
 * @param options - `schools` (default: the 67-school mix), `seed`, `county`, `messy` (default true).
 * @returns The sheet's rows (from A1) and merged ranges.
 */
export function sampleCounty(options: { schools?: number; seed?: number; county?: string; messy?: boolean } = {}): SampleSheet {
  const rnd = prng(options.seed ?? 2024);
  const county = options.county ?? "示例县";
  const messy = options.messy ?? true;
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rnd();
  const int = (lo: number, hi: number): number => Math.round(between(lo, hi));
  const count = options.schools ?? MIX.length;
  const rows: RawCell[][] = [
    [`${county}2024年义务教育学校办学条件统计表`],
    [
      "填报单位：" + county + "教育局",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "单位：人、平方米、万元、间",
    ],
    ...HEADER.map((r) => [...r]),
  ];
  const totals = new Array<number>(23).fill(0);
  for (let i = 0; i < count; i++) {
    const key = MIX[i % MIX.length] ?? "primary";
    const plan: Plan = PLANS[key] ?? PRIMARY;
    const town = TOWNS[i % TOWNS.length] ?? "城关";
    const serial = Math.floor(i / TOWNS.length) + 1;
    const name = key === "special" ? `${county}${plan.suffix}` : `${town}${serial > 1 ? `第${serial}` : ""}${plan.suffix}`;
    const p = int(...plan.primary);
    const j = int(...plan.junior);
    const h = int(...plan.senior);
    const compulsory = p + j;
    // Resource quality: most schools near or above standard, some well below.
    const q = rnd() < 0.18 ? between(0.55, 0.85) : between(0.9, 1.6);
    const weighted = p + 1.1 * j + 1.32 * h;
    const teachersPer100 = key === "point" ? 7 : 6;
    const teachers = Math.max(2, Math.round(((p + j + h) * teachersPer100) / 100));
    const degreeShare = Math.min(0.99, 0.55 * q + 0.4);
    const higher = j + h > p ? 0.9 : 0.62; // secondary-school teachers mostly hold a bachelor's degree
    const postgrad = Math.round(teachers * degreeShare * 0.06);
    const bachelor = Math.round(teachers * degreeShare * (higher - 0.06));
    const associate = Math.round(teachers * degreeShare * (1 - higher));
    const secondary = Math.max(0, teachers - postgrad - bachelor - associate);
    const backbone = Math.round(((compulsory + h) / 100) * between(0.7, 1.8) * q);
    const peArt = Math.round(((compulsory + h) / 100) * between(0.75, 1.5) * Math.min(q, 1.2));
    const teaching = Math.round(weighted * between(4.6, 6.4) * q);
    const indoor = key === "point" || key === "village" ? 0 : Math.round(teaching * between(0.04, 0.1));
    const outdoor = Math.round(weighted * between(7, 11) * q);
    const equipmentWan = Math.round(((weighted * between(1900, 3000) * q) / 10_000) * 100) / 100;
    const multimedia = Math.round(((compulsory + h) / 100) * between(2.3, 3.4) * Math.min(q, 1.15));
    const classes = Math.max(1, Math.round(p / 42 + j / 47 + h / 50));
    const largest = Math.round(between(30, 56));
    const music = Math.max(0, Math.round(classes / 12 + (rnd() < 0.7 ? 1 : 0)) - (rnd() < 0.15 ? 1 : 0));
    const art = Math.max(0, Math.round(classes / 12 + (rnd() < 0.7 ? 1 : 0)) - (rnd() < 0.15 ? 1 : 0));
    const code = String(2150000000 + i * 37);
    const urban = key === "point" || key === "village" ? "村庄" : i % 3 === 0 ? "镇中心区" : "主城区";
    const row: RawCell[] = [
      name,
      code,
      plan.kind,
      urban,
      p || null,
      j || null,
      h || null,
      classes,
      largest,
      teachers,
      postgrad,
      bachelor,
      associate,
      secondary,
      backbone,
      peArt,
      teaching,
      indoor,
      outdoor,
      equipmentWan,
      multimedia,
      music,
      art,
    ];
    row.forEach((v, c) => {
      if (typeof v === "number") totals[c] = (totals[c] ?? 0) + v;
    });
    if (messy) {
      if (i % 7 === 3) row[16] = teaching.toLocaleString("en-US"); // "1,234"
      if (i % 11 === 5) row[14] = backbone === 0 ? "—" : String(backbone).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))); // full-width
      if (i % 13 === 6) row[18] = `${outdoor.toString().replace(/(\d)(\d{3})$/, "$1 $2")}`; // "2 400"
      if (row[17] === 0) row[17] = "—";
      if (i === 17) row[15] = "待统计";
    }
    rows.push(row);
  }
  const totalRow: RawCell[] = ["合计", null, null, null, ...totals.slice(4)];
  rows.push(totalRow);
  rows.push(["注：本表为演示数据，由程序生成；“—”表示无。"]);
  rows.push(["填表人：李明", null, null, null, "审核人：王芳"]);
  return { name: "2024年基础数据", rows, merges: [...MERGES_HEADER] };
}
