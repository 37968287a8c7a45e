import { STATE_SHEET } from "../plan/state";
import type { WorkbookSnapshot } from "../workbook/snapshot";
import type { WorkbookPackage } from "./workbook-package";

/**
 * The check's view of an .xlsx package: sheets, cells, notes and the add-in's stored cells, each
 * read from its part when the session asks for it.
 *
 * @param pkg - The package.
 * @returns The snapshot.
 */
export function packageSnapshot(pkg: WorkbookPackage): WorkbookSnapshot {
  return {
    sheets: pkg.sheets.map((s) => ({ name: s.name, visibility: s.state })),
    activeSheet: null,
    canWriteNotes: true,
    grid: async (sheet) => (await pkg.worksheet(sheet)).grid,
    notes: (sheet) => pkg.notes(sheet),
    stored: async () => {
      const entry = pkg.sheet(STATE_SHEET);
      if (!entry?.part) return null;
      const values = (await pkg.worksheet(STATE_SHEET)).grid.values;
      const state: unknown[] = [];
      for (const row of values) {
        const b = row[1];
        if (typeof b !== "string" || b === "") break;
        state.push(b);
      }
      return { settings: values[0]?.[0] ?? null, state };
    },
    // Protection keeps a user from editing in Excel; a file's parts can still be annotated.
    isProtected: () => Promise.resolve(false),
  };
}
