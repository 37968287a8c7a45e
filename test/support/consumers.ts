import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Real consumers of the files the product writes: openpyxl (through the inventory script) and
 * LibreOffice Calc (headless). Tests that need them say so and are skipped, with the reason, where
 * they are not installed (CI installs both).
 */

const PYTHON = "/usr/bin/python3";
const HERE = path.join(__dirname, "consumers");

/** Whether Debian's python3 with openpyxl is there. */
export const HAS_OPENPYXL = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import openpyxl"]).status === 0;
/** Whether LibreOffice is there. */
export const HAS_LIBREOFFICE = spawnSync("sh", ["-c", "command -v soffice"]).status === 0;

/** One sheet as openpyxl (and the raw package) sees it. */
export interface SheetInventory {
  readonly name: string;
  readonly state: string;
  readonly values_sha256: string;
  readonly merged: readonly string[];
  readonly charts: number;
  readonly images: number;
  readonly comments: Readonly<Record<string, { author: string; text: string }>>;
  readonly data_validations: readonly unknown[];
  readonly hyperlinks: Readonly<Record<string, string>>;
  readonly conditional_formats: readonly { range: string; rules: number }[] | readonly unknown[];
  readonly tables: readonly unknown[];
  readonly pivots: number;
  readonly freeze_panes: string | null;
  readonly protected: boolean;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A workbook as openpyxl sees it. */
export interface Inventory {
  readonly sheets: readonly SheetInventory[];
  readonly defined_names: readonly unknown[];
  readonly parts: readonly { name: string; sha256: string }[];
}

/**
 * Loads a workbook with openpyxl and lists what it holds.
 *
 * @param file - The workbook.
 * @returns The inventory.
 * @throws Error with openpyxl's complaint when it cannot load the file.
 */
export function inventory(file: string): Inventory {
  const r = spawnSync(PYTHON, [path.join(HERE, "inventory.py"), file, "--compact"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`openpyxl cannot load ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Inventory;
}

/**
 * Parses every XML part of a package with a namespace-aware parser.
 *
 * @param file - The workbook.
 * @returns The problems found ("" when none).
 */
export function xmlProblems(file: string): string {
  const r = spawnSync(PYTHON, [path.join(HERE, "xml_check.py"), file], { encoding: "utf8" });
  return r.status === 0 ? "" : `${r.stdout}${r.stderr}`;
}

/**
 * Opens workbooks in LibreOffice Calc (one headless run for all) and converts each to CSV.
 *
 * @param files - The workbooks.
 * @returns The files LibreOffice could not load.
 */
export function libreOfficeFailures(files: readonly string[]): string[] {
  const out = mkdtempSync(path.join(os.tmpdir(), "yzjh-lo-"));
  const profile = mkdtempSync(path.join(os.tmpdir(), "yzjh-lo-profile-"));
  mkdirSync(out, { recursive: true });
  spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", out, ...files],
    { encoding: "utf8", timeout: 600_000 },
  );
  const made = new Set(readdirSync(out));
  return files.filter((f) => !made.has(`${path.basename(f).replace(/\.xlsx$/i, "")}.csv`));
}

/**
 * LibreOffice as a producer: saves workbooks in another format (one headless run for all), as a
 * bureau's colleague would with 另存为.
 *
 * @param files - The workbooks.
 * @param format - The target, as soffice names it ("xls", "ods", "html").
 * @returns The folder the copies are in (same base names, the new extension).
 */
export function libreOfficeSaveAs(files: readonly string[], format: string): string {
  const out = mkdtempSync(path.join(os.tmpdir(), `yzjh-lo-${format}-`));
  const profile = mkdtempSync(path.join(os.tmpdir(), "yzjh-lo-profile-"));
  spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", format, "--outdir", out, ...files],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  return out;
}
