import { NOTE_PREFIX } from "../plan/annotation-plan";
import { isOwnFormula } from "../plan/state";
import { cellAddress } from "../sheet/cells";
import type { PackageEdit } from "./package-edit";
import { parseRef, readWorksheetXml, type ChildSpan } from "./worksheet-xml";
import { CONTENT_TYPE, NS, REL_TYPE, WORKSHEET_ORDER, xmlText } from "./xml";
import {
  childIndexes,
  decodeXml,
  insertionPoint,
  prefixFor,
  qnameLike,
  runText,
  scanElements,
  type ElementSpan,
  type TextEdit,
} from "./xml-splice";

/**
 * The edits of one worksheet the check annotates: its conditional formats and its notes (the
 * comments part and the VML drawing that shows them). The worksheet's cells are never parsed
 * into a tree: the part is edited around them, as a skeleton with the cells set aside.
 */

/** The author named on the notes the check writes. */
export const NOTE_AUTHOR = "优质均衡检查";

const EMPTY = "";

/** A worksheet part being edited. */
export class SheetEdit {
  private readonly edits: TextEdit[] = [];
  private spans: ElementSpan[];

  private constructor(
    readonly part: string,
    /** The text with the cells replaced by an empty sheetData element. */
    private readonly skeleton: string,
    /** Where the placeholder is, and the cells it stands for. */
    private readonly cells: { readonly start: number; readonly end: number; readonly text: string } | null,
  ) {
    this.spans = scanElements(skeleton, part);
  }

  /**
   * Opens a worksheet part for editing.
   *
   * @param text - The part's text.
   * @param part - The part's name.
   * @param children - The worksheet's children as already read (else the part is read again).
   * @returns The editor.
   */
  static open(text: string, part: string, children?: readonly ChildSpan[]): SheetEdit {
    const kids = children ?? readWorksheetXml(text, { sharedStrings: [], dateStyles: new Set(), date1904: false }, part).children;
    const data = kids.find((c) => c.main && c.local === "sheetData");
    if (!data) return new SheetEdit(part, text, null);
    const tag = text.slice(data.start, data.start + 64);
    const qname = /^<([^\s/>]+)/.exec(tag)?.[1] ?? "sheetData";
    const placeholder = `<${qname}/>`;
    const skeleton = text.slice(0, data.start) + placeholder + text.slice(data.end);
    return new SheetEdit(part, skeleton, {
      start: data.start,
      end: data.start + placeholder.length,
      text: text.slice(data.start, data.end),
    });
  }

  private get root(): ElementSpan {
    return this.spans[0] as ElementSpan;
  }

  /** The worksheet's top-level children. */
  private top(local: string): ElementSpan[] {
    return this.spans.filter((s) => s.depth === 2 && s.uri === NS.main && s.local === local);
  }

  /**
   * Takes out the add-in's conditional formats (their formula carries the marker); the user's stay.
   *
   * @returns The number of rules removed.
   */
  removeOwnRules(): number {
    let removed = 0;
    for (const cf of this.top("conditionalFormatting")) {
      const cfIndex = this.spans.indexOf(cf);
      const rules = childIndexes(this.spans, cfIndex).filter((i) => (this.spans[i] as ElementSpan).local === "cfRule");
      const own = rules.filter((i) => this.ruleIsOwn(i));
      if (own.length === 0) continue;
      removed += own.length;
      if (own.length === rules.length) this.edits.push({ start: cf.start, end: cf.end, text: EMPTY });
      else
        for (const i of own)
          this.edits.push({ start: (this.spans[i] as ElementSpan).start, end: (this.spans[i] as ElementSpan).end, text: EMPTY });
    }
    return removed;
  }

  private ruleIsOwn(ruleIndex: number): boolean {
    const formulas = childIndexes(this.spans, ruleIndex)
      .map((i) => this.spans[i] as ElementSpan)
      .filter((s) => s.local === "formula");
    return formulas.length > 0 && formulas.every((f) => isOwnFormula(decodeXml(this.skeleton.slice(f.openEnd, f.closeStart))));
  }

  /**
   * Adds conditional formats, after the sheet's own (schema order), with priorities after theirs.
   *
   * @param rules - Per rule: the cells (A1 addresses), the dxf index and the formula.
   */
  addRules(rules: readonly { readonly addresses: readonly string[]; readonly dxf: number; readonly formula: string }[]): void {
    if (rules.length === 0) return;
    let priority = 0;
    for (const s of this.spans) if (s.local === "cfRule") priority = Math.max(priority, Number(s.attrs.priority) || 0);
    const cf = qnameLike(this.root, "conditionalFormatting");
    const rule = qnameLike(this.root, "cfRule");
    const formula = qnameLike(this.root, "formula");
    const text = rules
      .map(
        (r) =>
          `<${cf} sqref="${r.addresses.join(" ")}"><${rule} type="expression" dxfId="${r.dxf}" priority="${++priority}"><${formula}>${xmlText(r.formula)}</${formula}></${rule}></${cf}>`,
      )
      .join("");
    const at = insertionPoint(this.spans, 0, "conditionalFormatting", WORKSHEET_ORDER);
    this.edits.push({ start: at, end: at, text });
  }

  /** The sheet's legacy drawing (the VML that shows notes), or null. */
  legacyDrawing(): { readonly span: ElementSpan; readonly relId: string } | null {
    const span = this.top("legacyDrawing")[0];
    if (!span) return null;
    const key = Object.keys(span.attrs).find((k) => {
      const [p, l] = k.includes(":") ? k.split(":") : ["", k];
      return l === "id" && p !== "" && span.scope.get(p as string) === NS.rel;
    });
    return { span, relId: key ? (span.attrs[key] ?? "") : "" };
  }

  /** Removes the legacy drawing element. */
  removeLegacyDrawing(): void {
    const d = this.legacyDrawing();
    if (d) this.edits.push({ start: d.span.start, end: d.span.end, text: EMPTY });
  }

  /**
   * Adds a legacy drawing element pointing at a relationship.
   *
   * @param relId - The relationship id of the VML drawing.
   */
  addLegacyDrawing(relId: string): void {
    const at = insertionPoint(this.spans, 0, "legacyDrawing", WORKSHEET_ORDER);
    const prefix = prefixFor(this.root, NS.rel, "r");
    const name = qnameLike(this.root, "legacyDrawing");
    const attr = prefix ? `${prefix}:id="${relId}"` : `xmlns:r="${NS.rel}" r:id="${relId}"`;
    this.edits.push({ start: at, end: at, text: `<${name} ${attr}/>` });
  }

  /** Whether anything was edited. */
  get changed(): boolean {
    return this.edits.length > 0;
  }

  /** The edited part's text, cells put back in place. */
  text(): string {
    const edits = [...this.edits];
    if (this.cells) edits.push({ start: this.cells.start, end: this.cells.end, text: this.cells.text });
    const out: string[] = [];
    const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.i - b.i);
    let at = 0;
    for (const e of sorted) {
      out.push(this.skeleton.slice(at, e.start), e.text);
      at = e.end;
    }
    out.push(this.skeleton.slice(at));
    return out.join("");
  }
}

/** A note the check writes. */
export interface NoteWrite {
  readonly address: string;
  readonly text: string;
}

/** The notes part and drawing of a sheet, as they are now. */
interface NoteParts {
  readonly comments: { readonly part: string; readonly relId: string } | null;
  readonly vml: { readonly part: string; readonly relId: string } | null;
}

async function noteParts(edit: PackageEdit, sheetPart: string, sheet: SheetEdit): Promise<NoteParts> {
  const rels = await edit.relationships(sheetPart);
  const c = rels.find((r) => r.type === REL_TYPE.comments && r.part);
  const drawing = sheet.legacyDrawing();
  const v = drawing ? rels.find((r) => r.id === drawing.relId && r.part) : undefined;
  return {
    comments: c?.part ? { part: c.part, relId: c.id } : null,
    vml: v?.part ? { part: v.part, relId: v.id } : null,
  };
}

/**
 * Removes the add-in's notes from a sheet (comments whose text starts with the add-in's prefix,
 * and their shapes); the comments part, drawing and relationships go when nothing of the user's
 * is left in them.
 *
 * @param edit - The package being edited.
 * @param sheetPart - The worksheet part.
 * @param sheet - The worksheet's editor.
 * @returns The addresses whose notes were removed.
 */
export async function removeOwnNotes(edit: PackageEdit, sheetPart: string, sheet: SheetEdit): Promise<Set<string>> {
  const removed = new Set<string>();
  const parts = await noteParts(edit, sheetPart, sheet);
  let commentsLeft = 0;
  if (parts.comments) {
    const text = (await edit.text(parts.comments.part)) ?? "";
    const spans = scanElements(text, parts.comments.part);
    const edits: TextEdit[] = [];
    const comments = spans.map((s, i) => ({ s, i })).filter(({ s }) => s.uri === NS.main && s.local === "comment");
    const usedAuthors = new Set<string>();
    for (const { s, i } of comments) {
      if (runText(text, spans, i).startsWith(NOTE_PREFIX)) {
        edits.push({ start: s.start, end: s.end, text: EMPTY });
        removed.add((s.attrs.ref ?? "").replace(/\$/g, "").toUpperCase());
      } else {
        commentsLeft += 1;
        usedAuthors.add(s.attrs.authorId ?? "0");
      }
    }
    const authors = spans.filter((s) => s.uri === NS.main && s.local === "author");
    const last = authors[authors.length - 1];
    if (
      last &&
      authors.length > 1 &&
      decodeXml(text.slice(last.openEnd, last.closeStart)) === NOTE_AUTHOR &&
      !usedAuthors.has(String(authors.length - 1))
    )
      edits.push({ start: last.start, end: last.end, text: EMPTY });
    if (commentsLeft === 0 && removed.size > 0) {
      await edit.removeRelationships(sheetPart, new Set([parts.comments.relId]));
      await edit.removeParts([parts.comments.part]);
    } else await edit.edit(parts.comments.part, edits);
  }
  if (parts.vml && removed.size > 0) {
    const text = (await edit.text(parts.vml.part)) ?? "";
    const spans = scanElements(text, parts.vml.part);
    const edits: TextEdit[] = [];
    let shapesLeft = 0;
    const referenced = new Set<string>();
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as ElementSpan;
      if (s.uri !== NS.vml || s.local !== "shape" || s.depth !== 2) continue;
      const at = noteCellOf(text, spans, i);
      if (at && removed.has(at)) edits.push({ start: s.start, end: s.end, text: EMPTY });
      else {
        shapesLeft += 1;
        if (s.attrs.type) referenced.add(s.attrs.type.replace(/^#/, ""));
      }
    }
    if (shapesLeft === 0) {
      sheet.removeLegacyDrawing();
      await edit.removeRelationships(sheetPart, new Set([parts.vml.relId]));
      await edit.removeParts([parts.vml.part]);
    } else {
      for (const s of spans) {
        if (s.depth === 2 && s.uri === NS.vml && s.local === "shapetype" && s.attrs.id === "_x0000_t202" && !referenced.has("_x0000_t202"))
          edits.push({ start: s.start, end: s.end, text: EMPTY });
      }
      await edit.edit(parts.vml.part, edits);
    }
  }
  return removed;
}

/** The cell a note shape is anchored to (its x:Row and x:Column), as an A1 address. */
function noteCellOf(xml: string, spans: readonly ElementSpan[], shapeIndex: number): string | null {
  const shape = spans[shapeIndex] as ElementSpan;
  let row: number | null = null;
  let col: number | null = null;
  let note = false;
  for (let i = shapeIndex + 1; i < spans.length; i++) {
    const s = spans[i] as ElementSpan;
    if (s.start >= shape.end) break;
    if (s.uri !== NS.excel) continue;
    if (s.local === "ClientData") note = (s.attrs.ObjectType ?? "") === "Note";
    else if (s.local === "Row") row = Number(xml.slice(s.openEnd, s.closeStart).trim());
    else if (s.local === "Column") col = Number(xml.slice(s.openEnd, s.closeStart).trim());
  }
  return note && row !== null && col !== null && Number.isInteger(row) && Number.isInteger(col) ? cellAddress(row, col) : null;
}

/** The comment element of a note (rich text with the workbook's CJK font). */
function commentXml(note: NoteWrite, authorId: number, qname: (local: string) => string): string {
  const [c, text, r, rPr, sz, rFont, charset, t] = ["comment", "text", "r", "rPr", "sz", "rFont", "charset", "t"].map(qname);
  return (
    `<${c} ref="${note.address}" authorId="${authorId}"><${text}><${r}><${rPr}><${sz} val="9"/><${rFont} val="宋体"/><${charset} val="134"/></${rPr}>` +
    `<${t} xml:space="preserve">${xmlText(note.text)}</${t}></${r}></${text}></${c}>`
  );
}

/** Points of width per character of a note box, and the box's width. */
const NOTE_WIDTH_PT = 216;
const CHARS_PER_LINE = 18;
const LINE_PT = 12.75;

/**
 * The size of a note's box, in lines: enough for its text at {@link CHARS_PER_LINE} characters a
 * line (each paragraph starts a line), between 3 and 24 lines.
 *
 * @param text - The note's text.
 * @returns Lines.
 */
export function noteLines(text: string): number {
  let lines = 0;
  for (const p of text.split("\n")) lines += Math.max(1, Math.ceil([...p].length / CHARS_PER_LINE));
  return Math.min(24, Math.max(3, lines));
}

function shapeXml(note: NoteWrite, id: number, z: number): string {
  const rc = parseRef(note.address) ?? [0, 0];
  const [row, col] = rc;
  const lines = noteLines(note.text);
  const rowsTall = Math.ceil((lines * LINE_PT) / 15) + 1;
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:${NOTE_WIDTH_PT}pt;height:${Math.round(lines * LINE_PT + 6)}pt;z-index:${z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${Math.max(0, row - 1)}, 2, ${col + 4}, 15, ${Math.max(0, row - 1) + rowsTall}, 4</x:Anchor>` +
    `<x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
  );
}

const SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

/** Shapes per block of shape ids (VML's o:idmap). */
const BLOCK = 1024;

/**
 * Adds notes to a sheet: into its comments part and drawing when it has them (the user's notes
 * stay as they are), else into new ones.
 *
 * @param edit - The package being edited.
 * @param sheetPart - The worksheet part.
 * @param sheet - The worksheet's editor.
 * @param notes - The notes (never on a cell that has the user's note).
 */
export async function addNotes(edit: PackageEdit, sheetPart: string, sheet: SheetEdit, notes: readonly NoteWrite[]): Promise<void> {
  if (notes.length === 0) return;
  const parts = await noteParts(edit, sheetPart, sheet);
  // The comments part.
  if (parts.comments) {
    const text = (await edit.text(parts.comments.part)) ?? "";
    const spans = scanElements(text, parts.comments.part);
    const root = spans[0] as ElementSpan;
    const q = (l: string): string => qnameLike(root, l);
    const authorsIndex = spans.findIndex((s) => s.depth === 2 && s.local === "authors");
    const authors = authorsIndex < 0 ? [] : childIndexes(spans, authorsIndex).map((i) => spans[i] as ElementSpan);
    let authorId = authors.findIndex((a) => decodeXml(text.slice(a.openEnd, a.closeStart)) === NOTE_AUTHOR);
    const edits: TextEdit[] = [];
    if (authorId < 0) {
      authorId = authors.length;
      const authorsSpan = spans[authorsIndex];
      if (!authorsSpan) throw new Error(`${parts.comments.part} has no authors`);
      edits.push({ start: authorsSpan.closeStart, end: authorsSpan.closeStart, text: `<${q("author")}>${NOTE_AUTHOR}</${q("author")}>` });
    }
    const list = spans.find((s) => s.depth === 2 && s.local === "commentList");
    if (!list) throw new Error(`${parts.comments.part} has no commentList`);
    edits.push({ start: list.closeStart, end: list.closeStart, text: notes.map((n) => commentXml(n, authorId, q)).join("") });
    await edit.edit(parts.comments.part, edits);
  } else {
    const part = edit.freeName((n) => `xl/comments${n}.xml`);
    const q = (l: string): string => l;
    edit.set(
      part,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${NS.main}"><authors><author>${NOTE_AUTHOR}</author></authors><commentList>${notes.map((n) => commentXml(n, 0, q)).join("")}</commentList></comments>`,
    );
    await edit.addRelationship(sheetPart, REL_TYPE.comments, part);
    await edit.addOverride(part, CONTENT_TYPE.comments);
  }
  // The drawing that shows them.
  if (parts.vml) {
    const text = (await edit.text(parts.vml.part)) ?? "";
    const spans = scanElements(text, parts.vml.part);
    const root = spans[0] as ElementSpan;
    let maxId = 0;
    for (const m of text.matchAll(/_x0000_s(\d+)/g)) maxId = Math.max(maxId, Number(m[1]));
    const idmap = spans.find((s) => s.local === "idmap");
    const blocks = new Set(
      (idmap?.attrs.data ?? "")
        .split(",")
        .map((x) => Number(x.trim()))
        .filter((x) => Number.isInteger(x) && x > 0),
    );
    const first = Math.max(maxId + 1, Math.min(...(blocks.size ? blocks : new Set([1]))) * BLOCK + 1);
    const edits: TextEdit[] = [];
    const shapes = notes.map((n, i) => shapeXml(n, first + i, first + i)).join("");
    const hasType = spans.some((s) => s.local === "shapetype" && s.attrs.id === "_x0000_t202");
    // Shapes use the prefixes v, o and x: declared on each new element where the drawing binds them otherwise.
    const bound = root.scope.get("v") === NS.vml && root.scope.get("o") === NS.office && root.scope.get("x") === NS.excel;
    const declare = (xml: string): string =>
      bound ? xml : xml.replace(/<(v:shape|v:shapetype) /g, `<$1 xmlns:v="${NS.vml}" xmlns:o="${NS.office}" xmlns:x="${NS.excel}" `);
    edits.push({ start: root.closeStart, end: root.closeStart, text: declare((hasType ? "" : SHAPETYPE) + shapes) });
    const needed = new Set<number>();
    for (let id = first; id < first + notes.length; id++) needed.add(Math.floor(id / BLOCK));
    const missing = [...needed].filter((b) => !blocks.has(b));
    if (idmap && missing.length > 0) {
      const data = [...blocks, ...missing].join(",");
      const tag = text.slice(idmap.start, idmap.openEnd).replace(/data="[^"]*"/, `data="${data}"`);
      edits.push({ start: idmap.start, end: idmap.openEnd, text: tag });
    }
    await edit.edit(parts.vml.part, edits);
  } else {
    const part = edit.freeName((n) => `xl/drawings/vmlDrawing${n}.vml`);
    const block = await freeBlock(edit);
    const blocksNeeded = Math.ceil((notes.length + 1) / BLOCK);
    const data = Array.from({ length: blocksNeeded }, (_, k) => block + k).join(",");
    const shapes = notes.map((n, i) => shapeXml(n, block * BLOCK + 1 + i, i + 1)).join("");
    edit.set(
      part,
      `<xml xmlns:v="${NS.vml}" xmlns:o="${NS.office}" xmlns:x="${NS.excel}"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${data}"/></o:shapelayout>${SHAPETYPE}${shapes}</xml>`,
    );
    const relId = await edit.addRelationship(sheetPart, REL_TYPE.vmlDrawing, part);
    await edit.addOverride(part, CONTENT_TYPE.vml);
    sheet.addLegacyDrawing(relId);
  }
}

/** The first block of shape ids no drawing of the package uses. */
async function freeBlock(edit: PackageEdit): Promise<number> {
  let max = 0;
  for (const p of edit.parts().filter((n) => /\.vml$/i.test(n))) {
    const text = (await edit.text(p)) ?? "";
    for (const m of text.matchAll(/\bdata="([^"]*)"/g))
      for (const b of (m[1] ?? "").split(",")) if (Number.isInteger(Number(b))) max = Math.max(max, Number(b));
  }
  return max + 1;
}
