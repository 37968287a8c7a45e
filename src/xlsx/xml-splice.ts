import { SaxesParser, type SaxesTagNS } from "saxes";
import { xmlErrorMessage } from "./xml";
import { PackageError } from "./zip-archive";

/**
 * Edits of a part's XML text at places a namespace-aware parser found: the parser (saxes) gives
 * each element's exact span and the prefixes in scope there, and the edit inserts or removes whole
 * elements as text. Everything else in the part keeps its bytes, so removing what was inserted
 * gives back the part as it was.
 */

/** An element of a part, by its offsets in the text. */
export interface ElementSpan {
  readonly uri: string;
  readonly local: string;
  /** The name as written, prefix included. */
  readonly qname: string;
  /** 1 for the root. */
  readonly depth: number;
  /** Index of the parent span in the list (−1 for the root). */
  readonly parent: number;
  /** Offset of the start tag's "<". */
  readonly start: number;
  /** Offset after the start tag's ">". */
  readonly openEnd: number;
  /** Offset of the end tag's "<" (= end for an empty-element tag). */
  readonly closeStart: number;
  /** Offset after the element. */
  readonly end: number;
  /** Attribute values by qualified name. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The prefixes bound in scope at the element ("" for the default namespace), to their URIs. */
  readonly scope: ReadonlyMap<string, string>;
}

/**
 * Finds the elements of a part.
 *
 * @param xml - The part's text.
 * @param part - The part's name, for messages.
 * @param maxDepth - Elements deeper than this are not listed (their text is still parsed).
 * @returns The elements in document order.
 * @throws PackageError when the text is not well-formed, namespace-correct XML.
 */
export function scanElements(xml: string, part: string, maxDepth = Infinity): ElementSpan[] {
  const parser = new SaxesParser({ xmlns: true, position: true });
  type Open = {
    -readonly [K in keyof ElementSpan]: ElementSpan[K];
  };
  const out: Open[] = [];
  const stack: number[] = [];
  const scopes: Map<string, string>[] = [new Map([["xml", "http://www.w3.org/XML/1998/namespace"]])];
  let pendingStart = 0;
  parser.on("opentagstart", (tag) => {
    pendingStart = parser.position - tag.name.length - 2;
    if (xml.charCodeAt(pendingStart) !== 60) pendingStart = xml.lastIndexOf("<", parser.position - 1);
  });
  const close = (tag: SaxesTagNS, closeStart: number): void => {
    const i = stack.pop();
    scopes.pop();
    if (i === undefined || i < 0) return;
    const span = out[i] as Open;
    span.closeStart = tag.isSelfClosing ? parser.position : closeStart;
    span.end = parser.position;
  };
  let lastCloseStart = 0;
  parser.on("opentag", (tag) => {
    const scope = new Map(scopes[scopes.length - 1]);
    for (const [p, uri] of Object.entries(tag.ns)) scope.set(p, uri);
    scopes.push(scope);
    const depth = stack.length + 1;
    if (depth <= maxDepth) {
      const attrs: Record<string, string> = {};
      for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = a.value;
      out.push({
        uri: tag.uri,
        local: tag.local,
        qname: tag.name,
        depth,
        parent: stack.length > 0 ? findParent(stack) : -1,
        start: pendingStart,
        openEnd: parser.position,
        closeStart: parser.position,
        end: parser.position,
        attrs,
        scope,
      });
      stack.push(out.length - 1);
    } else stack.push(-1);
    if (tag.isSelfClosing) close(tag, parser.position);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) close(tag, lastCloseStart);
  });
  // The end tag's "<": the parser reports the close after its ">", so note where "</" began.
  const origWrite = xml;
  try {
    let from = 0;
    // Feed the text in pieces that end just before each "</", so the position of every end tag's
    // "<" is known when its close event comes.
    for (;;) {
      const at = origWrite.indexOf("</", from + 1);
      const to = at < 0 ? origWrite.length : at;
      parser.write(origWrite.slice(from, to));
      if (at < 0) break;
      lastCloseStart = at;
      from = at;
    }
    parser.close();
  } catch (e) {
    throw new PackageError(xmlErrorMessage(part, e));
  }
  return out;

  function findParent(s: readonly number[]): number {
    for (let k = s.length - 1; k >= 0; k--) if ((s[k] as number) >= 0) return s[k] as number;
    return -1;
  }
}

/** One edit of a part's text: the text in [start, end) replaced by `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies edits to a text (edits must not overlap; insertions at one offset keep their order).
 *
 * @param xml - The text.
 * @param edits - The edits.
 * @returns The edited text.
 */
export function applyEdits(xml: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return xml;
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  const out: string[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out.push(xml.slice(at, e.start), e.text);
    at = e.end;
  }
  out.push(xml.slice(at));
  return out.join("");
}

/**
 * The prefix to write for a namespace at an element: a prefix already bound to it in scope, or
 * null when none is (the caller then declares one on the new element).
 *
 * @param span - The element the new content goes into.
 * @param uri - The namespace.
 * @param preferred - The prefix to use when it is bound to `uri` (e.g. "r").
 * @returns The prefix ("" for the default namespace), or null.
 */
export function prefixFor(span: ElementSpan, uri: string, preferred?: string): string | null {
  if (preferred !== undefined && span.scope.get(preferred) === uri) return preferred;
  for (const [p, u] of span.scope) if (u === uri && p !== "") return p;
  if (span.scope.get("") === uri) return "";
  return null;
}

/**
 * The qualified name for a new element in the namespace of its parent (same prefix as the parent).
 *
 * @param parent - The parent element.
 * @param local - The local name.
 * @returns e.g. "sheet" or "x:sheet".
 */
export function qnameLike(parent: ElementSpan, local: string): string {
  const i = parent.qname.indexOf(":");
  return i < 0 ? local : `${parent.qname.slice(0, i)}:${local}`;
}

/**
 * Where a new child goes among a parent's children in the schema's order: before the first
 * existing child that comes later in `order`, else before the parent's end tag.
 *
 * @param spans - The part's elements.
 * @param parentIndex - The parent's index in `spans`.
 * @param local - The new child's local name.
 * @param order - The schema's order of local names (children of the parent's namespace).
 * @returns The offset to insert at.
 */
export function insertionPoint(spans: readonly ElementSpan[], parentIndex: number, local: string, order: readonly string[]): number {
  const parent = spans[parentIndex] as ElementSpan;
  const rank = order.indexOf(local);
  for (let i = parentIndex + 1; i < spans.length; i++) {
    const s = spans[i] as ElementSpan;
    if (s.start >= parent.end) break;
    if (s.parent !== parentIndex || s.uri !== parent.uri) continue;
    if (order.indexOf(s.local) > rank) return s.start;
  }
  return parent.closeStart;
}

/**
 * The children of an element.
 *
 * @param spans - The part's elements.
 * @param parentIndex - The parent's index.
 * @returns The children's indexes.
 */
export function childIndexes(spans: readonly ElementSpan[], parentIndex: number): number[] {
  const out: number[] = [];
  const parent = spans[parentIndex] as ElementSpan;
  for (let i = parentIndex + 1; i < spans.length; i++) {
    const s = spans[i] as ElementSpan;
    if (s.start >= parent.end) break;
    if (s.parent === parentIndex) out.push(i);
  }
  return out;
}

/**
 * Makes an empty-element parent able to take children: "<x/>" becomes "<x>" … "</x>".
 *
 * @param xml - The part's text.
 * @param parent - The parent.
 * @returns Edits that open the element, and the offset where children go; null when the
 *   element already has an end tag.
 */
export function openEmpty(xml: string, parent: ElementSpan): { open: TextEdit; at: number; close: string } | null {
  if (parent.closeStart !== parent.end || !xml.slice(parent.start, parent.end).endsWith("/>")) return null;
  const tag = xml.slice(parent.start, parent.end);
  return {
    open: { start: parent.start, end: parent.end, text: `${tag.slice(0, -2).trimEnd()}>` },
    at: parent.end,
    close: `</${parent.qname}>`,
  };
}

/**
 * Replaces (or adds) an attribute in an element's start tag.
 *
 * @param xml - The part's text.
 * @param span - The element.
 * @param name - The attribute's qualified name.
 * @param value - The new value (already escaped), or null to remove the attribute.
 * @returns The edit of the start tag.
 */
export function setAttributeEdit(xml: string, span: ElementSpan, name: string, value: string | null): TextEdit {
  const tag = xml.slice(span.start, span.openEnd);
  const re = new RegExp(`(\\s)${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*("[^"]*"|'[^']*')`);
  const m = re.exec(tag);
  let next: string;
  if (m) next = value === null ? tag.slice(0, m.index) + tag.slice(m.index + m[0].length) : tag.replace(re, `$1${name}="${value}"`);
  else if (value === null) next = tag;
  else {
    const close = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
    next = `${tag.slice(0, close).trimEnd()} ${name}="${value}"${tag.slice(close)}`;
  }
  return { start: span.start, end: span.openEnd, text: next };
}

/**
 * Decodes XML character references and the five entities (attribute values and text as written).
 *
 * @param s - Escaped text.
 * @returns The text.
 */
export function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_w, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    if (e === "amp") return "&";
    return String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * The text of an element's `t` descendants (rich-text runs joined; phonetic `rPh` runs left out):
 * a shared string, a comment's text.
 *
 * @param xml - The part's text.
 * @param spans - The part's elements.
 * @param index - The element's index.
 * @returns The text.
 */
export function runText(xml: string, spans: readonly ElementSpan[], index: number): string {
  const root = spans[index] as ElementSpan;
  const out: string[] = [];
  let skipUntil = -1;
  for (let i = index + 1; i < spans.length; i++) {
    const s = spans[i] as ElementSpan;
    if (s.start >= root.end) break;
    if (s.start < skipUntil) continue;
    if (s.local === "rPh") {
      skipUntil = s.end;
      continue;
    }
    if (s.local === "t") out.push(decodeXml(xml.slice(s.openEnd, s.closeStart)));
  }
  return out.join("");
}

/**
 * An attribute in a namespace, whatever prefix the part gives it (r:id, x:id …).
 *
 * @param span - The element.
 * @param ns - The attribute's namespace.
 * @param local - Its local name.
 * @returns The value, or null.
 */
export function nsAttribute(span: ElementSpan, ns: string, local: string): string | null {
  for (const [k, v] of Object.entries(span.attrs)) {
    const i = k.indexOf(":");
    if (i > 0 && k.slice(i + 1) === local && span.scope.get(k.slice(0, i)) === ns) return v;
  }
  return null;
}

/**
 * The children of an element with a namespace and local name.
 *
 * @param spans - The part's elements.
 * @param parentIndex - The parent's index.
 * @param ns - The namespace.
 * @param local - The local name.
 * @returns Their indexes.
 */
export function childrenNamed(spans: readonly ElementSpan[], parentIndex: number, ns: string, local: string): number[] {
  return childIndexes(spans, parentIndex).filter((i) => (spans[i] as ElementSpan).uri === ns && (spans[i] as ElementSpan).local === local);
}
