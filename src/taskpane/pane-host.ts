import type { CheckView } from "../check/check-view";
import type { CheckSuccess } from "../check/run-check";
import type { WorkbookSettings } from "../plan/state";

/**
 * What a check gives the pane: the view, and the outcome where the host has it in the page (the
 * offline page's worker sends the view only).
 */
export type PaneCheckResult =
  { readonly ok: true; readonly view: CheckView; readonly outcome?: CheckSuccess } | { readonly ok: false; readonly message: string };

/** The host actions the pane needs, injected by index.tsx (Excel), the offline page or tests (fakes). */
export interface PaneHost {
  /** 检查达标 on the active sheet. */
  check(onProgress: (step: string) => void, signal?: AbortSignal): Promise<PaneCheckResult>;
  /** 清除标注; true when something was removed. */
  clear(): Promise<boolean>;
  /** Selects a cell. */
  select(sheet: string, address: string): Promise<void>;
  loadSettings(): Promise<WorkbookSettings>;
  /** 插入评估清单 (with the 推进规划 template), filled from the last check; returns the sheet names. */
  insertChecklist(outcome: CheckSuccess | null): Promise<string[]>;
  saveSettings(settings: WorkbookSettings): Promise<void>;
}
