import { checkView } from "../check/check-view";
import { parseSettings, type WorkbookSettings } from "../plan/state";
import type { PaneHost } from "../taskpane/pane-host";
import { prepareCheck } from "../workbook/check-session";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import { packageSnapshot } from "../xlsx/package-snapshot";
import { writeCheck } from "../xlsx/package-writer";
import { WorkbookPackage } from "../xlsx/workbook-package";
import { PackageError } from "../xlsx/zip-archive";

/**
 * The pane's host over a workbook file held in the page (the offline page): the same check session
 * as the Excel pane and the CLI, reading and patching the file's parts, nothing sent anywhere. The
 * annotated copy and the JSON report are kept for download; the settings (column corrections) are
 * kept in the page and saved into the copy.
 */
export interface FileHost extends PaneHost {
  /** The annotated copy of the last check, with its file name. */
  readonly output: () => { readonly name: string; readonly bytes: Uint8Array; readonly report: string } | null;
}

/** A snapshot whose stored settings are the page's (the user's corrections made since opening). */
function withSettings(snap: WorkbookSnapshot, settings: WorkbookSettings | null): WorkbookSnapshot {
  if (settings === null) return snap;
  return {
    ...snap,
    stored: async () => {
      const stored = await snap.stored();
      return { settings: JSON.stringify(settings), state: stored?.state ?? [] };
    },
  };
}

/**
 * A host over one workbook file.
 *
 * @param fileName - The file's name (for the copy's name and messages).
 * @param bytes - Its contents.
 * @returns The host.
 */
export function fileHost(fileName: string, bytes: Uint8Array): FileHost {
  let settings: WorkbookSettings | null = null;
  let last: { name: string; bytes: Uint8Array; report: string } | null = null;
  const open = async (): Promise<WorkbookPackage> => {
    try {
      // zip.js inflates and deflates itself in the browser (CompressionStream where there is one).
      return await WorkbookPackage.open(bytes, null);
    } catch (e) {
      throw new Error(`“${fileName}”${e instanceof PackageError ? e.message : "无法读取"}`);
    }
  };
  return {
    async check(onProgress, signal) {
      const pkg = await open();
      const now = new Date();
      const prepared = await prepareCheck(withSettings(packageSnapshot(pkg), settings), { now, onProgress });
      if (!prepared.ok) return { ok: false, message: `“${fileName}”：${prepared.message}` };
      if (signal?.aborted) return { ok: false, message: "已取消：未生成任何文件" };
      onProgress("write");
      const written = await writeCheck(pkg, prepared.writes, now);
      last = {
        name: `${fileName.replace(/\.xlsx$/i, "")}.检查结果.xlsx`,
        bytes: written.bytes,
        report: `${JSON.stringify(prepared.outcome.report, null, 2)}\n`,
      };
      return { ok: true, view: checkView(prepared.outcome), outcome: prepared.outcome };
    },
    clear: () => Promise.resolve(false),
    // The page has no cells to select: the results name each cell instead.
    select: () => Promise.resolve(),
    async loadSettings() {
      if (settings) return settings;
      const stored = await packageSnapshot(await open()).stored();
      const parsed = parseSettings(stored?.settings ?? null);
      return parsed.ok ? parsed.value : { version: 1 };
    },
    saveSettings(s) {
      settings = s;
      return Promise.resolve();
    },
    insertChecklist: () => Promise.reject(new Error("离线页面不插入评估清单：请用命令行 yzjh checklist 或 Excel 加载项")),
    output: () => last,
  };
}
