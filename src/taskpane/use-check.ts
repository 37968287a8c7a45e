import { useCallback, useRef, useState } from "react";
import type { CheckView } from "../check/check-view";
import type { CheckSuccess } from "../check/run-check";
import type { PaneHost } from "./pane-host";

/** The pane's check state. */
export type CheckStatus =
  | { readonly kind: "idle" }
  | { readonly kind: "running"; readonly step: string }
  | { readonly kind: "done"; readonly view: CheckView }
  | { readonly kind: "cleared"; readonly removed: boolean }
  | { readonly kind: "inserted"; readonly sheets: readonly string[] }
  | { readonly kind: "failed"; readonly message: string };

/** The check state and its actions. */
export interface CheckState {
  readonly status: CheckStatus;
  readonly lastView: CheckView | null;
  readonly busy: boolean;
  readonly run: () => void;
  /** Stops a running check before it writes anything. */
  readonly cancel: () => void;
  readonly clear: () => void;
  readonly select: (sheet: string, address: string) => void;
  readonly insertChecklist: () => void;
}

/**
 * The pane's check state machine (idle → running → done | failed; clear → cleared).
 *
 * @param host - The host actions.
 * @returns The state and actions.
 */
export function useCheck(host: PaneHost): CheckState {
  const [status, setStatus] = useState<CheckStatus>({ kind: "idle" });
  const [lastView, setLastView] = useState<CheckView | null>(null);
  const [lastOutcome, setLastOutcome] = useState<CheckSuccess | null>(null);
  const fail = (e: unknown) => setStatus({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
  const abort = useRef<AbortController | null>(null);
  const run = useCallback(() => {
    setStatus({ kind: "running", step: "read" });
    const controller = new AbortController();
    abort.current = controller;
    host
      .check((step) => {
        if (!controller.signal.aborted) setStatus({ kind: "running", step });
      }, controller.signal)
      .then((r) => {
        if (r.ok) {
          setLastView(r.view);
          setLastOutcome(r.outcome ?? null);
          setStatus({ kind: "done", view: r.view });
        } else setStatus({ kind: "failed", message: r.message });
      })
      .catch(fail);
  }, [host]);
  const clear = useCallback(() => {
    setStatus({ kind: "running", step: "clear" });
    host
      .clear()
      .then((removed) => setStatus({ kind: "cleared", removed }))
      .catch(fail);
  }, [host]);
  const select = useCallback(
    (sheet: string, address: string) => {
      host.select(sheet, address).catch(fail);
    },
    [host],
  );
  const insertChecklist = useCallback(() => {
    setStatus({ kind: "running", step: "checklist" });
    host
      .insertChecklist(lastOutcome)
      .then((sheets) => setStatus({ kind: "inserted", sheets }))
      .catch(fail);
  }, [host, lastOutcome]);
  const cancel = useCallback(() => abort.current?.abort(), []);
  return { status, lastView, busy: status.kind === "running", run, cancel, clear, select, insertChecklist };
}
