/// <reference lib="webworker" />
import type { WorkbookSettings } from "../plan/state";
import { checkWorkbookFile } from "./file-check";
import type { WorkerCheckResult } from "./file-host";

/**
 * The offline page's worker: checks a workbook file off the page's thread, so that a province's
 * file leaves the page responsive; it posts each step, then the view and the outputs (plain data).
 */
declare const self: DedicatedWorkerGlobalScope;

/** A request: the file and the page's settings. */
export interface WorkerRequest {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly settings: WorkbookSettings | null;
}

/** What the worker posts. */
export type WorkerMessage =
  { readonly kind: "progress"; readonly step: string } | { readonly kind: "done"; readonly result: WorkerCheckResult };

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const { name, bytes, settings } = e.data;
  const post = (m: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(m, transfer);
  checkWorkbookFile(name, bytes, settings, (step) => post({ kind: "progress", step }))
    .then((r) => {
      if (!r.ok) return post({ kind: "done", result: r });
      post({ kind: "done", result: { ok: true, view: r.view, output: r.output } }, [r.output.bytes.buffer as ArrayBuffer]);
    })
    .catch((err: unknown) => post({ kind: "done", result: { ok: false, message: err instanceof Error ? err.message : String(err) } }));
};
