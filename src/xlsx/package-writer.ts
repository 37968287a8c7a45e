import { annotatedSheets, STATE_SHEET, toChunks, type AnnotationState } from "../plan/state";
import type { CheckWrites, ClearWrites } from "../workbook/check-session";
import { PackageEdit } from "./package-edit";
import { resultSheetXml, sheetNames, stateSheetXml } from "./result-sheet-xml";
import { addNotes, removeOwnNotes, SheetEdit } from "./sheet-edit";
import { removeAppendedStyles, StylesEdit } from "./styles-edit";
import type { WorkbookPackage } from "./workbook-package";
import { CONTENT_TYPE, NS, REL_TYPE, WORKBOOK_ORDER, xmlText } from "./xml";
import {
  childIndexes,
  insertionPoint,
  nsAttribute,
  prefixFor,
  qnameLike,
  scanElements,
  setAttributeEdit,
  type ElementSpan,
  type TextEdit,
} from "./xml-splice";

/**
 * Renders a check's writes into a copy of the package, part by part: the previous check's
 * annotations are taken out, the new ones put in, and every part the check does not touch is
 * copied as it was stored. The same code serves the first check, a re-check and 清除标注.
 */

/** The workbook's sheet list, as elements of the workbook part. */
function sheetSpans(
  xml: string,
  part: string,
): { spans: ElementSpan[]; sheets: { span: ElementSpan; name: string; relId: string }[]; list: number } {
  const spans = scanElements(xml, part);
  const list = spans.findIndex((s) => s.depth === 2 && s.uri === NS.main && s.local === "sheets");
  const sheets =
    list < 0
      ? []
      : childIndexes(spans, list)
          .map((i) => spans[i] as ElementSpan)
          .filter((s) => s.local === "sheet")
          .map((s) => ({ span: s, name: s.attrs.name ?? "", relId: relIdOf(s) }));
  return { spans, sheets, list };
}

function relIdOf(span: ElementSpan): string {
  return nsAttribute(span, NS.rel, "id") ?? "";
}

/**
 * Removes sheets from the workbook: their entries, relationships, parts (and what only they use),
 * the names scoped to them; sheet-scoped names and the active tab of the sheets after them are
 * renumbered.
 *
 * @param edit - The package being edited.
 * @param names - The sheets to remove.
 */
async function removeSheets(edit: PackageEdit, names: ReadonlySet<string>, namesHow?: AnnotationState["definedNames"]): Promise<void> {
  const wbPart = edit.pkg.workbookPart;
  const xml = (await edit.text(wbPart)) ?? "";
  const { spans, sheets } = sheetSpans(xml, wbPart);
  const removed = sheets.map((s, i) => ({ ...s, i })).filter((s) => names.has(s.name));
  if (removed.length === 0) return;
  const gone = new Set(removed.map((s) => s.i));
  const newIndex = (old: number): number | null => (gone.has(old) ? null : old - removed.filter((r) => r.i < old).length);
  const edits: TextEdit[] = removed.map((s) => ({ start: s.span.start, end: s.span.end, text: "" }));
  // A names list the check made goes when it is left empty; one that was empty is given back as it was.
  const namesList = spans.findIndex((s) => s.depth === 2 && s.uri === NS.main && s.local === "definedNames");
  const definedNames = namesList < 0 ? [] : childIndexes(spans, namesList).map((i) => spans[i] as ElementSpan);
  const goneNames = definedNames.filter((s) => s.attrs.localSheetId !== undefined && newIndex(Number(s.attrs.localSheetId)) === null);
  const emptied = definedNames.length > 0 && goneNames.length === definedNames.length && namesHow !== undefined && namesHow !== "appended";
  if (emptied) {
    const list = spans[namesList] as ElementSpan;
    edits.push({ start: list.start, end: list.end, text: typeof namesHow === "object" ? namesHow.emptyTag : "" });
  }
  for (const s of spans) {
    if (s.uri !== NS.main) continue;
    if (s.local === "definedName" && s.attrs.localSheetId !== undefined) {
      const n = newIndex(Number(s.attrs.localSheetId));
      if (n === null) {
        if (!emptied) edits.push({ start: s.start, end: s.end, text: "" });
      } else if (n !== Number(s.attrs.localSheetId)) edits.push(setAttributeEdit(xml, s, "localSheetId", String(n)));
    } else if (s.local === "workbookView") {
      const tabEdits: [string, string][] = [];
      for (const a of ["activeTab", "firstSheet"]) {
        if (s.attrs[a] === undefined) continue;
        const n = newIndex(Number(s.attrs[a]));
        if (n !== Number(s.attrs[a])) tabEdits.push([a, String(n ?? 0)]);
      }
      if (tabEdits.length > 0) {
        let tag = xml.slice(s.start, s.openEnd);
        for (const [a, v] of tabEdits) tag = setAttributeEdit(tag, { ...s, start: 0, openEnd: tag.length }, a, v).text;
        edits.push({ start: s.start, end: s.openEnd, text: tag });
      }
    }
  }
  await edit.edit(wbPart, edits);
  const rels = await edit.relationships(wbPart);
  const relIds = new Set(removed.map((s) => s.relId));
  const parts = rels.filter((r) => relIds.has(r.id) && r.part).map((r) => r.part as string);
  await edit.removeRelationships(wbPart, relIds);
  await edit.removeParts(parts);
}

/**
 * Adds sheets at the end of the workbook.
 *
 * @param edit - The package being edited.
 * @param sheets - Name, part text and visibility of each.
 */
async function addSheets(edit: PackageEdit, sheets: readonly { name: string; xml: string; veryHidden: boolean }[]): Promise<void> {
  if (sheets.length === 0) return;
  const wbPart = edit.pkg.workbookPart;
  let added = "";
  const xml0 = (await edit.text(wbPart)) ?? "";
  let sheetId = 0;
  for (const s of scanElements(xml0, wbPart))
    if (s.local === "sheet" && s.uri === NS.main) sheetId = Math.max(sheetId, Number(s.attrs.sheetId) || 0);
  const rows: { name: string; relId: string; veryHidden: boolean }[] = [];
  for (const s of sheets) {
    const part = edit.freeName((n) => `xl/worksheets/sheet${n}.xml`);
    edit.set(part, s.xml);
    rows.push({ name: s.name, relId: await edit.addRelationship(wbPart, REL_TYPE.worksheet, part), veryHidden: s.veryHidden });
    await edit.addOverride(part, CONTENT_TYPE.worksheet);
  }
  const xml = (await edit.text(wbPart)) ?? "";
  const { spans, list, sheets: listed } = sheetSpans(xml, wbPart);
  const listSpan = spans[list];
  if (!listSpan) throw new Error("workbook has no sheets element");
  // New sheets go before the add-in's state sheet, which stays last.
  const state = listed.find((s) => s.name === STATE_SHEET);
  const at = state && !rows.some((r) => r.name === STATE_SHEET) ? state.span.start : listSpan.closeStart;
  const prefix = prefixFor(listSpan, NS.rel, "r");
  const q = qnameLike(listSpan, "sheet");
  for (const r of rows) {
    const rel = prefix ? `${prefix}:id="${r.relId}"` : `xmlns:r="${NS.rel}" r:id="${r.relId}"`;
    added += `<${q} name="${xmlText(r.name)}" sheetId="${++sheetId}"${r.veryHidden ? ' state="veryHidden"' : ""} ${rel}/>`;
  }
  await edit.edit(wbPart, [{ start: at, end: at, text: added }]);
}

/**
 * Adds sheet-scoped names (print titles, filter ranges) for sheets already in the workbook.
 *
 * @param edit - The package being edited.
 * @param names - Per sheet name, its names.
 */
async function addSheetScopedNames(
  edit: PackageEdit,
  names: readonly { sheet: string; names: readonly { name: string; value: string; hidden: boolean }[] }[],
): Promise<AnnotationState["definedNames"]> {
  const wbPart = edit.pkg.workbookPart;
  const xml = (await edit.text(wbPart)) ?? "";
  const { spans, sheets } = sheetSpans(xml, wbPart);
  const root = spans.findIndex((s) => s.depth === 1);
  const rootSpan = spans[root];
  if (!rootSpan) return undefined;
  const q = (local: string) => qnameLike(rootSpan, local);
  let body = "";
  for (const entry of names) {
    const id = sheets.findIndex((s) => s.name === entry.sheet);
    if (id < 0) continue;
    for (const n of entry.names)
      body += `<${q("definedName")} name="${n.name}" localSheetId="${id}"${n.hidden ? ' hidden="1"' : ""}>${xmlText(n.value)}</${q("definedName")}>`;
  }
  if (body === "") return undefined;
  const list = spans.findIndex((s) => s.depth === 2 && s.uri === NS.main && s.local === "definedNames");
  const listSpan = spans[list];
  const wrapped = `<${q("definedNames")}>${body}</${q("definedNames")}>`;
  if (listSpan && listSpan.closeStart !== listSpan.end && childIndexes(spans, list).length > 0) {
    await edit.edit(wbPart, [{ start: listSpan.closeStart, end: listSpan.closeStart, text: body }]);
    return "appended";
  }
  if (listSpan) {
    await edit.edit(wbPart, [{ start: listSpan.start, end: listSpan.end, text: wrapped }]);
    return { emptyTag: xml.slice(listSpan.start, listSpan.end) };
  }
  const at = insertionPoint(spans, root, "definedNames", WORKBOOK_ORDER);
  await edit.edit(wbPart, [{ start: at, end: at, text: wrapped }]);
  return "created";
}

/** The editors of the sheets a render touches, each opened once. */
class SheetEditors {
  private readonly map = new Map<string, SheetEdit>();
  constructor(private readonly edit: PackageEdit) {}

  async of(name: string): Promise<{ part: string; sheet: SheetEdit } | null> {
    const entry = this.edit.pkg.sheet(name);
    if (!entry?.part) return null;
    let sheet = this.map.get(name);
    if (!sheet) {
      const text = await this.edit.text(entry.part);
      if (text === null) return null;
      const read = await this.edit.pkg.worksheet(name);
      sheet = SheetEdit.open(text, entry.part, read.children);
      this.map.set(name, sheet);
    }
    return { part: entry.part, sheet };
  }

  flush(): void {
    for (const [name, sheet] of this.map) {
      const part = this.edit.pkg.sheet(name)?.part;
      if (part && sheet.changed) this.edit.set(part, sheet.text());
    }
  }
}

/**
 * Takes out what a previous check wrote: its highlights and notes on the data sheet(s) (found by
 * their marker and prefix), its result sheets, and what it appended to the styles.
 */
async function removePrevious(
  edit: PackageEdit,
  editors: SheetEditors,
  previous: AnnotationState | null,
  dataSheets: readonly string[],
): Promise<void> {
  const scan = new Set(dataSheets);
  if (previous) for (const d of annotatedSheets(previous)) scan.add(d.name);
  for (const name of scan) {
    const e = await editors.of(name);
    if (!e) continue;
    e.sheet.removeOwnRules();
    await removeOwnNotes(edit, e.part, e.sheet);
  }
  if (previous) {
    const existing = new Set(edit.pkg.sheets.map((s) => s.name));
    await removeSheets(edit, new Set(previous.sheets.filter((s) => existing.has(s) && !scan.has(s))), previous.definedNames);
    const stylesPart = edit.pkg.workbookRelOf(REL_TYPE.styles)?.part;
    if (previous.styles && stylesPart) {
      const text = await edit.text(stylesPart);
      if (text !== null) await edit.edit(stylesPart, removeAppendedStyles(text, stylesPart, previous.styles));
    }
  }
}

/** Writes the state sheet: replaced in place when the workbook has one, else added. */
async function writeStateSheet(edit: PackageEdit, xml: string | null): Promise<void> {
  const entry = edit.pkg.sheet(STATE_SHEET);
  if (xml === null) {
    if (entry) await removeSheets(edit, new Set([STATE_SHEET]));
    return;
  }
  if (entry?.part) {
    edit.set(entry.part, xml);
    if (entry.state !== "veryHidden") {
      const wb = (await edit.text(edit.pkg.workbookPart)) ?? "";
      const s = sheetSpans(wb, edit.pkg.workbookPart).sheets.find((x) => x.name === STATE_SHEET);
      if (s) await edit.edit(edit.pkg.workbookPart, [setAttributeEdit(wb, s.span, "state", "veryHidden")]);
    }
    return;
  }
  await addSheets(edit, [{ name: STATE_SHEET, xml, veryHidden: true }]);
}

const MINIMAL_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS.main}"><fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

async function stylesPartOf(edit: PackageEdit): Promise<string> {
  const existing = edit.pkg.workbookRelOf(REL_TYPE.styles)?.part;
  if (existing && edit.exists(existing)) return existing;
  const part = edit.freeName((n) => (n === 1 ? "xl/styles.xml" : `xl/styles${n}.xml`));
  edit.set(part, MINIMAL_STYLES);
  await edit.addRelationship(edit.pkg.workbookPart, REL_TYPE.styles, part);
  await edit.addOverride(part, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
  return part;
}

/**
 * Writes the annotated copy of a package.
 *
 * @param pkg - The package as read.
 * @param writes - The check's writes.
 * @param when - The time stamp of changed parts.
 * @returns The copy's bytes and the record stored in it.
 */
export async function writeCheck(
  pkg: WorkbookPackage,
  writes: CheckWrites,
  when: Date,
): Promise<{ bytes: Uint8Array; state: AnnotationState }> {
  const edit = new PackageEdit(pkg);
  const editors = new SheetEditors(edit);
  await removePrevious(
    edit,
    editors,
    writes.previous,
    writes.dataSheets.map((d) => d.name),
  );
  const stylesPart = await stylesPartOf(edit);
  const styles = new StylesEdit((await edit.text(stylesPart)) ?? "", stylesPart);
  for (const d of writes.dataSheets) {
    const data = await editors.of(d.name);
    if (!data) throw new Error(`data sheet ${d.name} has no worksheet part`);
    data.sheet.addRules(d.rules.map((r) => ({ addresses: r.addresses, dxf: styles.dxf(r.color), formula: r.formula })));
    await addNotes(edit, data.part, data.sheet, d.notes);
  }
  editors.flush();

  const results = writes.results.map((r) => ({ name: r.name, xml: resultSheetXml(r.sheet, styles), veryHidden: false }));
  const { edits, appended } = styles.edits();
  await edit.edit(stylesPart, edits);
  await addSheets(edit, results);
  const namesHow = await addSheetScopedNames(
    edit,
    writes.results.map((r) => ({ sheet: r.name, names: sheetNames(r.sheet, r.name) })),
  );
  const state: AnnotationState = {
    ...writes.state,
    ...(appended.length > 0 ? { styles: appended } : {}),
    ...(namesHow ? { definedNames: namesHow } : {}),
  };
  await writeStateSheet(edit, stateSheetXml(writes.settingsText, toChunks(JSON.stringify(state))));
  return { bytes: await pkg.archive.write(edit.changes(), when), state };
}

/**
 * Writes a copy of a package without a previous check's annotations (清除标注).
 *
 * @param pkg - The package as read.
 * @param clear - What to remove.
 * @param when - The time stamp of changed parts.
 * @returns The copy's bytes, or null when there was nothing to clear.
 */
export async function writeClear(pkg: WorkbookPackage, clear: ClearWrites, when: Date): Promise<Uint8Array | null> {
  if (!clear.previous) return null;
  const edit = new PackageEdit(pkg);
  const editors = new SheetEditors(edit);
  await removePrevious(edit, editors, clear.previous, []);
  editors.flush();
  await writeStateSheet(edit, clear.settingsText === null ? null : stateSheetXml(clear.settingsText, []));
  return pkg.archive.write(edit.changes(), when);
}
