import { SaxesParser, type SaxesTagNS } from "saxes";
import { xmlErrorMessage } from "./xml";
import { PackageError, ZipArchive, type PartCodec } from "./zip-archive";

/**
 * The hidden columns and rows of an .ods file's sheets, read from its content.xml with a
 * namespace-aware streaming parser. SheetJS's .ods reader does not keep them, and the check must
 * know them: a hidden column is often a duplicate or an old figure that must not be counted.
 */

const TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

/** A run of hidden lines: from `start` (0-based) up to, not including, `end`. */
export interface HiddenRun {
  readonly start: number;
  readonly end: number;
}

/** The hidden lines of one sheet. */
export interface HiddenLines {
  readonly columns: HiddenRun[];
  readonly rows: HiddenRun[];
}

/** An attribute of the table namespace, whatever prefix the file gives it. */
function tableAttr(tag: SaxesTagNS, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.uri === TABLE && a.local === local) return a.value;
  return undefined;
}

function repeatOf(tag: SaxesTagNS, local: string): number {
  const n = Number(tableAttr(tag, local) ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Reads which columns and rows each sheet of an .ods file hides (collapsed or filtered out).
 *
 * @param bytes - The .ods file.
 * @param codec - The host's codec (null: zip.js's own).
 * @returns Per sheet name, its hidden columns and rows.
 * @throws PackageError when content.xml is missing or not well-formed.
 */
export async function odsHiddenLines(bytes: Uint8Array, codec: PartCodec | null): Promise<Map<string, HiddenLines>> {
  const archive = await ZipArchive.open(bytes, codec);
  const xml = await archive.text("content.xml");
  if (xml === null) throw new PackageError("开放文档表格（.ods）中没有 content.xml 部件，文件可能已损坏");
  const out = new Map<string, HiddenLines>();
  let current: HiddenLines | null = null;
  let column = 0;
  let row = 0;
  const parser = new SaxesParser({ xmlns: true });
  parser.on("opentag", (tag) => {
    if (tag.uri !== TABLE) return;
    if (tag.local === "table") {
      current = { columns: [], rows: [] };
      out.set(tableAttr(tag, "name") ?? "", current);
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
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    throw new PackageError(xmlErrorMessage("content.xml", e));
  }
  return out;
}
