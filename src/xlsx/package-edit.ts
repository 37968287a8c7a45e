import { relativeTarget, relsPartOf, resolvePart, type WorkbookPackage } from "./workbook-package";
import { NS, xmlText } from "./xml";
import { applyEdits, childIndexes, scanElements, type ElementSpan, type TextEdit } from "./xml-splice";

/**
 * The parts of a package being edited: each part's current text (edited, removed or new), and
 * the package-level lists every edit touches — relationships and content types — edited as text
 * at the places the parser found, so that what is not edited keeps its bytes.
 */
export class PackageEdit {
  private readonly current = new Map<string, string | null>();

  /**
   * @param pkg - The package as read.
   */
  constructor(readonly pkg: WorkbookPackage) {}

  /**
   * A part's current text.
   *
   * @param part - The part name.
   * @returns The text, or null when the part is absent or removed.
   */
  async text(part: string): Promise<string | null> {
    if (this.current.has(part)) return this.current.get(part) ?? null;
    return this.pkg.text(part);
  }

  /** Whether a part exists now. */
  exists(part: string): boolean {
    if (this.current.has(part)) return this.current.get(part) !== null;
    return this.pkg.archive.has(part);
  }

  /** Replaces a part's text (or adds a part). */
  set(part: string, text: string): void {
    this.current.set(part, text);
  }

  /** Removes a part. */
  remove(part: string): void {
    this.current.set(part, null);
  }

  /**
   * Applies text edits to a part.
   *
   * @param part - The part name.
   * @param edits - The edits (offsets in its current text).
   */
  async edit(part: string, edits: readonly TextEdit[]): Promise<void> {
    if (edits.length === 0) return;
    const text = await this.text(part);
    if (text === null) throw new Error(`missing part ${part}`);
    this.set(part, applyEdits(text, edits));
  }

  /** The first free part name of a pattern ("xl/comments{n}.xml"). */
  freeName(pattern: (n: number) => string): string {
    for (let n = 1; ; n++) {
      const name = pattern(n);
      if (!this.exists(name)) return name;
    }
  }

  /** Every part that exists now, in the package's order, new parts last. */
  parts(): string[] {
    const out = this.pkg.archive.names().filter((n) => this.exists(n));
    for (const [n, t] of this.current) if (t !== null && !this.pkg.archive.has(n)) out.push(n);
    return out;
  }

  /** The changes to write: new text per part, or null for a removed part. */
  changes(): Map<string, string | null> {
    return new Map(this.current);
  }

  /**
   * A part's relationships now.
   *
   * @param part - The part name.
   * @returns Its relationships with their spans in the relationships part.
   */
  async relationships(part: string): Promise<{ id: string; type: string; part: string | null; span: ElementSpan }[]> {
    const relsPart = relsPartOf(part);
    const text = await this.text(relsPart);
    if (text === null) return [];
    const spans = scanElements(text, relsPart, 2);
    return spans
      .filter((s) => s.depth === 2 && s.uri === NS.pkgRel && s.local === "Relationship")
      .map((s) => ({
        id: s.attrs.Id ?? "",
        type: s.attrs.Type ?? "",
        part: s.attrs.TargetMode === "External" ? null : resolvePart(part, s.attrs.Target ?? ""),
        span: s,
      }));
  }

  /**
   * Adds a relationship from one part to another.
   *
   * @param from - The referring part.
   * @param type - The relationship type.
   * @param target - The target part.
   * @returns The new relationship's id.
   */
  async addRelationship(from: string, type: string, target: string): Promise<string> {
    const relsPart = relsPartOf(from);
    const text = await this.text(relsPart);
    const rel = (id: string): string => `<Relationship Id="${id}" Type="${type}" Target="${xmlText(relativeTarget(from, target))}"/>`;
    if (text === null) {
      this.set(
        relsPart,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}">${rel("rId1")}</Relationships>`,
      );
      return "rId1";
    }
    const spans = scanElements(text, relsPart, 2);
    const root = spans[0];
    if (!root || root.uri !== NS.pkgRel) throw new Error(`bad relationships part ${relsPart}`);
    const ids = new Set(spans.filter((s) => s.depth === 2).map((s) => s.attrs.Id ?? ""));
    let n = ids.size + 1;
    while (ids.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const qname = root.qname.includes(":") ? `${root.qname.split(":")[0] ?? ""}:Relationship` : "Relationship";
    const el = rel(id).replace("<Relationship ", `<${qname} `);
    const open = root.closeStart === root.end && text.slice(root.start, root.end).endsWith("/>");
    if (open) {
      const tag = text.slice(root.start, root.end);
      await this.edit(relsPart, [{ start: root.start, end: root.end, text: `${tag.slice(0, -2).trimEnd()}>${el}</${root.qname}>` }]);
    } else await this.edit(relsPart, [{ start: root.closeStart, end: root.closeStart, text: el }]);
    return id;
  }

  /**
   * Removes relationships of a part; the relationships part goes when none is left.
   *
   * @param from - The referring part.
   * @param ids - The relationship ids.
   */
  async removeRelationships(from: string, ids: ReadonlySet<string>): Promise<void> {
    const rels = await this.relationships(from);
    const gone = rels.filter((r) => ids.has(r.id));
    if (gone.length === 0) return;
    if (gone.length === rels.length) {
      this.remove(relsPartOf(from));
      return;
    }
    await this.edit(
      relsPartOf(from),
      gone.map((r) => ({ start: r.span.start, end: r.span.end, text: "" })),
    );
  }

  /**
   * Declares a part's content type by an Override (never a Default, so that removing the part
   * removes exactly what was added).
   *
   * @param part - The part name.
   * @param contentType - Its content type.
   */
  async addOverride(part: string, contentType: string): Promise<void> {
    const name = "[Content_Types].xml";
    const text = await this.text(name);
    if (text === null) throw new Error("missing [Content_Types].xml");
    const spans = scanElements(text, name, 2);
    const root = spans[0];
    if (!root) throw new Error("empty [Content_Types].xml");
    const qname = root.qname.includes(":") ? `${root.qname.split(":")[0] ?? ""}:Override` : "Override";
    await this.edit(name, [
      { start: root.closeStart, end: root.closeStart, text: `<${qname} PartName="/${xmlText(part)}" ContentType="${contentType}"/>` },
    ]);
  }

  /**
   * Removes the Override of each part named.
   *
   * @param parts - Part names.
   */
  async removeOverrides(parts: ReadonlySet<string>): Promise<void> {
    const name = "[Content_Types].xml";
    const text = await this.text(name);
    if (text === null) return;
    const spans = scanElements(text, name, 2);
    const edits = spans
      .filter((s) => s.depth === 2 && s.local === "Override" && parts.has(decodePartName(s.attrs.PartName ?? "")))
      .map((s) => ({ start: s.start, end: s.end, text: "" }));
    await this.edit(name, edits);
  }

  /**
   * Removes parts and everything only they lead to: their relationships parts, their content
   * types, and the parts their relationships target that no other part refers to.
   *
   * @param parts - The parts to remove.
   */
  async removeParts(parts: readonly string[]): Promise<void> {
    const gone = new Set<string>();
    const queue = [...parts];
    while (queue.length > 0) {
      const p = queue.pop() as string;
      if (gone.has(p) || !this.exists(p)) continue;
      const targets = (await this.relationships(p)).map((r) => r.part).filter((t): t is string => t !== null);
      gone.add(p);
      this.remove(p);
      const rels = relsPartOf(p);
      if (this.exists(rels)) this.remove(rels);
      for (const t of targets) if (!(await this.referencedElsewhere(t, gone))) queue.push(t);
    }
    await this.removeOverrides(gone);
  }

  private async referencedElsewhere(part: string, gone: ReadonlySet<string>): Promise<boolean> {
    for (const relsPart of this.parts().filter((n) => n.endsWith(".rels"))) {
      const source = sourceOfRels(relsPart);
      if (gone.has(source)) continue;
      const rels = await this.relationships(source);
      if (rels.some((r) => r.part === part)) return true;
    }
    return false;
  }
}

function decodePartName(name: string): string {
  const s = name.startsWith("/") ? name.slice(1) : name;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The part a relationships part belongs to: "xl/_rels/workbook.xml.rels" → "xl/workbook.xml".
 *
 * @param relsPart - The relationships part.
 * @returns The source part ("" for the package's own).
 */
export function sourceOfRels(relsPart: string): string {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(relsPart);
  return m ? `${m[1] ?? ""}${m[2] ?? ""}` : "";
}

export { childIndexes };
