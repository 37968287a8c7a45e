/* global Office */
/**
 * Ribbon commands of the shared runtime. The ribbon button opens the task pane through the
 * manifest's ShowTaskpane action; this file registers nothing else but must load in the page.
 */
void Office.onReady(() => {
  // Loading the runtime when the document opens lets custom functions recalculate on open.
  if (Office.context?.requirements?.isSetSupported("SharedRuntime", "1.1")) {
    void Office.addin.setStartupBehavior(Office.StartupBehavior.load).catch(() => undefined);
  }
});
