/**
 * Header text normalisation (vocabulary.md): headers vary by county and year, so matching is on
 * meaning after removing spaces, full-width forms, brackets with the units inside them, "及以上" →
 * "以上", and a trailing "数".
 */

/** The unit a header states, and the factor that turns its numbers into the core's unit. */
export interface HeaderUnit {
  /** 人, ㎡, 元, 间, 册, 台, or "" when none is stated. */
  readonly unit: string;
  /** 10 000 for 万元, else 1. */
  readonly factor: number;
  /** The text the unit was read from, e.g. "（万元）". */
  readonly source: string;
}

const UNIT_WORDS: readonly { re: RegExp; unit: string; factor: number }[] = [
  { re: /万元/, unit: "元", factor: 10_000 },
  { re: /千元/, unit: "元", factor: 1_000 },
  { re: /元/, unit: "元", factor: 1 },
  { re: /平方米|平米|㎡|m²|m2|M2/, unit: "㎡", factor: 1 },
  { re: /人|名/, unit: "人", factor: 1 },
  { re: /间|个/, unit: "间", factor: 1 },
  { re: /册/, unit: "册", factor: 1 },
  { re: /台/, unit: "台", factor: 1 },
];

const BRACKETED = /[（(［[【]([^（()）［\]］【】]*)[)）\]］】]/g;

/**
 * The unit a header states in brackets, e.g. "教学仪器设备资产值（万元）" → 元 × 10 000.
 *
 * @param text - The header text (one part or a whole path).
 * @returns The unit, or `{ unit: "", factor: 1 }` when none is stated.
 */
export function headerUnit(text: string): HeaderUnit {
  for (const m of text.matchAll(BRACKETED)) {
    const inner = (m[1] ?? "").replace(/\s/g, "");
    if (inner.length > 4) continue;
    for (const u of UNIT_WORDS) if (u.re.test(inner)) return { unit: u.unit, factor: u.factor, source: m[0] };
  }
  const tail = /(万元|平方米|㎡)$/.exec(text.replace(/\s/g, ""));
  if (tail) {
    const u = UNIT_WORDS.find((w) => w.re.test(tail[1] ?? ""));
    if (u) return { unit: u.unit, factor: u.factor, source: tail[1] ?? "" };
  }
  return { unit: "", factor: 1, source: "" };
}

/**
 * Normalises one header part: NFKC (full-width → half-width), no spaces, bracketed units removed
 * and other brackets dropped (their text kept), "及以上"/"及其以上" → "以上", "其中:" removed,
 * a trailing "数" removed.
 *
 * @param text - The header text.
 * @returns The normalised text.
 * @example normalizeHeader("县级及以上骨干教师数（人）") // "县级以上骨干教师"
 */
export function normalizeHeader(text: string): string {
  let t = text.replace(/\s|\u3000/g, "");
  t = t.replace(BRACKETED, (_whole, inner: string) => {
    const s = inner.replace(/\s/g, "");
    return s.length <= 4 && UNIT_WORDS.some((u) => u.re.test(s)) && !/小学|初中|高中|计/.test(s) ? "" : s;
  });
  t = t.replace(/㎡/g, "");
  t = t.normalize("NFKC");
  t = t.replace(/[()（）[\]【】]/g, "");
  t = t.replace(/^其中[:：]?/, "").replace(/^[0-9]+[.、]/, "");
  t = t.replace(/及其?以上/g, "以上");
  t = t.replace(/[:：]$/, "");
  if (t.length > 1 && t.endsWith("数")) t = t.slice(0, -1);
  return t;
}
