/* global Office */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import {
  checkActiveSheet,
  clearActiveAnnotations,
  insertFormulaSheets,
  loadSettings,
  officeRunner,
  recalculateAll,
  saveSettings,
  selectCell,
} from "../excel/excel-check";
import { setWorkbookProfile } from "../functions/workbook-profile";
import { checklistSheet } from "../plan/checklist-sheet";
import { planTemplate } from "../plan/plan-template";
import { App } from "./App";
import type { PaneHost } from "./pane-host";
import type { WorkbookSettings } from "../plan/state";
import { stringsFor } from "./strings";

function excelHost(): PaneHost {
  const run = officeRunner();
  let current: WorkbookSettings = { version: 1 };
  return {
    check: (onProgress, signal) => checkActiveSheet(run, { onProgress, ...(signal ? { signal } : {}) }),
    clear: () => clearActiveAnnotations(run),
    select: (sheet, address) => selectCell(run, sheet, address),
    loadSettings: () => loadSettings(run),
    // The functions share the saved standards: they are told, and the workbook recalculated.
    saveSettings: async (s) => {
      await saveSettings(run, s);
      if (JSON.stringify(s.profile) === JSON.stringify(current.profile)) return;
      current = s;
      setWorkbookProfile(s.profile);
      await recalculateAll(run);
    },
    insertChecklist: (outcome) =>
      insertFormulaSheets(run, [
        checklistSheet(outcome ?? undefined).sheet,
        planTemplate(new Date().getFullYear(), 5, outcome ?? undefined),
      ]),
  };
}

void Office.onReady(() => {
  const container = document.getElementById("container");
  if (!container) return;
  const strings = stringsFor(Office.context?.displayLanguage);
  document.documentElement.lang = strings === stringsFor("en-US") ? "en-US" : "zh-CN";
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App host={excelHost()} strings={strings} />
    </FluentProvider>,
  );
});
