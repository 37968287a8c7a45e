import type { StyleAppend } from "../plan/state";
import { NS, STYLES_ORDER, xmlText } from "./xml";
import { childIndexes, insertionPoint, scanElements, setAttributeEdit, type ElementSpan, type TextEdit } from "./xml-splice";

/**
 * The styles part, extended with what the check's sheets and highlights need: fill colours for
 * conditional formats (dxfs), and cell formats for the result sheets (bold headers, number
 * formats). New entries go at the end of their lists and are recorded, so that clearing the check
 * removes exactly them and gives back the part as it was.
 */
export class StylesEdit {
  private readonly spans: ElementSpan[];
  private readonly root: number;
  private readonly adds = new Map<string, string[]>();
  private readonly dxfIndex = new Map<string, number>();
  private readonly xfIndex = new Map<string, number>();
  private readonly fmtIds = new Map<string, number>([
    ["0", 1],
    ["0.00", 2],
    ["#,##0", 3],
    ["#,##0.00", 4],
    ["0%", 9],
    ["0.00%", 10],
  ]);
  private nextFmtId = 164;
  private boldFont = -1;
  private readonly fillIndex = new Map<string, number>();

  /**
   * @param xml - The styles part's text.
   * @param part - Its name.
   */
  constructor(
    private readonly xml: string,
    part: string,
  ) {
    this.spans = scanElements(xml, part);
    this.root = 0;
    const root = this.spans[0];
    if (!root || root.uri !== NS.main || root.local !== "styleSheet") throw new Error(`${part} is not a style sheet`);
    for (const s of this.spans) {
      if (s.uri !== NS.main || s.local !== "numFmt") continue;
      const id = Number(s.attrs.numFmtId);
      if (!Number.isFinite(id)) continue;
      this.nextFmtId = Math.max(this.nextFmtId, id + 1);
      if (s.attrs.formatCode !== undefined) this.fmtIds.set(s.attrs.formatCode, id);
    }
  }

  private list(local: string): number {
    return this.spans.findIndex((s) => s.depth === 2 && s.uri === NS.main && s.local === local);
  }

  private count(local: string): number {
    const i = this.list(local);
    return i < 0 ? 0 : childIndexes(this.spans, i).length;
  }

  private push(list: string, xml: string): number {
    const items = this.adds.get(list) ?? [];
    this.adds.set(list, items);
    items.push(xml);
    return this.count(list) + items.length - 1;
  }

  /**
   * A fill colour for conditional formats.
   *
   * @param argb - The colour (ARGB).
   * @returns Its dxf index.
   */
  dxf(argb: string): number {
    const known = this.dxfIndex.get(argb);
    if (known !== undefined) return known;
    const id = this.push("dxfs", `<dxf><fill><patternFill patternType="solid"><bgColor rgb="${argb}"/></patternFill></fill></dxf>`);
    this.dxfIndex.set(argb, id);
    return id;
  }

  /**
   * A cell format: bold or not, wrapped or not, with a number format ("" for General).
   *
   * @param bold - Bold text.
   * @param numFmt - The number format code.
   * @param wrap - Wrapped text, aligned to the top.
   * @param fill - A solid fill colour (ARGB), or "" for none.
   * @returns The cellXfs index (0 for the default).
   */
  xf(bold: boolean, numFmt: string, wrap = false, fill = ""): number {
    if (!bold && numFmt === "" && !wrap && fill === "") return 0;
    const key = `${bold ? "b" : ""}|${wrap ? "w" : ""}|${numFmt}|${fill}`;
    const known = this.xfIndex.get(key);
    if (known !== undefined) return known;
    let fmtId = numFmt === "" ? 0 : this.fmtIds.get(numFmt);
    if (fmtId === undefined) {
      fmtId = this.nextFmtId++;
      this.fmtIds.set(numFmt, fmtId);
      this.push("numFmts", `<numFmt numFmtId="${fmtId}" formatCode="${xmlText(numFmt)}"/>`);
    }
    let fontId = 0;
    if (bold) {
      if (this.boldFont < 0) this.boldFont = this.push("fonts", `<font><b/>${this.firstFontBody()}</font>`);
      fontId = this.boldFont;
    }
    let fillId = 0;
    if (fill !== "") {
      // Fills 0 and 1 are reserved (none, gray125): a part without them gets them first.
      while (this.count("fills") + (this.adds.get("fills")?.length ?? 0) < 2)
        this.push("fills", `<fill><patternFill patternType="${this.adds.get("fills")?.length ? "gray125" : "none"}"/></fill>`);
      fillId =
        this.fillIndex.get(fill) ??
        this.push("fills", `<fill><patternFill patternType="solid"><fgColor rgb="${fill}"/><bgColor indexed="64"/></patternFill></fill>`);
      this.fillIndex.set(fill, fillId);
    }
    const align = wrap ? `<alignment vertical="top" wrapText="1"/>` : "";
    const id = this.push(
      "cellXfs",
      `<xf numFmtId="${fmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"${fmtId ? ' applyNumberFormat="1"' : ""}${bold ? ' applyFont="1"' : ""}${fillId ? ' applyFill="1"' : ""}${wrap ? ' applyAlignment="1">' + align + "</xf>" : "/>"}`,
    );
    this.xfIndex.set(key, id);
    return id;
  }

  /** The inside of the workbook's default font without bold, so a bold header keeps its face and size. */
  private firstFontBody(): string {
    const fonts = this.list("fonts");
    const first = fonts < 0 ? undefined : childIndexes(this.spans, fonts)[0];
    if (first === undefined) return "";
    const kids = childIndexes(this.spans, first)
      .map((i) => this.spans[i] as ElementSpan)
      .filter((k) => k.local !== "b");
    // Children written with the part's own prefixes; rewritten without a prefix (default namespace).
    return kids
      .map((k) => {
        const text = this.xml.slice(k.start, k.end);
        const i = k.qname.indexOf(":");
        return i < 0
          ? text
          : text.replace(new RegExp(`^<${k.qname}`), `<${k.local}`).replace(new RegExp(`</${k.qname}>$`), `</${k.local}>`);
      })
      .join("");
  }

  /**
   * The edits that add the new entries, and the record of what was appended.
   *
   * @returns Text edits of the styles part, and the record for clearing.
   */
  edits(): { edits: TextEdit[]; appended: StyleAppend[] } {
    const edits: TextEdit[] = [];
    const appended: StyleAppend[] = [];
    const root = this.spans[this.root] as ElementSpan;
    const prefix = root.qname.includes(":") ? `${root.qname.split(":")[0] ?? ""}:` : "";
    const named = (xml: string): string => (prefix ? xml.replace(/<(\/?)([a-zA-Z])/g, `<$1${prefix}$2`) : xml);
    for (const list of STYLES_ORDER) {
      const items = this.adds.get(list);
      if (!items || items.length === 0) continue;
      const i = this.list(list);
      const body = items.map(named).join("");
      if (i < 0) {
        const at = insertionPoint(this.spans, this.root, list, STYLES_ORDER);
        edits.push({ start: at, end: at, text: named(`<${list} count="${items.length}">`) + body + named(`</${list}>`) });
        appended.push({ list, start: 0, count: items.length, created: true, countAttr: null });
        continue;
      }
      const span = this.spans[i] as ElementSpan;
      const before = childIndexes(this.spans, i).length;
      const countAttr = span.attrs.count ?? null;
      const total = String(before + items.length);
      if (span.closeStart === span.end) {
        // <dxfs count="0"/>: opened to hold the new entries.
        const tag = setAttributeEdit(this.xml, span, "count", total).text;
        edits.push({ start: span.start, end: span.end, text: `${tag.slice(0, -2).trimEnd()}>${body}</${span.qname}>` });
      } else {
        edits.push(setAttributeEdit(this.xml, span, "count", total));
        edits.push({ start: span.closeStart, end: span.closeStart, text: body });
      }
      appended.push({
        list,
        start: before,
        count: items.length,
        created: false,
        countAttr,
        ...(span.closeStart === span.end ? { emptyTag: this.xml.slice(span.start, span.end) } : {}),
      });
    }
    return { edits, appended };
  }
}

/**
 * The edits that take out what a check appended to the styles part, when the part still holds
 * exactly that many entries at the end of each list (else they are left: harmless unused formats).
 *
 * @param xml - The styles part's text.
 * @param part - Its name.
 * @param appended - The record written by the check.
 * @returns The edits (none when the part has changed since).
 */
export function removeAppendedStyles(xml: string, part: string, appended: readonly StyleAppend[]): TextEdit[] {
  const spans = scanElements(xml, part);
  const edits: TextEdit[] = [];
  for (const a of appended) {
    const i = spans.findIndex((s) => s.depth === 2 && s.uri === NS.main && s.local === a.list);
    if (i < 0) return [];
    const kids = childIndexes(spans, i);
    if (kids.length !== a.start + a.count) return [];
    const span = spans[i] as ElementSpan;
    if (a.created) {
      edits.push({ start: span.start, end: span.end, text: "" });
      continue;
    }
    if (a.emptyTag !== undefined) {
      edits.push({ start: span.start, end: span.end, text: a.emptyTag });
      continue;
    }
    const first = spans[kids[a.start] as number] as ElementSpan;
    const last = spans[kids[kids.length - 1] as number] as ElementSpan;
    edits.push({ start: first.start, end: last.end, text: "" });
    edits.push(setAttributeEdit(xml, span, "count", a.countAttr === null ? null : xmlText(a.countAttr)));
  }
  return edits;
}
