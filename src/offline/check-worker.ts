/// <reference lib="webworker" />
import type { WorkbookSettings } from "../plan/state";
import type { LegacyFormat } from "../xlsx/legacy-format";
import { convertToXlsx } from "../xlsx/legacy-input";
import { PackageError } from "../xlsx/zip-archive";
import { checkWorkbookFile } from "./file-check";
import type { WorkerCheckResult } from "./file-host";

/**
 * The offline page's worker: checks a workbook file off the page's thread, so that a province's
 * file leaves the page responsive; it posts each step, then the view and the outputs (plain data).
 * It also turns an .xls, .et, .ods or web-page table into the .xlsx copy the page then works on
 * (the reader for those formats lives only here, not in the page).
 */
declare const self: DedicatedWorkerGlobalScope;

/** A request: check the file with the page's settings, or convert a legacy file to .xlsx. */
export type WorkerRequest =
  | {
      readonly kind: "check";
      readonly name: string;
      readonly bytes: Uint8Array;
      readonly source: string | null;
      readonly settings: WorkbookSettings | null;
    }
  | { readonly kind: "convert"; readonly name: string; readonly bytes: Uint8Array; readonly format: LegacyFormat };

/** What a conversion gives: the .xlsx bytes, or why the file cannot be read. */
export type ConvertResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** What the worker posts. */
export type WorkerMessage =
  | { readonly kind: "progress"; readonly step: string }
  | { readonly kind: "done"; readonly result: WorkerCheckResult }
  | { readonly kind: "converted"; readonly result: ConvertResult };

/** A failure in words: the reader's own Chinese message, else a plain one (no English internals). */
const messageOf = (err: unknown, plain: string) => (err instanceof PackageError ? err.message : plain);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  const post = (m: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(m, transfer);
  if (request.kind === "convert") {
    convertToXlsx(request.bytes, request.format, null, request.name)
      .then(({ bytes }) => post({ kind: "converted", result: { ok: true, bytes } }, [bytes.buffer as ArrayBuffer]))
      .catch((err: unknown) =>
        post({
          kind: "converted",
          result: {
            ok: false,
            message: `“${request.name}”：${messageOf(err, "文件读取时出错，请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查")}`,
          },
        }),
      );
    return;
  }
  const { name, bytes, source, settings } = request;
  checkWorkbookFile({ name, bytes, source }, settings, (step) => post({ kind: "progress", step }))
    .then((r) => {
      if (!r.ok) return post({ kind: "done", result: r });
      post({ kind: "done", result: { ok: true, view: r.view, output: r.output } }, [r.output.bytes.buffer as ArrayBuffer]);
    })
    .catch((err: unknown) =>
      post({ kind: "done", result: { ok: false, message: messageOf(err, `“${name}”：检查未完成（内部错误），未生成任何文件`) } }),
    );
};
