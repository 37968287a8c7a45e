/** Types of the recording fake in fake-excel.js. */
export interface FakeSheetSpec {
  name: string;
  rows?: unknown[][];
  merges?: string[];
  notes?: Record<string, string>;
  protected?: boolean;
  /** Hidden columns, by letters. */
  hiddenColumns?: string[];
}
export interface FakeSheet {
  name: string;
  cells: Map<string, unknown>;
  notes: Map<string, string>;
  merges: { top: number; left: number; bottom: number; right: number }[];
  cfs: { type: string; ranges: string[]; formula: string; color: string }[];
  formats: Map<string, unknown>;
  visibility: string;
  protected: boolean;
  charts: { type: string; title: { text: string } }[];
}
export interface FakeExcel {
  Excel: { run: <T>(options: unknown, batch?: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T> } & Record<string, unknown>;
  Office: Record<string, unknown>;
  state: { sheets: FakeSheet[]; active: string; selected?: string };
  stats: { syncs: number; maxRequestBytes: number; maxResponseBytes: number; requests: { ops: number; bytes: number }[] };
}
declare global {
  var createFakeExcel: (options: {
    sheets: FakeSheetSpec[];
    active?: string;
    sets?: Record<string, string>;
    /** Bytes above which a response is refused (as Excel on the web does at 5 MB). */
    responseLimit?: number;
    displayLanguage?: string;
    failOnNote?: string;
  }) => FakeExcel;
}
