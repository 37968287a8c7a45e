import { CFB, read, utils, write, type WorkBook } from "@e965/xlsx";
import { WorkbookPackage } from "./workbook-package";
import { decodeText, FORMAT_NAME, legacyFormat, type LegacyFormat } from "./legacy-format";
import { odsSheets, type OdsSheet } from "./ods-visibility";
import { PackageError, type PartCodec } from "./zip-archive";

/**
 * Workbooks in the older or other formats that statistics systems and WPS give out (.xls, .et,
 * .ods, and "网页/XML 表格" saved as .xls), read with SheetJS (Community Edition) and turned into
 * an .xlsx copy, which the check then reads and annotates like any .xlsx. Such a file cannot be
 * patched part by part as it is: the annotated copy is a new .xlsx with the file's values (not its
 * formulas), merged cells and hidden sheets, rows and columns (what each format keeps is said by
 * `convertedNotice`), but not its cell formats or notes; the original file is never changed.
 */

/** A legacy file turned into .xlsx bytes. */
export interface ConvertedWorkbook {
  readonly format: LegacyFormat;
  readonly bytes: Uint8Array;
}

/** A compound file that is not a workbook SheetJS reads as one, said in words (null when it is). */
function compoundProblem(bytes: Uint8Array, format: LegacyFormat): string | null {
  let names: string[];
  try {
    // SheetJS's compound-file reader (its own cfb library), typed here for what is used.
    const cfb = CFB as { read(data: Uint8Array, opts: { type: "array" }): { FullPaths: string[] } };
    names = cfb.read(bytes, { type: "array" }).FullPaths.map((p) => p.replace(/^[^/]*\//, "/").toLowerCase());
  } catch {
    return `文件已损坏（${FORMAT_NAME[format]}的复合文档结构无法读取），请重新导出或另存为 .xlsx 后再检查`;
  }
  if (names.includes("/encryptedpackage") || names.includes("/encryptioninfo"))
    return "文件设置了打开密码：请在 Excel 或 WPS 中去掉密码并另存为 .xlsx 后再检查";
  if (names.includes("/workbook")) return null;
  if (names.includes("/book")) return "文件是 Excel 95 或更早的格式（中文可能无法正确读出）：请在 Excel 或 WPS 中另存为 .xlsx 后再检查";
  if (names.includes("/worddocument")) return "这是 Word 文档，不是 Excel 工作簿";
  return `文件中没有工作簿数据（不是可读取的${FORMAT_NAME[format]}）：请在 Excel 或 WPS 中另存为 .xlsx 后再检查`;
}

/**
 * Runs a SheetJS call with its console messages held back: it writes some notes on ODS number
 * formats to the console, which would reach the command line's output as English internals.
 */
function quietly<T>(run: () => T): T {
  const { error, warn, log } = console;
  console.error = console.warn = console.log = () => undefined;
  try {
    return run();
  } finally {
    Object.assign(console, { error, warn, log });
  }
}

/**
 * Gives a workbook read from an .ods what SheetJS's .ods reader drops: hidden sheets, hidden columns
 * and rows, and the sheets' names as written (SheetJS keeps "&amp;" in a name). Sheets are matched
 * by their order, which both readers keep.
 */
function applyOdsSheets(book: WorkBook, sheets: readonly OdsSheet[]): void {
  if (sheets.length !== book.SheetNames.length) return;
  sheets.forEach((ods, i) => {
    const name = book.SheetNames[i]!;
    const sheet = book.Sheets[name];
    if (!sheet) return;
    if (ods.hidden) {
      const listed = ((book.Workbook ??= {}).Sheets ??= []);
      listed[i] = { ...listed[i], name, Hidden: 1 };
    }
    if (ods.name && ods.name !== name) renameSheet(book, i, ods.name);
    if (!sheet["!ref"]) return;
    const { e: last } = utils.decode_range(sheet["!ref"]);
    const cols = (sheet["!cols"] ??= []);
    for (const run of ods.columns) for (let c = run.start; c < Math.min(run.end, last.c + 1); c++) cols[c] = { ...cols[c], hidden: true };
    const rows = (sheet["!rows"] ??= []);
    for (const run of ods.rows) for (let r = run.start; r < Math.min(run.end, last.r + 1); r++) rows[r] = { ...rows[r], hidden: true };
  });
}

/** Renames a sheet of a SheetJS workbook (its list, its sheet object and its workbook entry). */
function renameSheet(book: WorkBook, index: number, name: string): void {
  const old = book.SheetNames[index];
  if (old === undefined || old === name) return;
  book.SheetNames[index] = name;
  book.Sheets[name] = book.Sheets[old]!;
  delete book.Sheets[old];
  const listed = book.Workbook?.Sheets?.[index];
  if (listed) listed.name = name;
}

/** Characters a sheet name cannot hold. */
const NOT_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/**
 * Makes every sheet name one Excel takes: no [ ] : * ? / \, no quote at either end, at most 31
 * characters (LibreOffice allows longer ones), none twice.
 */
function fitSheetNames(book: WorkBook): void {
  const taken = new Set<string>();
  book.SheetNames.forEach((name, i) => {
    const clean = Array.from(name.replace(NOT_IN_SHEET_NAME, "_").replace(/\s+/g, " ").trim());
    let fitted =
      clean
        .slice(0, 31)
        .join("")
        .replace(/^'+|'+$/g, "") || `Sheet${i + 1}`;
    for (let n = 2; taken.has(fitted.toLowerCase()); n++) {
      const suffix = `(${n})`;
      fitted = `${Array.from(fitted)
        .slice(0, 31 - suffix.length)
        .join("")}${suffix}`;
    }
    taken.add(fitted.toLowerCase());
    renameSheet(book, i, fitted);
  });
}

/** A plain number as a web page writes it: no leading zero (a code such as 0520000001 stays text). */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

/**
 * Turns a web page's plain numbers into numbers. A page's cells are all text; read raw, the codes
 * with leading zeros stay as written, and the rest (thousands separators, full-width digits, "约300")
 * stay text for the check's own reading of numbers written as text, which names what it cannot read.
 */
function numbersFromText(book: WorkBook): void {
  for (const name of book.SheetNames) {
    const sheet = book.Sheets[name];
    if (!sheet) continue;
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith("!") || typeof cell !== "object" || cell === null) continue;
      const c = cell as { t?: string; v?: unknown; w?: string };
      if (c.t === "s" && typeof c.v === "string" && PLAIN_NUMBER.test(c.v.trim())) {
        c.t = "n";
        c.v = Number(c.v.trim());
        delete c.w;
      }
    }
  }
}

/** A web page's title as text: tags dropped, entities decoded, spaces and line breaks collapsed. */
function titleText(html: string): string {
  const raw = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "";
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return raw
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e.startsWith("#x") || e.startsWith("#X")
        ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith("#")
          ? String.fromCodePoint(Number(e.slice(1)))
          : (named[e.toLowerCase()] ?? m),
    )
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * What in a web page the reader cannot take as it is, said in words (null when nothing): rows or
 * columns hidden with display:none (Excel's own web pages hide them so; read as visible they would
 * be counted), and cells whose end tags are left out (HTML allows it; the reader would run the cells
 * of a row together).
 */
function webPageProblem(html: string): string | null {
  const save = "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查";
  if (/<(?:tr|td|th|col|colgroup)\b[^>]*\bstyle\s*=\s*["'][^"']*display\s*:\s*none/i.test(html))
    return `网页表格中有隐藏的行或列（display:none），转换时会被当作可见而计入：${save}`;
  const count = (re: RegExp) => (html.match(re) ?? []).length;
  if (count(/<t[dh][\s>]/gi) !== count(/<\/t[dh]\s*>/gi))
    return `网页表格的单元格标记不完整（有的单元格缺少结束标记），无法可靠读取：${save}`;
  return null;
}

/**
 * Puts the number an Excel-made web page keeps in a cell's x:num attribute in place of the text it
 * shows: a cell showing 4.5 may hold 4.49 (a shown figure rounded up must not pass a standard), and
 * one showing 95% holds 0.95.
 */
function withExcelNumbers(html: string): string {
  return html.replace(
    /<td\b([^>]*?)\sx:num\s*=\s*(["'])([^"']+)\2([^>]*)>[\s\S]*?<\/td\s*>/gi,
    (cell, before: string, _q: string, value: string, after: string) =>
      Number.isFinite(Number(value)) ? `<td${before}${after}>${value}</td>` : cell,
  );
}

/**
 * Names a web page's sheet (SheetJS calls it "Sheet1"): the page's title, else the file's name.
 * The name is what the check's messages, the report and the copy's tab show, and a county name in
 * it is read as the region.
 */
function nameWebSheet(book: WorkBook, text: string, fileName: string): void {
  if (book.SheetNames.length !== 1) return;
  renameSheet(book, 0, titleText(text) || fileName.replace(/\.[^.]*$/, "") || "网页表格");
}

/**
 * Drops the columns' outline levels: SheetJS writes a level as a `level` attribute of <col> beside
 * `outlineLevel`, which the schema does not have (openpyxl refuses the file, Excel would repair it).
 */
function dropColumnLevels(book: WorkBook): void {
  for (const name of book.SheetNames) for (const col of book.Sheets[name]?.["!cols"] ?? []) if (col) delete col.level;
}

/**
 * Reads a legacy workbook and writes it as .xlsx bytes (values, not formulas; merges; hidden sheets,
 * rows and columns; column widths and number formats where the format has them; not cell formats or
 * notes).
 *
 * @param bytes - The file's bytes.
 * @param format - Its format, from {@link legacyFormat}.
 * @param codec - The host's codec, for an .ods file's own parts (null: zip.js's own).
 * @param fileName - The file's name (a web page's sheet is named after its title, else the file).
 * @returns The .xlsx bytes.
 * @throws PackageError, in Chinese, when the file cannot be read (password, damage, Excel 95).
 */
export async function convertToXlsx(
  bytes: Uint8Array,
  format: LegacyFormat,
  codec: PartCodec | null,
  fileName = "",
): Promise<ConvertedWorkbook> {
  if (format === "xls" || format === "et") {
    const problem = compoundProblem(bytes, format);
    if (problem) throw new PackageError(problem);
  }
  let book: WorkBook;
  // An XHTML page's XML declaration would send SheetJS to its XML reader.
  const text = format === "html" ? decodeText(bytes).replace(/^\s*<\?xml[^>]*\?>/i, "") : format === "xml2003" ? decodeText(bytes) : "";
  if (format === "html") {
    const problem = webPageProblem(text);
    if (problem) throw new PackageError(problem);
  }
  const page = format === "html" ? withExcelNumbers(text) : text;
  try {
    book = quietly(() =>
      text
        ? read(page, { type: "string", cellStyles: true, cellNF: true, cellFormula: false, raw: format === "html" })
        : read(bytes, { type: "array", cellStyles: true, cellNF: true, cellFormula: false }),
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : "";
    if (/password|encrypt/i.test(why)) throw new PackageError("文件设置了打开密码：请在 Excel 或 WPS 中去掉密码并另存为 .xlsx 后再检查");
    throw new PackageError(`${FORMAT_NAME[format]}无法读取（文件可能已损坏）：请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`);
  }
  if (book.SheetNames.length === 0) throw new PackageError(`${FORMAT_NAME[format]}中没有工作表`);
  // Names SheetJS brings from Excel's own function prefixes (_xlfn.…) refer to nothing in a copy.
  if (book.Workbook?.Names) book.Workbook.Names = book.Workbook.Names.filter((n) => !n.Name.startsWith("_xlfn."));
  if (format === "ods") applyOdsSheets(book, await odsSheets(bytes, codec));
  if (format === "html") {
    numbersFromText(book);
    nameWebSheet(book, text, fileName);
  }
  fitSheetNames(book);
  dropColumnLevels(book);
  let out: ArrayBuffer;
  try {
    out = quietly(() => write(book, { type: "array", bookType: "xlsx", compression: true, cellStyles: true }) as ArrayBuffer);
  } catch {
    throw new PackageError(`${FORMAT_NAME[format]}读出后无法转成 .xlsx：请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`);
  }
  return { format, bytes: new Uint8Array(out) };
}

/** A workbook file opened for the check: its package, and the format it was converted from. */
export interface WorkbookInput {
  readonly pkg: WorkbookPackage;
  /** The legacy format the file was in (its .xlsx copy is what `pkg` holds); null for .xlsx. */
  readonly converted: LegacyFormat | null;
}

/**
 * Opens a workbook file of any format the check takes: an .xlsx as it is (part by part), a legacy
 * format through its .xlsx copy.
 *
 * @param bytes - The file's bytes.
 * @param fileName - Its name (tells .et from .xls).
 * @param codec - The host's codec (null: zip.js's own).
 * @returns The package and the converted-from format.
 * @throws PackageError, in Chinese, when the file is not a workbook that can be read.
 */
export async function openWorkbookInput(bytes: Uint8Array, fileName: string, codec: PartCodec | null): Promise<WorkbookInput> {
  const format = legacyFormat(bytes, fileName);
  if (format === null) return { pkg: await WorkbookPackage.open(bytes, codec), converted: null };
  return { pkg: await WorkbookPackage.open((await convertToXlsx(bytes, format, codec, fileName)).bytes, codec), converted: format };
}
