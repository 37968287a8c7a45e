import type { CheckView } from "../check/check-view";
import type { WorkbookSettings } from "../plan/state";
import type { PaneCheckResult, PaneHost } from "../taskpane/pane-host";
import { checkWorkbookFile, fileSettings, type FileCheckResult, type FileOutput, type WorkbookFile } from "./file-check";

/**
 * The pane's host over a workbook file held in the page (the offline page): nothing is sent
 * anywhere. The check runs where `run` says (a worker for the page, in the page for tests and
 * browsers without workers); the annotated copy and the JSON report are kept for download; the
 * settings (column corrections) are kept in the page and saved into the copy.
 */
export interface FileHost extends PaneHost {
  /** The annotated copy of the last check, with its file name and the report. */
  readonly output: () => FileOutput | null;
}

/** What a check in a worker sends back: the view and the outputs (plain data, no outcome). */
export type WorkerCheckResult =
  { readonly ok: true; readonly view: CheckView; readonly output: FileOutput } | { readonly ok: false; readonly message: string };

/** Runs a check of a file: in the page, or in a worker. */
export type FileCheckRunner = (
  file: WorkbookFile,
  settings: WorkbookSettings | null,
  onProgress: (step: string) => void,
  signal?: AbortSignal,
) => Promise<FileCheckResult | WorkerCheckResult>;

/** A check in the page itself (cancelled between its steps). */
export const inPage: FileCheckRunner = async (file, settings, onProgress, signal) => {
  const r = await checkWorkbookFile(file, settings, (step) => {
    if (signal?.aborted) throw new Error("已取消：未生成任何文件");
    onProgress(step);
  }).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
  return r;
};

/**
 * A host over one workbook file.
 *
 * @param file - The file (name, .xlsx contents, what it was before).
 * @param run - Where the check runs (default: in the page).
 * @returns The host.
 */
export function fileHost(file: WorkbookFile, run: FileCheckRunner = inPage): FileHost {
  let settings: WorkbookSettings | null = null;
  let last: FileOutput | null = null;
  return {
    async check(onProgress, signal): Promise<PaneCheckResult> {
      last = null;
      const r = await run(file, settings, onProgress, signal);
      if (!r.ok) return r;
      last = r.output;
      return "outcome" in r ? { ok: true, view: r.view, outcome: r.outcome } : { ok: true, view: r.view };
    },
    clear: () => Promise.resolve(false),
    // The page has no cells to select: the results name each row instead.
    select: () => Promise.resolve(),
    loadSettings: () => (settings ? Promise.resolve(settings) : fileSettings(file.name, file.bytes)),
    saveSettings(s) {
      settings = s;
      return Promise.resolve();
    },
    insertChecklist: () => Promise.reject(new Error("离线页面不插入评估清单：请用命令行 yzjh checklist 或 Excel 加载项")),
    output: () => last,
  };
}
