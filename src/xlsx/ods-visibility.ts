import { SaxesParser, type SaxesTagNS } from "saxes";
import { xmlErrorMessage } from "./xml";
import { PackageError, ZipArchive, type PartCodec } from "./zip-archive";

/**
 * What an .ods file hides, read from its content.xml with a namespace-aware streaming parser:
 * hidden sheets, columns and rows. SheetJS's .ods reader keeps none of them, and the check must
 * know them: a hidden column is often a duplicate or an old figure that must not be counted, and a
 * hidden sheet (last year's) must not be the one checked.
 */

const TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";

/** A run of hidden lines: from `start` (0-based) up to, not including, `end`. */
export interface HiddenRun {
  readonly start: number;
  readonly end: number;
}

/** One sheet, in the file's order: its name as written (entities decoded), whether it is hidden, its hidden lines. */
export interface OdsSheet {
  readonly name: string;
  readonly hidden: boolean;
  readonly columns: HiddenRun[];
  readonly rows: HiddenRun[];
}

/** An attribute of a namespace, whatever prefix the file gives it. */
function nsAttr(tag: SaxesTagNS, uri: string, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.uri === uri && a.local === local) return a.value;
  return undefined;
}

const tableAttr = (tag: SaxesTagNS, local: string) => nsAttr(tag, TABLE, local);

function repeatOf(tag: SaxesTagNS, local: string): number {
  const n = Number(tableAttr(tag, local) ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Reads an .ods file's sheets in order: which are hidden (their table style says display="false"),
 * and which columns and rows each hides (collapsed or filtered out).
 *
 * @param bytes - The .ods file.
 * @param codec - The host's codec (null: zip.js's own).
 * @returns The sheets, in the order the file (and SheetJS) lists them.
 * @throws PackageError when content.xml is missing or not well-formed.
 */
export async function odsSheets(bytes: Uint8Array, codec: PartCodec | null): Promise<OdsSheet[]> {
  const archive = await ZipArchive.open(bytes, codec);
  const xml = await archive.text("content.xml");
  if (xml === null) throw new PackageError("开放文档表格（.ods）中没有 content.xml 部件，文件可能已损坏");
  const out: OdsSheet[] = [];
  // Table styles that hide their sheet; a sheet names its style, which comes before it.
  const hiddenStyles = new Set<string>();
  let style: string | null = null;
  let current: OdsSheet | null = null;
  let column = 0;
  let row = 0;
  const parser = new SaxesParser({ xmlns: true });
  parser.on("opentag", (tag) => {
    if (tag.uri === STYLE && tag.local === "style")
      style = nsAttr(tag, STYLE, "family") === "table" ? (nsAttr(tag, STYLE, "name") ?? null) : null;
    else if (tag.uri === STYLE && tag.local === "table-properties" && style !== null && tableAttr(tag, "display") === "false")
      hiddenStyles.add(style);
    if (tag.uri !== TABLE) return;
    if (tag.local === "table") {
      current = { name: tableAttr(tag, "name") ?? "", hidden: hiddenStyles.has(tableAttr(tag, "style-name") ?? ""), columns: [], rows: [] };
      out.push(current);
      column = 0;
      row = 0;
    } else if (current && (tag.local === "table-column" || tag.local === "table-row")) {
      const isColumn = tag.local === "table-column";
      const repeat = repeatOf(tag, isColumn ? "number-columns-repeated" : "number-rows-repeated");
      const start = isColumn ? column : row;
      // "collapse" (hidden) and "filter" (filtered out) both keep the line out of sight.
      if ((tableAttr(tag, "visibility") ?? "visible") !== "visible")
        (isColumn ? current.columns : current.rows).push({ start, end: start + repeat });
      if (isColumn) column += repeat;
      else row += repeat;
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.uri === TABLE && tag.local === "table") current = null;
    if (tag.uri === STYLE && tag.local === "style") style = null;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    throw new PackageError(xmlErrorMessage("content.xml", e));
  }
  return out;
}
