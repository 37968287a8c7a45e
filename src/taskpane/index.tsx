/* global Office */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { checkActiveSheet, clearActiveAnnotations, loadSettings, officeRunner, saveSettings, selectCell } from "../excel/excel-check";
import { App } from "./App";
import type { PaneHost } from "./pane-host";
import { stringsFor } from "./strings";

function excelHost(): PaneHost {
  const run = officeRunner();
  return {
    check: (onProgress) => checkActiveSheet(run, { onProgress }),
    clear: () => clearActiveAnnotations(run),
    select: (sheet, address) => selectCell(run, sheet, address),
    loadSettings: () => loadSettings(run),
    saveSettings: (s) => saveSettings(run, s),
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
