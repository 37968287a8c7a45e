/**
 * How marked cells look, and the legend that says so: the same five colours on the data sheet, on
 * 检查信息 and at the top of 达标结果, so that a reader without the add-in can tell what each means.
 */

/** How a marked cell is shown. */
export type MarkStyle = "fail-school" | "unmet" | "excluded" | "problem" | "guarantee";

/** Fill colours per style (ARGB), chosen to read in print and for colour-blind users with the notes. */
export const MARK_COLORS: Readonly<Record<MarkStyle, string>> = {
  "fail-school": "FFFFC7CE",
  unmet: "FFFFE699",
  excluded: "FFD9D9D9",
  problem: "FFF8CBAD",
  guarantee: "FFBDD7EE",
};

/** What each colour means, in the order a reader meets them. */
export const MARK_LEGEND: readonly { readonly style: MarkStyle; readonly label: string }[] = [
  { style: "fail-school", label: "学校名称：该校（学段）未达标" },
  { style: "unmet", label: "数据单元格：该项指标未达到标准" },
  { style: "guarantee", label: "数据单元格：政府保障程度不达标" },
  { style: "problem", label: "数据有误或需核对" },
  { style: "excluded", label: "学校名称：不参评" },
];
