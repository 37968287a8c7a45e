/**
 * The package's XML vocabulary: namespaces, relationship and content types, the order the schema
 * fixes for the children the check edits, text escaping and parser messages in Chinese. Parts are
 * read and edited through {@link ./xml-splice} (saxes).
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
