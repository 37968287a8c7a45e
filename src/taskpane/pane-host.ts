import type { ExcelCheckResult } from "../excel/excel-check";
import type { CheckSuccess } from "../check/run-check";
import type { WorkbookSettings } from "../plan/state";

/** The host actions the pane needs, injected by index.tsx (Excel) or by tests (fakes). */
export interface PaneHost {
  /** 检查达标 on the active sheet. */
  check(onProgress: (step: string) => void, signal?: AbortSignal): Promise<ExcelCheckResult>;
  /** 清除标注; true when something was removed. */
  clear(): Promise<boolean>;
  /** Selects a cell. */
  select(sheet: string, address: string): Promise<void>;
  loadSettings(): Promise<WorkbookSettings>;
  /** 插入评估清单 (with the 推进规划 template), filled from the last check; returns the sheet names. */
  insertChecklist(outcome: CheckSuccess | null): Promise<string[]>;
  saveSettings(settings: WorkbookSettings): Promise<void>;
}
