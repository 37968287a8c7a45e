import type { z } from "zod";
import { INDICATORS } from "./indicators";

/**
 * The Chinese words for a profile's keys and for what is wrong with them, so that a bureau user
 * who edits a profile file or the 标准设置 sheet reads every problem in Chinese, with the key path
 * kept in brackets to find it in the file.
 */

const LEVEL_WORD: Readonly<Record<string, string>> = { primary: "小学", junior: "初中" };

const KEY_WORD: Readonly<Record<string, string>> = {
  name: "标准名称",
  standards: "指标标准",
  minMet: "至少达标指标数",
  floorRatio: "最低达标比例",
  cvLimit: "差异系数上限",
  teachingPointMinStudents: "不参评教学点的学生数上限",
  juniorWeight: "初中生折算系数",
  seniorToJuniorWeight: "高中生折算系数",
  includePrivate: "是否评估民办学校",
  includeDirectlyAdministered: "是否评估直属学校",
  teachingAreaNetOfIndoorSports: "教学及辅助用房是否扣除室内体育用房",
  regionWord: "全县/全区的称呼",
  guarantee: "政府保障程度限值",
  classesPerRoom: "每多少个班配一间音乐/美术专用教室",
  musicRoomMinArea: "音乐专用教室最小面积",
  artRoomMinArea: "美术专用教室最小面积",
  maxStudentsSingleLevel: "小学/初中最大校额",
  maxStudentsThrough: "一贯制学校最大校额",
  maxClassSize: "最大班额",
  smallSchoolFundedAs: "小规模学校按多少学生拨付公用经费",
  publicFundPerStudent: "生均公用经费标准",
  specialFundPerStudent: "特殊教育学校生均公用经费标准",
  certificationRate: "教师持证上岗率",
  confirmed: "已确认",
};

/**
 * The Chinese name of a profile key path, with the path itself for finding it in a file.
 *
 * @param path - The key path, e.g. `["standards", "degree", "primary"]`.
 * @returns E.g. `小学 每百名学生拥有高于规定学历教师数（standards.degree.primary）`.
 * @example keyLabel(["cvLimit", "junior"]) // "初中 差异系数上限（cvLimit.junior）"
 */
export function keyLabel(path: readonly PropertyKey[]): string {
  const keys = path.map(String);
  if (keys.length === 0) return "配置";
  const level = LEVEL_WORD[keys[keys.length - 1] ?? ""];
  const named = keys.filter((k) => !(k in LEVEL_WORD));
  const last = named[named.length - 1] ?? "";
  const indicator = named[0] === "standards" ? INDICATORS.find((d) => d.id === last) : undefined;
  const word = indicator?.name ?? KEY_WORD[last];
  if (word === undefined) return `设置项“${keys.join(".")}”`;
  return `${level ? `${level} ` : ""}${word}（${keys.join(".")}）`;
}

function found(input: unknown): string {
  if (input === undefined) return "未填写";
  if (input === null) return "空值";
  if (typeof input === "string") return `“${input}”`;
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  return Array.isArray(input) ? "一个列表" : "一组设置";
}

const TYPE_WORD: Readonly<Record<string, string>> = {
  number: "数字",
  int: "整数",
  string: "文字",
  boolean: "true 或 false",
  object: "一组设置（{…}）",
};

/**
 * One schema problem in Chinese: which key, what was found, what was expected.
 *
 * @param issue - The problem as the schema reports it.
 * @param input - The data that was checked (to quote the value found).
 * @returns The sentence, e.g. `小学 … （standards.degree.primary）：应为数字，实际为“4.2”`.
 */
export function issueText(issue: z.core.$ZodIssue, input: unknown): string {
  let value: unknown = input;
  for (const k of issue.path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  const where = keyLabel(issue.path);
  switch (issue.code) {
    case "invalid_type":
      return `${where}：应为${TYPE_WORD[issue.expected] ?? issue.expected}，实际为${found(value)}`;
    case "too_small": {
      if (issue.origin === "string") return `${where}：不能为空`;
      const bound = Number(issue.minimum);
      const rule = bound === 0 && !issue.inclusive ? "大于 0 的数" : `不小于 ${bound} 的数`;
      return `${where}：应为${rule}，实际为${found(value)}`;
    }
    case "too_big":
      return issue.origin === "string"
        ? `${where}：过长（最多 ${Number(issue.maximum)} 个字）`
        : `${where}：应不大于 ${Number(issue.maximum)}，实际为${found(value)}`;
    case "not_multiple_of":
      return `${where}：应为整数，实际为${found(value)}`;
    case "invalid_format":
      return `${where}：格式不对，实际为${found(value)}`;
    case "unrecognized_keys":
      return `${where === "配置" ? "配置中" : `${where}中`}有无法识别的设置项：${issue.keys.map((k) => `“${k}”`).join("、")}（请核对拼写）`;
    default:
      return `${where}：值无效，实际为${found(value)}`;
  }
}
