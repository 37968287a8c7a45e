import type { ExcelCheckResult } from "../excel/excel-check";
import type { WorkbookSettings } from "../plan/state";

/** The host actions the pane needs, injected by index.tsx (Excel) or by tests (fakes). */
export interface PaneHost {
  /** 检查达标 on the active sheet. */
  check(onProgress: (step: string) => void): Promise<ExcelCheckResult>;
  /** 清除标注; true when something was removed. */
  clear(): Promise<boolean>;
  /** Selects a cell. */
  select(sheet: string, address: string): Promise<void>;
  loadSettings(): Promise<WorkbookSettings>;
  saveSettings(settings: WorkbookSettings): Promise<void>;
}
