import { checkView, type CheckView } from "../check/check-view";
import type { CheckSuccess } from "../check/run-check";
import { parseSettings, type WorkbookSettings } from "../plan/state";
import { prepareCheck } from "../workbook/check-session";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import { packageSnapshot } from "../xlsx/package-snapshot";
import { writeCheck } from "../xlsx/package-writer";
import { INPUT_NAME } from "../xlsx/legacy-format";
import { WorkbookPackage } from "../xlsx/workbook-package";
import { PackageError } from "../xlsx/zip-archive";

/**
 * The check of a workbook file held in memory, for the offline page (in a worker or in the page):
 * the same check session as the Excel pane and the CLI, reading and patching the file's parts.
 */

/** A workbook file in the page: its name, its .xlsx bytes, and what it was before (null for .xlsx). */
export interface WorkbookFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** For a file read through an .xlsx copy: the sentence that says so (检查信息 › 原文件). */
  readonly source: string | null;
}

/** The annotated copy of a check, with its file name and the JSON report. */
export interface FileOutput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly report: string;
}

/** What a check of a file gives: the pane's view and the outputs, or why it stopped. */
export type FileCheckResult =
  | { readonly ok: true; readonly view: CheckView; readonly output: FileOutput; readonly outcome: CheckSuccess }
  | { readonly ok: false; readonly message: string };

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

async function open(fileName: string, bytes: Uint8Array): Promise<WorkbookPackage> {
  try {
    // zip.js inflates and deflates itself in the browser (CompressionStream where there is one).
    return await WorkbookPackage.open(bytes, null);
  } catch (e) {
    throw new PackageError(`“${fileName}”${e instanceof PackageError ? e.message : "无法读取"}`);
  }
}

/**
 * Checks a workbook file and writes its annotated copy.
 *
 * @param file - The file: its name (for the copy's name and messages), its .xlsx contents (a legacy
 *   file is converted before, in the page's worker) and what it was before (said in 检查信息).
 * @param settings - Settings made in the page since it was opened (null: the workbook's own).
 * @param onProgress - Called between steps (read, evaluate, write).
 * @returns The view and the outputs, or why the check stopped.
 */
export async function checkWorkbookFile(
  file: WorkbookFile,
  settings: WorkbookSettings | null,
  onProgress: (step: string) => void,
): Promise<FileCheckResult> {
  const { name: fileName, bytes } = file;
  const pkg = await open(fileName, bytes);
  const now = new Date();
  const prepared = await prepareCheck(withSettings(packageSnapshot(pkg), settings), {
    now,
    onProgress,
    ...(file.source ? { source: file.source } : {}),
  });
  if (!prepared.ok) return { ok: false, message: `“${fileName}”：${prepared.message}` };
  onProgress("write");
  const written = await writeCheck(pkg, prepared.writes, now);
  return {
    ok: true,
    view: checkView(prepared.outcome),
    outcome: prepared.outcome,
    output: {
      name: `${fileName.replace(INPUT_NAME, "")}.检查结果.xlsx`,
      bytes: written.bytes,
      report: `${JSON.stringify(prepared.outcome.report, null, 2)}\n`,
    },
  };
}

/**
 * The settings stored in a workbook file (column corrections, standards).
 *
 * @param fileName - The file's name.
 * @param bytes - Its contents.
 * @returns The settings (defaults when none or invalid).
 */
export async function fileSettings(fileName: string, bytes: Uint8Array): Promise<WorkbookSettings> {
  const stored = await packageSnapshot(await open(fileName, bytes)).stored();
  const parsed = parseSettings(stored?.settings ?? null);
  return parsed.ok ? parsed.value : { version: 1 };
}
