import workerSource from "yzjh-check-worker-source";
import type { WorkerMessage, WorkerRequest } from "./check-worker";
import { inPage, type FileCheckRunner } from "./file-host";

/**
 * Runs a check in a worker made from the page's own inlined script (a blob: URL, which the page's
 * Content-Security-Policy allows; nothing is fetched). Cancelling ends the worker at once. Where a
 * worker cannot be made, the check runs in the page.
 */
export const inWorker: FileCheckRunner = (fileName, bytes, settings, onProgress, signal) => {
  let worker: Worker;
  let url = "";
  try {
    url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
    worker = new Worker(url);
  } catch {
    if (url) URL.revokeObjectURL(url);
    return inPage(fileName, bytes, settings, onProgress, signal);
  }
  return new Promise((resolve) => {
    const end = () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    };
    signal?.addEventListener("abort", () => {
      end();
      resolve({ ok: false, message: "已取消：未生成任何文件" });
    });
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      if (e.data.kind === "progress") onProgress(e.data.step);
      else {
        end();
        resolve(e.data.result);
      }
    };
    worker.onerror = (e) => {
      end();
      resolve({ ok: false, message: `检查未完成：${e.message}` });
    };
    const request: WorkerRequest = { name: fileName, bytes: bytes.slice(), settings };
    worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
  });
};
