import { unitWord } from "./units";

/**
 * Header text normalisation (vocabulary.md): headers vary by county and year, so matching is on
 * meaning after removing spaces, full-width forms, brackets with the units inside them, "及以上" →
 * "以上", and a trailing "数".
 */

const BRACKETED = /[（(［[【]([^（()）［\]］【】]*)[)）\]］】]/g;

/**
 * Normalises one header part: NFKC (full-width → half-width), no spaces, bracketed units removed
 * and other brackets dropped (their text kept: "（小学）" still says the level), "及以上"/"及其以上"
 * → "以上", "其中:" removed, a trailing "数" removed.
 *
 * @param text - The header text.
 * @returns The normalised text.
 * @example normalizeHeader("县级及以上骨干教师数（人）") // "县级以上骨干教师"
 */
export function normalizeHeader(text: string): string {
  let t = text.replace(/\s|\u3000/g, "");
  t = t.replace(BRACKETED, (_whole, inner: string) => {
    const s = inner.replace(/\s/g, "");
    const unitList = s.split(/[、,，/]/).every((p) => p !== "" && unitWord(p) !== null);
    return unitWord(s) !== null || unitList ? "" : s;
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
