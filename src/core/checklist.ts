import { INDICATORS } from "./indicators";
import type { IndicatorId } from "./types";

/**
 * The county checklist of 优质均衡 (教督〔2017〕6号 and the county plans in shared/seeds): the four
 * groups that must all hold — 资源配置, 政府保障程度 (15), 教育质量 (9), 社会认可度 — and the veto
 * items (不予认定). One declarative table; the sheet and its formulas are built from it.
 */

/** How an item is answered and judged. */
export type ChecklistItemType =
  /** Filled in from the add-in's check (资源配置). */
  | "fromCheck"
  /** A number compared with a threshold; `percent` numbers accept 95% or 95. */
  | "numeric"
  /** 是/否: 是 meets the item. */
  | "yesno"
  /** A monitored subject's 校际差异率: optional (未测 when blank), below the threshold. */
  | "subjectRate"
  /** A veto item: 是 (it exists) vetoes the county. */
  | "veto";

/** One checklist item. */
export interface ChecklistItem {
  readonly group: ChecklistGroupId;
  /** Number within its group as the plans write it, e.g. "11" or "11(2)". */
  readonly no: string;
  /** The official wording. */
  readonly text: string;
  readonly type: ChecklistItemType;
  /** Threshold for numeric items (a fraction for percentages). */
  readonly threshold?: number;
  /** "atLeast" (≥) or "below" (<). */
  readonly comparator?: "atLeast" | "below";
  readonly percent?: boolean;
  /** Unit shown after the threshold (元, 学时…) for non-percent numbers. */
  readonly unit?: string;
  /** For the resource rows: the indicator it reports (absent for the overall verdict). */
  readonly indicator?: IndicatorId;
}

/** The four groups and the veto items. */
export type ChecklistGroupId = "resource" | "guarantee" | "quality" | "recognition" | "veto";

/** Group titles in the official wording. */
export const CHECKLIST_GROUPS: Readonly<Record<ChecklistGroupId, string>> = {
  resource: "一、资源配置（7项指标中每所学校至少6项达到要求，余项不低于要求的85%；所有指标校际差异系数小学≤0.50、初中≤0.45）",
  guarantee: "二、政府保障程度（15项指标均要达到要求）",
  quality: "三、教育质量（9项指标均要达到要求）",
  recognition: "四、社会认可度（达到85%以上）",
  veto: "五、不予认定情形（有以下情况之一的不予认定）",
};

/** Subjects of the national monitoring for 校际差异率. */
export const MONITORED_SUBJECTS: readonly string[] = ["语文", "数学", "英语", "科学", "体育与健康", "艺术", "德育"];

const G = "guarantee" as const;
const Q = "quality" as const;

/**
 * The items, in order. Wording from the county plans (seed 001 and 003); the training hours follow
 * the national method (360 学时, some counties 450).
 */
export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  ...INDICATORS.map((d, i): ChecklistItem => ({
    group: "resource",
    no: String(i + 1),
    text: `${d.name}：小学、初中校际差异系数不超过限值`,
    type: "fromCheck",
    indicator: d.id,
  })),
  {
    group: "resource",
    no: "—",
    text: "每所学校至少6项达到要求、余项不低于85%，且各项差异系数不超过限值（资源配置结论）",
    type: "fromCheck",
  },

  { group: G, no: "1", text: "区域内义务教育学校规划布局合理，符合国家规定要求", type: "yesno" },
  {
    group: G,
    no: "2",
    text: "区域内城乡义务教育学校建设标准统一、教师编制标准统一、生均公用经费基准定额统一、基本装备配置标准统一",
    type: "yesno",
  },
  {
    group: G,
    no: "3",
    text: "所有小学、初中每12个班级配备音乐、美术专用教室1间以上；其中，每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米",
    type: "yesno",
  },
  {
    group: G,
    no: "4",
    text: "所有小学、初中规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过2500人",
    type: "yesno",
  },
  { group: G, no: "5", text: "小学、初中所有班级学生数分别不超过45人、50人", type: "yesno" },
  { group: G, no: "6", text: "不足100名学生村小学和教学点按100名学生核定公用经费", type: "yesno" },
  { group: G, no: "7", text: "特殊教育学校生均公用经费不低于6000元", type: "numeric", threshold: 6000, comparator: "atLeast", unit: "元" },
  {
    group: G,
    no: "8",
    text: "全县义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，按规定足额核定教师绩效工资总量",
    type: "yesno",
  },
  { group: G, no: "9", text: "教师5年360学时培训完成率达到100%", type: "numeric", threshold: 1, comparator: "atLeast", percent: true },
  { group: G, no: "10", text: "县级教育行政部门在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量", type: "yesno" },
  {
    group: G,
    no: "11(1)",
    text: "全县每年交流轮岗教师的比例不低于符合交流条件教师总数的10%",
    type: "numeric",
    threshold: 0.1,
    comparator: "atLeast",
    percent: true,
  },
  {
    group: G,
    no: "11(2)",
    text: "其中，骨干教师不低于交流轮岗教师总数的20%",
    type: "numeric",
    threshold: 0.2,
    comparator: "atLeast",
    percent: true,
  },
  { group: G, no: "12", text: "专任教师持有教师资格证上岗率达到100%", type: "numeric", threshold: 1, comparator: "atLeast", percent: true },
  {
    group: G,
    no: "13(1)",
    text: "城区和镇区公办小学（不含寄宿制学校）就近划片入学比例达到100%",
    type: "numeric",
    threshold: 1,
    comparator: "atLeast",
    percent: true,
  },
  {
    group: G,
    no: "13(2)",
    text: "城区和镇区公办初中（不含寄宿制学校）就近划片入学比例达到95%以上",
    type: "numeric",
    threshold: 0.95,
    comparator: "atLeast",
    percent: true,
  },
  {
    group: G,
    no: "14",
    text: "全县优质高中招生名额分配比例不低于50%，并向农村初中倾斜",
    type: "numeric",
    threshold: 0.5,
    comparator: "atLeast",
    percent: true,
  },
  {
    group: G,
    no: "15",
    text: "留守儿童关爱体系健全，全县符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%",
    type: "numeric",
    threshold: 0.85,
    comparator: "atLeast",
    percent: true,
  },

  { group: Q, no: "1", text: "全县初中三年巩固率达到95%以上", type: "numeric", threshold: 0.95, comparator: "atLeast", percent: true },
  { group: Q, no: "2", text: "全县残疾儿童少年入学率达到95%以上", type: "numeric", threshold: 0.95, comparator: "atLeast", percent: true },
  { group: Q, no: "3", text: "所有学校制定章程，实现学校管理与教学信息化", type: "yesno" },
  {
    group: Q,
    no: "4",
    text: "全县所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费",
    type: "numeric",
    threshold: 0.05,
    comparator: "atLeast",
    percent: true,
  },
  { group: Q, no: "5", text: "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平", type: "yesno" },
  { group: Q, no: "6", text: "所有学校德育工作、校园文化建设水平达到良好以上", type: "yesno" },
  { group: Q, no: "7", text: "课程开齐开足，教学秩序规范，综合实践活动有效开展", type: "yesno" },
  { group: Q, no: "8", text: "无过重课业负担", type: "yesno" },
  { group: Q, no: "9(1)", text: "在国家义务教育质量监测中，相关科目学生学业水平达到Ⅲ级以上", type: "yesno" },
  ...MONITORED_SUBJECTS.map((s): ChecklistItem => ({
    group: Q,
    no: "9(2)",
    text: `校际差异率低于0.15：${s}（未监测的科目留空）`,
    type: "subjectRate",
    threshold: 0.15,
    comparator: "below",
    percent: true,
  })),

  {
    group: "recognition",
    no: "1",
    text: "社会认可度（学生、家长、教师、校长、人大代表、政协委员及其他群众）达到85%以上",
    type: "numeric",
    threshold: 0.85,
    comparator: "atLeast",
    percent: true,
  },

  { group: "veto", no: "1", text: "存在以考试方式招生", type: "veto" },
  { group: "veto", no: "2", text: "存在违规择校行为", type: "veto" },
  { group: "veto", no: "3", text: "存在重点学校或重点班", type: "veto" },
  { group: "veto", no: "4", text: "存在“有编不补”或长期聘用编外教师的情况", type: "veto" },
  { group: "veto", no: "5", text: "教育系统存在重大安全责任事故和严重违纪违规事件", type: "veto" },
  { group: "veto", no: "6", text: "有弄虚作假行为", type: "veto" },
];
