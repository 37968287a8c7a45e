/**
 * Which of the older or other workbook formats a file is in (.xls, .et, .ods, and "网页/XML 表格"
 * saved as .xls by statistics systems), told from its content, and what the user is told when
 * such a file is checked through an .xlsx copy. Nothing here reads the workbook itself (that is
 * `legacy-input.ts`, with SheetJS), so the offline page can decide without loading the reader.
 */

/** A format that is turned into an .xlsx copy before the check. */
export type LegacyFormat = "xls" | "et" | "ods" | "html" | "xml2003";

/** What each format is called in messages. */
export const FORMAT_NAME: Record<LegacyFormat, string> = {
  xls: "Excel 97-2003 工作簿（.xls）",
  et: "WPS 表格（.et）",
  ods: "开放文档表格（.ods）",
  html: "网页表格（统计系统导出的“.xls”）",
  xml2003: "XML 表格（Excel 2003 XML）",
};

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet";

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * The text of a file that is not a ZIP or compound file: its byte-order mark; else UTF-8 when it is
 * valid UTF-8 holding Chinese; else the charset its own head declares (HTML meta, XML declaration);
 * else UTF-8 when it decodes as such; else GB18030 (which statistics systems write when they say
 * nothing, and which a page that says UTF-8 but is not gets too).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  // Valid UTF-8 with Chinese in it is UTF-8 whatever the page says (a page re-saved by an editor
  // keeps its old gb2312 label); GBK bytes are valid UTF-8 only by chance, and then not as Chinese.
  let utf8: string | null = null;
  try {
    utf8 = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: the declared charset, else GB18030.
  }
  if (utf8 !== null && /[\u4e00-\u9fff]/.test(utf8)) return utf8;
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(bytes);
    } catch {
      // A label the host does not know: decided below.
    }
  }
  return utf8 ?? new TextDecoder("gb18030").decode(bytes);
}

/** Whether a text is a web page table or an Excel 2003 XML workbook. */
function textFormat(text: string): LegacyFormat | null {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  if (head.includes("urn:schemas-microsoft-com:office:spreadsheet") && /<(?:\w+:)?workbook[\s>]/.test(head)) return "xml2003";
  if (/^(<!doctype html|<html|<table|<meta|<head|<body)/.test(head) || /<table[\s>]/.test(head)) return "html";
  return null;
}

/**
 * The legacy format of a file, from its content (the name only tells .et from .xls).
 *
 * @param bytes - The file's bytes.
 * @param fileName - Its name.
 * @returns The format, or null for an .xlsx package or a file that is none of these.
 */
export function legacyFormat(bytes: Uint8Array, fileName: string): LegacyFormat | null {
  if (startsWith(bytes, CFB_MAGIC)) return /\.et$/i.test(fileName) ? "et" : "xls";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // ODF stores "mimetype" first and uncompressed: its name, then its content, after the local header
    // (30 bytes, then the name and the extra field, whose lengths are at 26 and 28).
    const nameLength = (bytes[26] ?? 0) | ((bytes[27] ?? 0) << 8);
    const extraLength = (bytes[28] ?? 0) | ((bytes[29] ?? 0) << 8);
    const latin = (from: number, length: number) => new TextDecoder("latin1").decode(bytes.subarray(from, from + length));
    const content = 30 + nameLength + extraLength;
    return latin(30, nameLength) === "mimetype" && latin(content, ODS_MIMETYPE.length) === ODS_MIMETYPE ? "ods" : null;
  }
  if (bytes.length === 0) return null;
  return textFormat(decodeText(bytes.subarray(0, 4096)));
}

/** What the .xlsx copy keeps of each format (besides, always, the values as shown). */
const KEPT: Record<LegacyFormat, string> = {
  xls: "数值、合并单元格、列宽和隐藏的工作表与行列",
  et: "数值、合并单元格、列宽和隐藏的工作表与行列",
  ods: "数值、合并单元格和隐藏的工作表与行列",
  html: "数值和合并单元格",
  xml2003: "数值、合并单元格和隐藏的行列",
};

/** The file names the check takes: .xlsx, and the formats it turns into an .xlsx copy. */
export const INPUT_NAME = /\.(xlsx|xls|et|ods)$/i;

/**
 * What the user is told when a legacy file was checked through an .xlsx copy.
 *
 * @param format - The file's format.
 * @returns One sentence in Chinese.
 */
export function convertedNotice(format: LegacyFormat): string {
  const name = FORMAT_NAME[format];
  return `原文件是${/^[A-Z]/.test(name) ? " " : ""}${name}，不能原样标注：已转成 .xlsx 副本再检查和标注，副本保留${KEPT[format]}，不保留原有的颜色、字体、边框、公式和批注；原文件未改动。`;
}
