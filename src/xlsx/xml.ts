import { DOMParser, XMLSerializer, type Document, type Element, type Node } from "@xmldom/xmldom";
import { PackageError } from "./zip-archive";

/**
 * XML of the package's small parts (workbook, relationships, content types, styles, comments, a
 * worksheet without its cells) through a namespace-aware DOM: prefixes are resolved wherever a
 * producer declared them, new elements get the declarations they need when serialised, and new
 * elements are placed in the order the schema fixes.
 */

/** The namespaces of the parts the check reads and edits. */
export const NS = {
  main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  strictMain: "http://purl.oclc.org/ooxml/spreadsheetml/main",
  rel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  pkgRel: "http://schemas.openxmlformats.org/package/2006/relationships",
  types: "http://schemas.openxmlformats.org/package/2006/content-types",
  vml: "urn:schemas-microsoft-com:vml",
  office: "urn:schemas-microsoft-com:office:office",
  excel: "urn:schemas-microsoft-com:office:excel",
} as const;

/** Relationship types the check reads or writes. */
export const REL_TYPE = {
  officeDocument: `${NS.rel}/officeDocument`,
  worksheet: `${NS.rel}/worksheet`,
  sharedStrings: `${NS.rel}/sharedStrings`,
  styles: `${NS.rel}/styles`,
  comments: `${NS.rel}/comments`,
  vmlDrawing: `${NS.rel}/vmlDrawing`,
} as const;

/** Content types of the parts the check adds. */
export const CONTENT_TYPE = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  comments: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
  relationships: "application/vnd.openxmlformats-package.relationships+xml",
} as const;

/** The order of a worksheet's children (ECMA-376 CT_Worksheet). */
export const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
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
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
] as const;

/** The order of a style sheet's children (CT_Stylesheet). */
export const STYLES_ORDER = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
] as const;

/** The order of a workbook's children (CT_Workbook). */
export const WORKBOOK_ORDER = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
] as const;

/**
 * Parses a part's XML; anything that is not well-formed, namespace-correct XML is an error.
 *
 * @param text - The part's text.
 * @param part - The part's name, for the message.
 * @returns The document.
 * @throws PackageError naming the part.
 */
export function parseXml(text: string, part: string): Document {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(text, "text/xml");
  } catch (e) {
    throw new PackageError(xmlErrorMessage(part, e));
  }
}

/**
 * A parser's complaint about a part, in Chinese with the line and column where the parser said it
 * stopped (the parsers' own messages are English).
 *
 * @param part - The part's name.
 * @param e - The parser's error.
 * @returns The message.
 */
export function xmlErrorMessage(part: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const m = /:(\d+):(\d+):/.exec(text) ?? /line:(\d+),col:(\d+)/.exec(text);
  const where = m ? `，第${m[1]}行第${m[2]}列` : "";
  const prefix = /unbound|prefix|namespace/i.test(text) ? "（使用了未声明的命名空间前缀）" : "";
  return `文件已损坏：部件 ${part} 不是有效的 XML${prefix}${where}`;
}

/**
 * Serialises a document, declarations added where new elements need them.
 *
 * @param doc - The document.
 * @returns The XML text (with the declaration the part had).
 */
export function serializeXml(doc: Document | Node): string {
  return new XMLSerializer().serializeToString(doc);
}

/** Whether a node is an element. */
export function isElement(n: Node | null | undefined): n is Element {
  return !!n && n.nodeType === 1;
}

/**
 * The element children of an element, optionally only those of a namespace and local name.
 *
 * @param el - The parent.
 * @param ns - The namespace (any when omitted).
 * @param local - The local name (any when omitted).
 * @returns The children, in order.
 */
export function childElements(el: Element | Document, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (!isElement(n)) continue;
    if (ns !== undefined && n.namespaceURI !== ns) continue;
    if (local !== undefined && n.localName !== local) continue;
    out.push(n);
  }
  return out;
}

/**
 * The first element child of a namespace and local name, or null.
 *
 * @param el - The parent.
 * @param ns - The namespace.
 * @param local - The local name.
 * @returns The child, or null.
 */
export function childElement(el: Element | Document, ns: string, local: string): Element | null {
  return childElements(el, ns, local)[0] ?? null;
}

/**
 * The root element of a document.
 *
 * @param doc - The document.
 * @param part - The part's name, for the message.
 * @returns The root.
 * @throws PackageError when the document has none.
 */
export function rootElement(doc: Document, part: string): Element {
  const root = doc.documentElement;
  if (!root) throw new PackageError(`部件 ${part} 没有根元素`);
  return root;
}

/**
 * Inserts a child where the schema's order puts it: before the first existing child that comes
 * later in `order`; children the order does not name (extensions) keep their places.
 *
 * @param parent - The parent element.
 * @param child - The new child (its local name must be in `order`).
 * @param order - The schema's order of local names.
 */
export function insertInOrder(parent: Element, child: Element, order: readonly string[]): void {
  const rank = order.indexOf(child.localName ?? "");
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (!isElement(n) || n.namespaceURI !== child.namespaceURI) continue;
    const r = order.indexOf(n.localName ?? "");
    if (r > rank) {
      parent.insertBefore(child, n);
      return;
    }
  }
  parent.appendChild(child);
}

/**
 * Creates an element in the namespace of a parent, with the parent's prefix (so that a part
 * written with prefixes everywhere stays consistent), and attributes without a namespace.
 *
 * @param parent - An element of the part's main namespace.
 * @param local - The local name.
 * @param attrs - Attributes (values as text).
 * @returns The new element (not yet inserted).
 */
export function createLike(parent: Element, local: string, attrs: Readonly<Record<string, string | number>> = {}): Element {
  const doc = parent.ownerDocument;
  if (!doc) throw new Error("element without a document");
  const ns = parent.namespaceURI;
  const el = ns ? doc.createElementNS(ns, parent.prefix ? `${parent.prefix}:${local}` : local) : doc.createElement(local);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * Sets a relationship-id attribute (`r:id`), using the prefix the document already has for the
 * relationships namespace or declaring `r`.
 *
 * @param el - The element.
 * @param local - The attribute's local name ("id").
 * @param value - The relationship id.
 */
export function setRelAttribute(el: Element, local: string, value: string): void {
  const prefix = el.lookupPrefix(NS.rel) ?? "r";
  el.setAttributeNS(NS.rel, `${prefix}:${local}`, value);
}

/**
 * Reads a relationship-id attribute whatever its prefix.
 *
 * @param el - The element.
 * @param local - The local name ("id").
 * @returns The value, or null.
 */
export function relAttribute(el: Element, local: string): string | null {
  return el.getAttributeNS(NS.rel, local) || null;
}

/**
 * Escapes text for XML content or attributes, dropping characters XML 1.0 cannot hold.
 *
 * @param s - Any text.
 * @returns The escaped text.
 */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex -- the characters that need escaping or removal
  if (!/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)) return s;
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
