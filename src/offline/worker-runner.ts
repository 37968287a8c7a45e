import workerSource from "yzjh-check-worker-source";
import type { LegacyFormat } from "../xlsx/legacy-format";
import type { ConvertResult, WorkerMessage, WorkerRequest } from "./check-worker";
import { inPage, type FileCheckRunner } from "./file-host";

/**
 * Runs work in a worker made from the page's own inlined script (a blob: URL, which the page's
 * Content-Security-Policy allows; nothing is fetched). Cancelling ends the worker at once.
 */

/** A worker that ends itself when its work is done or cancelled. */
interface OneShot {
  readonly worker: Worker;
  readonly end: () => void;
}

/** A fresh worker (null where the browser cannot make one). */
function oneShot(): OneShot | null {
  let url = "";
  try {
    url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
    const worker = new Worker(url);
    return {
      worker,
      end: () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      },
    };
  } catch {
    if (url) URL.revokeObjectURL(url);
    return null;
  }
}

function send(worker: Worker, request: WorkerRequest): void {
  worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
}

/** A check in a worker; where a worker cannot be made, in the page. */
export const inWorker: FileCheckRunner = (file, settings, onProgress, signal) => {
  const w = oneShot();
  if (!w) return inPage(file, settings, onProgress, signal);
  return new Promise((resolve) => {
    signal?.addEventListener("abort", () => {
      w.end();
      resolve({ ok: false, message: "已取消：未生成任何文件" });
    });
    w.worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      if (e.data.kind === "progress") onProgress(e.data.step);
      else if (e.data.kind === "done") {
        w.end();
        resolve(e.data.result);
      }
    };
    w.worker.onerror = () => {
      w.end();
      resolve({ ok: false, message: "检查未完成：浏览器中止了检查（可能是内存不足），未生成任何文件" });
    };
    send(w.worker, { kind: "check", name: file.name, bytes: file.bytes.slice(), source: file.source, settings });
  });
};

/**
 * Turns an .xls, .et, .ods or web-page table into an .xlsx copy, in a worker (the reader for those
 * formats is only in the worker's script).
 *
 * @param fileName - The file's name (for messages).
 * @param bytes - Its contents.
 * @param format - Its format.
 * @param signal - Cancels the conversion (the worker is ended at once).
 * @returns The .xlsx bytes, or why the file cannot be read.
 */
export function convertInWorker(fileName: string, bytes: Uint8Array, format: LegacyFormat, signal?: AbortSignal): Promise<ConvertResult> {
  const w = oneShot();
  if (!w)
    return Promise.resolve({
      ok: false,
      message: `“${fileName}”：此浏览器不能在本页转换旧格式文件，请在 Excel 或 WPS 中另存为 .xlsx 后再选择`,
    });
  return new Promise((resolve) => {
    signal?.addEventListener("abort", () => {
      w.end();
      resolve({ ok: false, message: `“${fileName}”：已取消转换` });
    });
    w.worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      if (e.data.kind !== "converted") return;
      w.end();
      resolve(e.data.result);
    };
    w.worker.onerror = () => {
      w.end();
      resolve({
        ok: false,
        message: `“${fileName}”：转换未完成（浏览器中止了转换，可能是内存不足），请在 Excel 或 WPS 中另存为 .xlsx 后再选择`,
      });
    };
    send(w.worker, { kind: "convert", name: fileName, bytes: bytes.slice(), format });
  });
}
