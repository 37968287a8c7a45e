import { readSharedStrings, readWorksheetXml, isDateFormat, type CellContext, type WorksheetRead } from "./worksheet-xml";
import { NS, REL_TYPE } from "./xml";
import { childrenNamed, nsAttribute, runText, scanElements, type ElementSpan } from "./xml-splice";
import { PackageError, ZipArchive, type PartCodec } from "./zip-archive";

/**
 * An .xlsx package read at the part level: the workbook's sheets and where their parts are,
 * relationships, shared strings, date styles and notes. Nothing here goes through a workbook
 * model: each part is read when first asked for, with a namespace-aware streaming parser (saxes).
 */

/** One relationship of a part. */
export interface Relationship {
  readonly id: string;
  readonly type: string;
  /** The target as written. */
  readonly target: string;
  /** The target part's name in the package (null for an external target). */
  readonly part: string | null;
}

/** A sheet of the workbook. */
export interface SheetEntry {
  readonly name: string;
  readonly sheetId: number;
  readonly relId: string;
  /** The worksheet part (null for a chart sheet or a dialog sheet, which the check never reads). */
  readonly part: string | null;
  readonly state: "visible" | "hidden" | "veryHidden";
}

/** A note (legacy comment) on a cell. */
export interface CellNote {
  readonly address: string;
  readonly text: string;
}

/**
 * The folder-relative name of a part, resolved against the part that refers to it.
 *
 * @param fromPart - The referring part (e.g. "xl/workbook.xml"); "" for the package root.
 * @param target - The target as written ("worksheets/sheet1.xml", "/xl/styles.xml", "../comments1.xml").
 * @returns The part name without a leading "/".
 */
export function resolvePart(fromPart: string, target: string): string {
  const clean = target.split("#")[0] ?? "";
  if (clean.startsWith("/")) return decodeURIComponentSafe(clean.slice(1));
  const parts = fromPart.split("/").slice(0, -1);
  for (const seg of clean.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return decodeURIComponentSafe(parts.join("/"));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The relationships part of a part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
 *
 * @param part - The part name ("" for the package root).
 * @returns The relationships part's name.
 */
export function relsPartOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/**
 * The target to write in a relationship from one part to another (relative when in the same
 * folder or below, absolute otherwise).
 *
 * @param fromPart - The referring part.
 * @param part - The target part.
 * @returns The target text.
 */
export function relativeTarget(fromPart: string, part: string): string {
  const fromDir = fromPart.split("/").slice(0, -1);
  const to = part.split("/");
  let common = 0;
  while (common < fromDir.length && common < to.length - 1 && fromDir[common] === to[common]) common++;
  return [...fromDir.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}

/** An .xlsx package, read part by part. */
export class WorkbookPackage {
  private readonly texts = new Map<string, string>();
  private readonly worksheets = new Map<string, WorksheetRead>();
  private cellContext: CellContext | null = null;

  private constructor(
    readonly archive: ZipArchive,
    /** The workbook part, e.g. "xl/workbook.xml". */
    readonly workbookPart: string,
    readonly workbookRels: readonly Relationship[],
    readonly sheets: readonly SheetEntry[],
    readonly date1904: boolean,
  ) {}

  /**
   * Opens a package and reads its workbook part.
   *
   * @param bytes - The file's bytes.
   * @param codec - The host's codec (null: zip.js's own).
   * @returns The package.
   * @throws PackageError when it is not a readable workbook.
   */
  static async open(bytes: Uint8Array, codec: PartCodec | null): Promise<WorkbookPackage> {
    const archive = await ZipArchive.open(bytes, codec);
    const rootRels = await readRelationships(archive, "");
    const main =
      rootRels.find((r) => r.type === REL_TYPE.officeDocument)?.part ?? (archive.has("xl/workbook.xml") ? "xl/workbook.xml" : null);
    if (!main || !archive.has(main)) {
      if (archive.has("word/document.xml")) throw new PackageError("这是 Word 文档，不是 Excel 工作簿");
      if (archive.has("content.xml"))
        throw new PackageError("这是 .ods（或 WPS 的开放文档）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再检查");
      throw new PackageError("压缩包中没有工作簿部件（不是 .xlsx 文件）");
    }
    const text = (await archive.text(main)) ?? "";
    const spans = scanElements(text, main, 3);
    const root = spans[0];
    if (root?.uri === NS.strictMain)
      throw new PackageError("工作簿是“严格 Open XML”格式：请在 Excel 中另存为“Excel 工作簿（*.xlsx）”后再检查");
    if (!root || root.uri !== NS.main || root.local !== "workbook") throw new PackageError(`部件 ${main} 不是工作簿`);
    const rels = await readRelationships(archive, main);
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sheetsAt = childrenNamed(spans, 0, NS.main, "sheets")[0];
    const sheets: SheetEntry[] = [];
    for (const i of sheetsAt === undefined ? [] : childrenNamed(spans, sheetsAt, NS.main, "sheet")) {
      const el = spans[i] as ElementSpan;
      const relId = nsAttribute(el, NS.rel, "id") ?? "";
      const rel = byId.get(relId);
      const state = el.attrs.state;
      sheets.push({
        name: el.attrs.name ?? "",
        sheetId: Number(el.attrs.sheetId) || 0,
        relId,
        part: rel && rel.type === REL_TYPE.worksheet ? rel.part : null,
        state: state === "hidden" || state === "veryHidden" ? state : "visible",
      });
    }
    const prAt = childrenNamed(spans, 0, NS.main, "workbookPr")[0];
    const d1904 = prAt === undefined ? undefined : (spans[prAt] as ElementSpan).attrs.date1904;
    const pkg = new WorkbookPackage(archive, main, rels, sheets, d1904 === "1" || d1904 === "true");
    pkg.texts.set(main, text);
    return pkg;
  }

  /**
   * A part's text (read once).
   *
   * @param part - The part name.
   * @returns The text, or null when absent.
   */
  async text(part: string): Promise<string | null> {
    const known = this.texts.get(part);
    if (known !== undefined) return known;
    const t = await this.archive.text(part);
    if (t !== null) this.texts.set(part, t);
    return t;
  }

  /**
   * A part's relationships.
   *
   * @param part - The part name.
   * @returns Its relationships (none when it has no relationships part).
   */
  relationships(part: string): Promise<Relationship[]> {
    return readRelationships(this.archive, part);
  }

  /** The workbook's relationship of a type (e.g. styles), or null. */
  workbookRelOf(type: string): Relationship | null {
    return this.workbookRels.find((r) => r.type === type) ?? null;
  }

  private async context(): Promise<CellContext> {
    if (this.cellContext) return this.cellContext;
    const ssPart = this.workbookRelOf(REL_TYPE.sharedStrings)?.part;
    const ssText = ssPart ? await this.text(ssPart) : null;
    const sharedStrings = ssPart && ssText !== null ? readSharedStrings(ssText, ssPart) : [];
    if (ssPart) this.texts.delete(ssPart);
    const stylesPart = this.workbookRelOf(REL_TYPE.styles)?.part;
    const stylesText = stylesPart ? await this.text(stylesPart) : null;
    const dateStyles = stylesPart && stylesText !== null ? readDateStyles(stylesText, stylesPart) : new Set<number>();
    this.cellContext = { sharedStrings, dateStyles, date1904: this.date1904 };
    return this.cellContext;
  }

  /**
   * A sheet by name.
   *
   * @param name - The sheet's name.
   * @returns The entry, or undefined.
   */
  sheet(name: string): SheetEntry | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /**
   * A worksheet's cells and children (read once per check).
   *
   * @param name - The sheet's name.
   * @returns The worksheet as read.
   * @throws PackageError when the sheet is not a worksheet or its part is damaged.
   */
  async worksheet(name: string): Promise<WorksheetRead> {
    const known = this.worksheets.get(name);
    if (known) return known;
    const entry = this.sheet(name);
    if (!entry?.part) throw new PackageError(`“${name}”不是普通工作表（可能是图表工作表）`);
    const text = await this.text(entry.part);
    if (text === null) throw new PackageError(`缺少工作表“${name}”的部件 ${entry.part}`);
    const read = readWorksheetXml(text, await this.context(), entry.part);
    this.worksheets.set(name, read);
    return read;
  }

  /**
   * The notes (legacy comments) on a sheet's cells.
   *
   * @param name - The sheet's name.
   * @returns The notes, in the part's order.
   */
  async notes(name: string): Promise<CellNote[]> {
    const entry = this.sheet(name);
    if (!entry?.part) return [];
    const rel = (await this.relationships(entry.part)).find((r) => r.type === REL_TYPE.comments);
    if (!rel?.part) return [];
    const text = await this.text(rel.part);
    if (text === null) return [];
    const spans = scanElements(text, rel.part);
    const list = childrenNamed(spans, 0, NS.main, "commentList")[0];
    return (list === undefined ? [] : childrenNamed(spans, list, NS.main, "comment")).map((i) => ({
      address: ((spans[i] as ElementSpan).attrs.ref ?? "").replace(/\$/g, "").toUpperCase(),
      text: runText(text, spans, i),
    }));
  }
}

async function readRelationships(archive: ZipArchive, part: string): Promise<Relationship[]> {
  const relsPart = relsPartOf(part);
  const text = await archive.text(relsPart);
  if (text === null) return [];
  const spans = scanElements(text, relsPart, 2);
  return childrenNamed(spans, 0, NS.pkgRel, "Relationship").map((i) => {
    const el = spans[i] as ElementSpan;
    const target = el.attrs.Target ?? "";
    const external = el.attrs.TargetMode === "External";
    return {
      id: el.attrs.Id ?? "",
      type: el.attrs.Type ?? "",
      target,
      part: external ? null : resolvePart(part, target),
    };
  });
}

/**
 * The cell formats (cellXfs indexes) whose number format shows a date.
 *
 * @param xml - The styles part's text.
 * @param part - Its name, for messages.
 * @returns The indexes.
 */
export function readDateStyles(xml: string, part: string): Set<number> {
  const spans = scanElements(xml, part, 3);
  const out = new Set<number>();
  const codes = new Map<number, string>();
  const numFmts = childrenNamed(spans, 0, NS.main, "numFmts")[0];
  for (const i of numFmts === undefined ? [] : childrenNamed(spans, numFmts, NS.main, "numFmt")) {
    const f = spans[i] as ElementSpan;
    codes.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? "");
  }
  const xfs = childrenNamed(spans, 0, NS.main, "cellXfs")[0];
  if (xfs === undefined) return out;
  childrenNamed(spans, xfs, NS.main, "xf").forEach((i, k) => {
    const id = Number((spans[i] as ElementSpan).attrs.numFmtId ?? 0);
    if (isDateFormat(id, codes.get(id))) out.add(k);
  });
  return out;
}
