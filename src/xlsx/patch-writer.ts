import type { AnnotationPlan, MarkStyle } from "../plan/annotation-plan";
import { highlightsOf, MARK_COLORS, ruleGroups } from "../plan/annotation-plan";
import { sheetWidth, VERDICT_RULES, type PlanValue, type ResultSheet } from "../plan/result-sheets";
import { annotationState, markerFormula, STATE_SHEET, toChunks, type AnnotationState } from "../plan/state";
import { cellAddress, columnIndex, columnLetter } from "../sheet/cells";
import { deflatedEntry, entryData, readZip, UnsupportedZip, writeZip, type ZipEntry } from "./zip";

/**
 * The headless check's fast writer: it copies the input workbook part by part and adds the
 * check's annotations as new parts (result sheets, notes, the state sheet) plus a few lines in the
 * data sheet (conditional formats, the notes' drawing) and in the workbook's lists. The user's
 * parts are copied byte for byte, still compressed, so writing costs what the check adds, not
 * what the workbook holds: a province's file is written in seconds where re-serialising it with
 * ExcelJS takes minutes. Only a workbook without a previous check is patched; anything it does not
 * recognise sends the check to the ExcelJS writer, which handles every case.
 */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_TYPE = {
  worksheet: `${REL_NS}/worksheet`,
  comments: `${REL_NS}/comments`,
  vml: `${REL_NS}/vmlDrawing`,
};
const CONTENT_TYPE = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  comments: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
};
/** The author named on the notes the check writes. */
const NOTE_AUTHOR = "优质均衡检查";

/** Why a workbook is left to the ExcelJS writer. */
export class NotPatchable extends Error {
  override readonly name = "NotPatchable";
}

/** The result of {@link patchWorkbook}. */
export type PatchResult =
  { readonly ok: true; readonly bytes: Buffer; readonly state: AnnotationState } | { readonly ok: false; readonly reason: string };

/**
 * Escapes text for XML content or attributes, dropping characters XML 1.0 cannot hold.
 *
 * @param s - Any text.
 * @returns The escaped text.
 */
export function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    if (e === "amp") return "&";
    return String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out.set(m[1] ?? "", xmlDecode(m[3] ?? m[4] ?? ""));
  return out;
}

/** The parts of the package being patched: the originals, and what replaces or adds to them. */
class Package {
  private readonly changed = new Map<string, Buffer | string>();
  constructor(
    private readonly entries: Map<string, ZipEntry>,
    private readonly when: Date,
  ) {}
  has(path: string): boolean {
    return this.changed.has(path) || this.entries.has(path);
  }
  bytes(path: string): Buffer | null {
    const c = this.changed.get(path);
    if (c !== undefined) return typeof c === "string" ? Buffer.from(c, "utf8") : c;
    const e = this.entries.get(path);
    return e ? entryData(e) : null;
  }
  text(path: string): string {
    const b = this.bytes(path);
    if (!b) throw new NotPatchable(`缺少部件 ${path}`);
    return b.toString("utf8");
  }
  set(path: string, content: Buffer | string): void {
    this.changed.set(path, content);
  }
  /** The package: unchanged parts copied as stored, the others deflated, new parts last. */
  write(): Buffer {
    const out: ZipEntry[] = [];
    for (const [name, e] of this.entries) {
      const c = this.changed.get(name);
      out.push(c === undefined ? e : deflatedEntry(name, c, this.when));
    }
    for (const [name, c] of this.changed) if (!this.entries.has(name)) out.push(deflatedEntry(name, c, this.when));
    return writeZip(out);
  }
}

/** Resolves a relationship target against the folder of the part that holds it. */
function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

function relsPath(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** A part's relationships, editable. */
class Relationships {
  private readonly added: string[] = [];
  constructor(
    private readonly xml: string,
    private readonly ids: Set<string>,
  ) {}
  static parse(xml: string | null): Relationships {
    const body =
      xml ??
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
    const ids = new Set([...body.matchAll(/<Relationship\b[^>]*>/g)].map((m) => attributes(m[0]).get("Id") ?? ""));
    return new Relationships(body, ids);
  }
  entries(): { id: string; type: string; target: string }[] {
    return [...this.xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => {
      const a = attributes(m[0]);
      return { id: a.get("Id") ?? "", type: a.get("Type") ?? "", target: a.get("Target") ?? "" };
    });
  }
  add(type: string, target: string): string {
    let n = this.ids.size + 1;
    while (this.ids.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    this.ids.add(id);
    this.added.push(`<Relationship Id="${id}" Type="${type}" Target="${xmlText(target)}"/>`);
    return id;
  }
  toString(): string {
    if (this.added.length === 0) return this.xml;
    const close = this.xml.lastIndexOf("</Relationships>");
    if (close < 0) throw new NotPatchable("关系部件格式无法识别");
    return `${this.xml.slice(0, close)}${this.added.join("")}${this.xml.slice(close)}`;
  }
}

/** Inserts `insert` before the first of `beforeTags` found in `xml` after `from` (or before `close`). */
function insertBefore(xml: string, from: number, beforeTags: readonly string[], close: string, insert: string): string {
  let at = -1;
  for (const t of beforeTags) {
    const re = new RegExp(`<${t}[\\s/>]`, "g");
    re.lastIndex = from;
    const m = re.exec(xml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) at = xml.lastIndexOf(close);
  if (at < 0) throw new NotPatchable(`找不到 ${close}`);
  return `${xml.slice(0, at)}${insert}${xml.slice(at)}`;
}

/** The elements of a worksheet that follow conditionalFormatting (ECMA-376 CT_Worksheet order). */
const AFTER_CF = [
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];
const AFTER_LEGACY_DRAWING = ["legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];
const AFTER_DXFS = ["tableStyles", "colors", "extLst"];

/** The workbook's styles, extended with what the check needs (each added once). */
class Styles {
  private readonly dxfs: string[] = [];
  private readonly dxfIndex = new Map<string, number>();
  private readonly fonts: string[] = [];
  private readonly numFmts: string[] = [];
  private readonly xfs: string[] = [];
  private readonly xfIndex = new Map<string, number>();
  private readonly fmtIds = new Map<string, number>([
    ["0", 1],
    ["0.00", 2],
    ["#,##0", 3],
    ["#,##0.00", 4],
  ]);
  private boldFont = -1;
  private readonly baseDxfs: number;
  private readonly baseFonts: number;
  private readonly baseXfs: number;
  private nextFmtId: number;

  constructor(private readonly xml: string) {
    if (!xml.includes(`xmlns="${MAIN_NS}"`)) throw new NotPatchable("样式部件的命名空间无法识别");
    this.baseDxfs = Styles.count(xml, "dxfs");
    this.baseFonts = Styles.count(xml, "fonts");
    this.baseXfs = Styles.count(xml, "cellXfs");
    if (this.baseFonts === 0 || this.baseXfs === 0) throw new NotPatchable("样式部件缺少字体或单元格格式");
    let maxFmt = 163;
    for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
      const a = attributes(m[0]);
      const id = Number(a.get("numFmtId"));
      const code = a.get("formatCode");
      if (Number.isFinite(id)) maxFmt = Math.max(maxFmt, id);
      if (code !== undefined && Number.isFinite(id)) this.fmtIds.set(code, id);
    }
    this.nextFmtId = maxFmt + 1;
  }

  private static count(xml: string, tag: string): number {
    const block = new RegExp(`<${tag}\\b[^>]*?(/>|>([\\s\\S]*?)</${tag}>)`).exec(xml);
    if (!block) return 0;
    const child = tag === "cellXfs" ? "xf" : tag.slice(0, -1);
    return [...(block[2] ?? "").matchAll(new RegExp(`<${child}\\b`, "g"))].length;
  }

  /** A fill colour for conditional formats (ARGB). */
  dxf(argb: string): number {
    const known = this.dxfIndex.get(argb);
    if (known !== undefined) return known;
    const id = this.baseDxfs + this.dxfs.length;
    this.dxfs.push(`<dxf><fill><patternFill patternType="solid"><bgColor rgb="${argb}"/></patternFill></fill></dxf>`);
    this.dxfIndex.set(argb, id);
    return id;
  }

  /** A cell format: bold or not, with a number format ("" for General); 0 for the default. */
  xf(bold: boolean, numFmt: string): number {
    if (!bold && numFmt === "") return 0;
    const key = `${bold ? "b" : ""}|${numFmt}`;
    const known = this.xfIndex.get(key);
    if (known !== undefined) return known;
    let fmtId = numFmt === "" ? 0 : this.fmtIds.get(numFmt);
    if (fmtId === undefined) {
      fmtId = this.nextFmtId++;
      this.fmtIds.set(numFmt, fmtId);
      this.numFmts.push(`<numFmt numFmtId="${fmtId}" formatCode="${xmlText(numFmt)}"/>`);
    }
    let fontId = 0;
    if (bold) {
      if (this.boldFont < 0) {
        const first = /<fonts\b[^>]*>\s*<font\b[^>]*?(\/>|>([\s\S]*?)<\/font>)/.exec(this.xml);
        const inner = (first?.[2] ?? "").replace(/<b\s*\/>|<b\s+val="[^"]*"\s*\/>/g, "");
        this.boldFont = this.baseFonts + this.fonts.length;
        this.fonts.push(`<font><b/>${inner}</font>`);
      }
      fontId = this.boldFont;
    }
    const id = this.baseXfs + this.xfs.length;
    this.xfs.push(
      `<xf numFmtId="${fmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${fmtId ? ' applyNumberFormat="1"' : ""}${bold ? ' applyFont="1"' : ""}/>`,
    );
    this.xfIndex.set(key, id);
    return id;
  }

  private static append(xml: string, tag: string, items: readonly string[], total: number, create: () => string): string {
    if (items.length === 0) return xml;
    const open = new RegExp(`<${tag}\\b[^>]*?(/?)>`).exec(xml);
    if (!open) return create();
    const start = open.index;
    if (open[1] === "/") {
      return `${xml.slice(0, start)}<${tag} count="${total}">${items.join("")}</${tag}>${xml.slice(start + open[0].length)}`;
    }
    const close = xml.indexOf(`</${tag}>`, start);
    if (close < 0) throw new NotPatchable(`样式部件的 ${tag} 无法识别`);
    const head = open[0].replace(/\scount="\d*"/, "").replace(/>$/, ` count="${total}">`);
    return `${xml.slice(0, start)}${head}${xml.slice(start + open[0].length, close)}${items.join("")}${xml.slice(close)}`;
  }

  toString(): string {
    let xml = this.xml;
    xml = Styles.append(xml, "numFmts", this.numFmts, Styles.count(xml, "numFmts") + this.numFmts.length, () => {
      const root = /<styleSheet\b[^>]*>/.exec(xml);
      if (!root) throw new NotPatchable("样式部件格式无法识别");
      const at = root.index + root[0].length;
      return `${xml.slice(0, at)}<numFmts count="${this.numFmts.length}">${this.numFmts.join("")}</numFmts>${xml.slice(at)}`;
    });
    xml = Styles.append(xml, "fonts", this.fonts, this.baseFonts + this.fonts.length, () => {
      throw new NotPatchable("样式部件缺少字体");
    });
    xml = Styles.append(xml, "cellXfs", this.xfs, this.baseXfs + this.xfs.length, () => {
      throw new NotPatchable("样式部件缺少单元格格式");
    });
    xml = Styles.append(xml, "dxfs", this.dxfs, this.baseDxfs + this.dxfs.length, () =>
      insertBefore(xml, 0, AFTER_DXFS, "</styleSheet>", `<dxfs count="${this.dxfs.length}">${this.dxfs.join("")}</dxfs>`),
    );
    return xml;
  }
}

function cellXml(ref: string, v: PlanValue, style: number): string {
  const s = style ? ` s="${style}"` : "";
  if (v === null || v === "") return "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  // Text is written as text (an inline string), never as a formula.
  const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

/** A result sheet as worksheet XML: values, bold header rows, column widths and formats, verdict colours. */
function resultSheetXml(sheet: ResultSheet, styles: Styles): string {
  const width = sheetWidth(sheet);
  const headers = new Set(sheet.headerRows);
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`];
  out.push(
    sheet.headerRows[0] === 0
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
  );
  out.push('<sheetFormatPr defaultRowHeight="15"/>');
  if (sheet.widths.length > 0)
    out.push(`<cols>${sheet.widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>`);
  out.push("<sheetData>");
  sheet.rows.forEach((row, i) => {
    const header = headers.has(i);
    const cells = row
      .map((v, j) => cellXml(cellAddress(i, j), v, styles.xf(header, !header && typeof v === "number" ? (sheet.formats[j] ?? "") : "")))
      .join("");
    if (cells !== "") out.push(`<row r="${i + 1}">${cells}</row>`);
  });
  out.push("</sheetData>");
  if (sheet.verdicts.length > 0) {
    out.push(`<conditionalFormatting sqref="A1:${columnLetter(width - 1)}${sheet.rows.length}">`);
    VERDICT_RULES.forEach((rule, k) =>
      out.push(
        `<cfRule type="expression" dxfId="${styles.dxf(rule.color)}" priority="${k + 1}"><formula>${xmlText(rule.formula)}</formula></cfRule>`,
      ),
    );
    out.push("</conditionalFormatting>");
  }
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
  return out.join("");
}

function stateSheetXml(chunks: readonly string[]): string {
  const rows = chunks.map((c, i) => `<row r="${i + 1}">${cellXml(`B${i + 1}`, c, 0)}</row>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData></worksheet>`;
}

function commentsXml(notes: readonly { address: string; note: string }[]): string {
  const list = notes
    .map(
      (n) =>
        `<comment ref="${n.address}" authorId="0"><text><r><rPr><sz val="9"/><rFont val="宋体"/><charset val="134"/></rPr><t xml:space="preserve">${xmlText(n.note)}</t></r></text></comment>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors><author>${NOTE_AUTHOR}</author></authors><commentList>${list}</commentList></comments>`;
}

function vmlXml(notes: readonly { address: string }[]): string {
  const shapes = notes
    .map((n, i) => {
      const m = /^([A-Z]+)(\d+)$/.exec(n.address);
      const row = Number(m?.[2] ?? 1) - 1;
      const col = columnIndex(m?.[1] ?? "A");
      return (
        `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:90pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${Math.max(0, row - 1)}, 2, ${col + 4}, 15, ${row + 4}, 16</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
      );
    })
    .join("");
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    `${shapes}</xml>`
  );
}

function freeName(pkg: Package, pattern: (n: number) => string): string {
  for (let n = 1; ; n++) if (!pkg.has(pattern(n))) return pattern(n);
}

function uniqueSheetName(name: string, taken: Set<string>): string {
  let n = name;
  for (let i = 2; taken.has(n.toLowerCase()); i++) n = `${name}(${i})`;
  taken.add(n.toLowerCase());
  return n;
}

/**
 * Writes the annotated copy of a workbook that has no previous check by patching its parts.
 *
 * @param original - The input file's bytes.
 * @param plan - The annotation plan.
 * @param checkedAt - The time stamp recorded in the state.
 * @returns The bytes of the annotated copy and the state recorded, or why the workbook needs the
 *   ExcelJS writer.
 */
export function patchWorkbook(original: Uint8Array, plan: AnnotationPlan, checkedAt: string): PatchResult {
  try {
    return patch(original, plan, checkedAt);
  } catch (e) {
    if (e instanceof NotPatchable || e instanceof UnsupportedZip) return { ok: false, reason: e.message };
    throw e;
  }
}

function patch(original: Uint8Array, plan: AnnotationPlan, checkedAt: string): PatchResult {
  const zip = new Package(readZip(Buffer.from(original.buffer, original.byteOffset, original.byteLength)), new Date(checkedAt));
  const workbookPart = "xl/workbook.xml";
  let workbook = zip.text(workbookPart);
  if (!workbook.includes(`xmlns="${MAIN_NS}"`) || !/xmlns:r="[^"]*relationships"/.test(workbook))
    throw new NotPatchable("工作簿部件的命名空间无法识别");
  const wbRels = Relationships.parse(zip.text(relsPath(workbookPart)));
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => attributes(m[0]));
  const taken = new Set(sheets.map((a) => (a.get("name") ?? "").toLowerCase()));
  if (taken.has(STATE_SHEET.toLowerCase())) throw new NotPatchable("工作簿中已有加载项的设置或上次检查的记录");
  const dataEntry = sheets.find((a) => a.get("name") === plan.dataSheet);
  const dataRel = wbRels.entries().find((r) => r.id === dataEntry?.get("r:id"));
  if (!dataRel) throw new NotPatchable(`找不到数据表“${plan.dataSheet}”的部件`);
  const dataPart = resolveTarget(workbookPart, dataRel.target);
  const styles = new Styles(zip.text("xl/styles.xml"));
  let types = zip.text("[Content_Types].xml");

  // The data sheet: only what follows its cells is read as text and changed.
  const dataBytes = zip.bytes(dataPart);
  if (!dataBytes) throw new NotPatchable(`缺少部件 ${dataPart}`);
  const end = dataBytes.lastIndexOf(Buffer.from("</sheetData>"));
  const emptyData = end < 0 ? dataBytes.lastIndexOf(Buffer.from("<sheetData/>")) : -1;
  const split = end >= 0 ? end + "</sheetData>".length : emptyData >= 0 ? emptyData + "<sheetData/>".length : -1;
  if (split < 0) throw new NotPatchable("数据表部件格式无法识别");
  let head = dataBytes.subarray(0, split);
  const rootTag = /<worksheet\b[^>]*>/.exec(head.subarray(0, 4096).toString("utf8"));
  if (!rootTag || !rootTag[0].includes(`xmlns="${MAIN_NS}"`)) throw new NotPatchable("数据表部件的命名空间无法识别");
  let tail = dataBytes.subarray(split).toString("utf8");

  const notes = plan.marks.filter((m) => m.note !== "");
  let priority = Math.max(0, ...[...tail.matchAll(/<cfRule\b[^>]*\bpriority="(\d+)"/g)].map((m) => Number(m[1])));
  const cfXml = Object.entries(highlightsOf(plan))
    .flatMap(([style, addresses]) =>
      ruleGroups(addresses).map(
        (group) =>
          `<conditionalFormatting sqref="${group.join(" ")}"><cfRule type="expression" dxfId="${styles.dxf(MARK_COLORS[style as MarkStyle])}" priority="${++priority}"><formula>${xmlText(markerFormula(style))}</formula></cfRule></conditionalFormatting>`,
      ),
    )
    .join("");
  if (cfXml) tail = insertBefore(tail, 0, AFTER_CF, "</worksheet>", cfXml);

  if (notes.length > 0) {
    if (/<legacyDrawing\b/.test(tail)) throw new NotPatchable("数据表已有批注");
    const sheetRelsPath = relsPath(dataPart);
    const sheetRels = Relationships.parse(zip.has(sheetRelsPath) ? zip.text(sheetRelsPath) : null);
    const commentsPart = freeName(zip, (n) => `xl/comments${n}.xml`);
    const vmlPart = freeName(zip, (n) => `xl/drawings/vmlDrawing${n}.vml`);
    zip.set(commentsPart, commentsXml(notes));
    zip.set(vmlPart, vmlXml(notes));
    sheetRels.add(REL_TYPE.comments, `../${commentsPart.slice(3)}`);
    const vmlId = sheetRels.add(REL_TYPE.vml, `../${vmlPart.slice(3)}`);
    zip.set(sheetRelsPath, sheetRels.toString());
    if (!/xmlns:r="/.test(rootTag[0])) {
      // The root must declare the relationships namespace for r:id.
      const root = head.toString("utf8", 0, rootTag.index + rootTag[0].length);
      head = Buffer.concat([
        Buffer.from(root.replace(/<worksheet\b/, `<worksheet xmlns:r="${REL_NS}"`)),
        head.subarray(Buffer.byteLength(root)),
      ]);
    }
    tail = insertBefore(tail, 0, AFTER_LEGACY_DRAWING, "</worksheet>", `<legacyDrawing r:id="${vmlId}"/>`);
    types = addOverride(types, commentsPart, CONTENT_TYPE.comments);
    if (!/<Default\b[^>]*Extension="vml"/i.test(types))
      types = types.replace("</Types>", `<Default Extension="vml" ContentType="${CONTENT_TYPE.vml}"/></Types>`);
  }
  zip.set(dataPart, Buffer.concat([head, Buffer.from(tail, "utf8")]));

  // The result sheets and the state sheet, appended to the workbook.
  let sheetId = Math.max(0, ...sheets.map((a) => Number(a.get("sheetId") ?? 0)));
  const added: string[] = [];
  const names: string[] = [];
  const addSheet = (name: string, xml: string, hidden: boolean): void => {
    const part = freeName(zip, (n) => `xl/worksheets/sheet${n}.xml`);
    zip.set(part, xml);
    const id = wbRels.add(REL_TYPE.worksheet, resolveRelative(workbookPart, part));
    added.push(`<sheet name="${xmlText(name)}" sheetId="${++sheetId}"${hidden ? ' state="veryHidden"' : ""} r:id="${id}"/>`);
    types = addOverride(types, part, CONTENT_TYPE.worksheet);
  };
  for (const s of plan.sheets) {
    const name = uniqueSheetName(s.name, taken);
    names.push(name);
    addSheet(name, resultSheetXml(s, styles), false);
  }
  const state = annotationState(
    plan,
    notes.map((n) => n.address),
    names,
    checkedAt,
  );
  addSheet(STATE_SHEET, stateSheetXml(toChunks(JSON.stringify(state))), true);
  const sheetsClose = workbook.indexOf("</sheets>");
  if (sheetsClose < 0) throw new NotPatchable("工作簿部件的工作表列表无法识别");
  workbook = `${workbook.slice(0, sheetsClose)}${added.join("")}${workbook.slice(sheetsClose)}`;
  zip.set(workbookPart, workbook);
  zip.set(relsPath(workbookPart), wbRels.toString());
  zip.set("xl/styles.xml", styles.toString());
  zip.set("[Content_Types].xml", types);
  return { ok: true, bytes: zip.write(), state };
}

function resolveRelative(fromPart: string, part: string): string {
  const folder = fromPart.split("/").slice(0, -1).join("/");
  return part.startsWith(`${folder}/`) ? part.slice(folder.length + 1) : `/${part}`;
}

function addOverride(types: string, part: string, contentType: string): string {
  const close = types.lastIndexOf("</Types>");
  if (close < 0) throw new NotPatchable("内容类型部件格式无法识别");
  return `${types.slice(0, close)}<Override PartName="/${part}" ContentType="${contentType}"/>${types.slice(close)}`;
}
