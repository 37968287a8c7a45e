/**
 * Units as bureaus write them (vocabulary.md): in a header's brackets (（万元）, (㎡)), in a units
 * row under the header (人 / 平方米 / 万元 / 间), in a cell ("45万元"), or for the whole sheet above
 * the header ("单位：万元"). Each unit is a kind of quantity and a factor to the core's unit:
 * people, rooms, ㎡ and 元.
 */

/** The kinds of quantity a column can hold. */
export type Quantity = "people" | "rooms" | "area" | "money" | "books" | "devices" | "count" | "flag";

/** A unit: what it measures and the factor that turns its numbers into the core's unit. */
export interface Unit {
  /** The core's unit it converts to: 人, 间, ㎡, 元, 册, 台, 个, or "" for a yes/no column. */
  readonly unit: string;
  readonly quantity: Quantity;
  /** 10 000 for 万元, 666.67 for 亩, … */
  readonly factor: number;
  /** The text the unit was read from. */
  readonly source: string;
}

/** Square metres in one 亩 (市亩: 10 000 / 15 ㎡). */
export const MU = 10_000 / 15;

const WORDS: readonly { readonly re: RegExp; readonly unit: string; readonly quantity: Quantity; readonly factor: number }[] = [
  { re: /^万元$/, unit: "元", quantity: "money", factor: 10_000 },
  { re: /^千元$/, unit: "元", quantity: "money", factor: 1_000 },
  { re: /^元$/, unit: "元", quantity: "money", factor: 1 },
  { re: /^(平方米|平米|㎡|m²|m2|M2|平方)$/, unit: "㎡", quantity: "area", factor: 1 },
  { re: /^亩$/, unit: "㎡", quantity: "area", factor: MU },
  { re: /^公顷$/, unit: "㎡", quantity: "area", factor: 10_000 },
  { re: /^(人|名|人数)$/, unit: "人", quantity: "people", factor: 1 },
  { re: /^(间|间数|室)$/, unit: "间", quantity: "rooms", factor: 1 },
  { re: /^(个|班|所|处|次)$/, unit: "个", quantity: "count", factor: 1 },
  { re: /^册$/, unit: "册", quantity: "books", factor: 1 },
  { re: /^(台|套|件)$/, unit: "台", quantity: "devices", factor: 1 },
  { re: /^(是否|是\/否|1\/0)$/, unit: "", quantity: "flag", factor: 1 },
];

/**
 * A unit word on its own ("万元", "平方米", "亩", "人").
 *
 * @param text - The text.
 * @returns The unit, or null when the text is not a unit word.
 * @example unitWord("亩") // { unit: "㎡", quantity: "area", factor: 666.67, source: "亩" }
 */
export function unitWord(text: string): Unit | null {
  const t = text
    .replace(/[\s\u3000]/g, "")
    .normalize("NFKC")
    .replace(/^[（(]|[)）]$/g, "");
  if (t === "㎡") return { unit: "㎡", quantity: "area", factor: 1, source: text };
  for (const w of WORDS) if (w.re.test(t)) return { unit: w.unit, quantity: w.quantity, factor: w.factor, source: text };
  return null;
}

const BRACKETED = /[（(［[【]([^（()）［\]］【】]*)[)）\]］】]/g;

/**
 * The unit a header states: in brackets ("教学仪器设备资产值（万元）", "运动场地面积（亩）"), or as
 * the header's last word ("…面积（平方米）", "资产值万元", "间数").
 *
 * @param text - A header part.
 * @returns The unit, or null when none is stated.
 */
export function headerUnit(text: string): Unit | null {
  for (const m of text.matchAll(BRACKETED)) {
    const inner = (m[1] ?? "").replace(/\s/g, "");
    if (inner.length > 6) continue;
    // "（人、㎡、万元）"-style lists name several units: none of them is this column's.
    if (/[、,，/]/.test(inner) && !/^是\/否$/.test(inner)) continue;
    const u = unitWord(inner);
    if (u) return { ...u, source: m[0] };
  }
  const t = text.replace(/\s/g, "").normalize("NFKC");
  const tail = /(万元|千元|平方米|㎡|m2|亩|公顷|间数)$/.exec(t);
  if (tail) {
    const u = unitWord(tail[1] === "间数" ? "间" : (tail[1] ?? ""));
    if (u) return { ...u, source: tail[1] ?? "" };
  }
  return null;
}

/**
 * Whether a header part is only a unit in brackets, e.g. "（万元）" on a row of its own.
 *
 * @param text - A header part.
 * @returns True when the part says nothing but a unit.
 */
export function isBareUnit(text: string): boolean {
  return unitWord(text) !== null;
}

/**
 * The unit a cell's text ends with ("45万元", "3.5㎡", "12人"), with the number before it.
 *
 * @param text - The cell's text (digits already half-width, separators removed).
 * @returns The number's text and the unit, or null when the text ends with no unit word.
 */
export function splitCellUnit(text: string): { readonly number: string; readonly unit: Unit } | null {
  const m = /^(.*?)(万元|千元|元|平方米|平米|㎡|m²|m2|亩|公顷|人|名|间|个|册|台|所|班)$/.exec(text);
  if (!m || !m[1]) return null;
  const unit = unitWord(m[2] ?? "");
  return unit ? { number: m[1], unit } : null;
}

/**
 * The factor that turns a number written in one unit into another of the same quantity
 * (a cell "45万元" in a column of 元: 10 000), or null when the two do not measure the same thing.
 *
 * @param from - The unit the number is written in.
 * @param to - The column's unit.
 * @returns The factor, or null.
 */
export function conversion(from: Unit, to: Unit): number | null {
  if (from.quantity !== to.quantity) return null;
  return from.factor / to.factor;
}
