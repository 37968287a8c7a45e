import ExcelJS from "exceljs";
import { promises as fs } from "node:fs";
import path from "node:path";
import { runCheck, type CheckOutcome } from "../check/run-check";
import { loadProfile, NATIONAL_PROFILE, type Profile } from "../core/profile";
import type { Report } from "../core/report";
import { buildPlan } from "../plan/annotation-plan";
import { CHECKLIST_SHEET } from "../plan/checklist-sheet";
import { SHEET_NAMES } from "../plan/result-sheets";
import { PLAN_SHEET } from "../sheet/read-plan";
import { STATE_SHEET } from "../plan/state";
import { VERSION } from "../version";
import { patchWorkbook } from "./patch-writer";
import { applyPlan, clearAnnotations, readSettings, readState, userNoteAddresses, worksheetGrid } from "./workbook";

/** A problem with an input file that stops its check: the message names the file (and cell). */
export class CheckFileError extends Error {
  override readonly name = "CheckFileError";
  /**
   * @param file - The input file.
   * @param message - What is wrong, in words.
   */
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}：${message}`);
  }
}

/** Options of {@link checkFile}. */
export interface CheckFileOptions {
  /** The sheet to check; by default the first sheet that holds a school table. */
  readonly sheet?: string;
  /** The annotated copy's path (default: beside the input, `<name>.检查结果.xlsx`). */
  readonly out?: string;
  /** Where to write the JSON report (spec §7); none by default. */
  readonly json?: string;
  /** A profile that replaces the workbook's saved one and the national default. */
  readonly profile?: Profile;
  /** The time stamp (default: now). */
  readonly now?: Date;
  /** "exceljs" writes through ExcelJS even when the workbook could be patched (default "auto"). */
  readonly writer?: "auto" | "exceljs";
}

/** What a headless check produced. */
export interface CheckFileResult {
  readonly input: string;
  readonly output: string;
  readonly json: string | null;
  readonly outcome: Extract<CheckOutcome, { ok: true }>;
  readonly report: Report;
  /** How the copy was written: parts patched, or the whole workbook through ExcelJS. */
  readonly writer: "patch" | "exceljs";
}

/**
 * Reads an .xlsx file with ExcelJS, saying what is wrong when it cannot be read.
 *
 * @param file - The path.
 * @returns The workbook.
 * @throws CheckFileError for a missing, corrupt or password-protected file.
 */
export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  return parseWorkbook(file, await readInput(file));
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new CheckFileError(file, "文件不存在或无法读取");
  }
}

async function parseWorkbook(file: string, buf: Buffer): Promise<ExcelJS.Workbook> {
  if (buf.subarray(0, 4).toString("hex") === "d0cf11e0") {
    throw new CheckFileError(file, "文件设置了打开密码或是旧版 .xls 格式，请在 Excel 中去掉密码并另存为 .xlsx 后再检查");
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new CheckFileError(
      file,
      `不是有效的 .xlsx 文件（已损坏或格式不对）：${e instanceof Error ? e.message.slice(0, 120) : String(e)}`,
    );
  }
  return wb;
}

/**
 * Writes a file atomically: a temporary file beside it, then a rename.
 *
 * @param target - The final path.
 * @param write - Writes the temporary file.
 */
export async function writeAtomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await write(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

const OWN_SHEETS = new Set<string>([STATE_SHEET, CHECKLIST_SHEET, PLAN_SHEET, ...Object.values(SHEET_NAMES)]);

function profileFor(wb: ExcelJS.Workbook, file: string, given: Profile | undefined): Profile {
  if (given) return given;
  const settings = readSettings(wb);
  if (!settings.ok) throw new CheckFileError(file, `工作簿中保存的设置无效：${settings.problems.join("；")}`);
  if (settings.value.profile === undefined) return NATIONAL_PROFILE;
  const p = loadProfile(settings.value.profile);
  if (!p.ok) throw new CheckFileError(file, `工作簿中保存的标准配置无效：${p.problems.join("；")}`);
  return p.profile;
}

/**
 * The headless check of one .xlsx file: finds the school table, runs the check, writes an
 * annotated copy (and the JSON report), never modifying the input.
 *
 * @param input - The .xlsx file.
 * @param options - Sheet, output paths, profile.
 * @returns What was written.
 * @throws CheckFileError when the file cannot be read, has no school table, or lacks required columns.
 */
export async function checkFile(input: string, options: CheckFileOptions = {}): Promise<CheckFileResult> {
  const output = path.resolve(options.out ?? defaultOutput(input));
  if (path.resolve(input) === output) throw new CheckFileError(input, "输出文件不能与输入文件相同（检查从不改写原文件）");
  const original = await readInput(input);
  const wb = await parseWorkbook(input, original);
  const profile = profileFor(wb, input, options.profile);
  const settings = readSettings(wb);
  const previous = readState(wb);
  const ownNames = new Set([...OWN_SHEETS, ...(previous?.sheets ?? [])]);
  const candidates = options.sheet
    ? [wb.getWorksheet(options.sheet)]
    : wb.worksheets.filter((w) => w.state === "visible" && !ownNames.has(w.name));
  if (options.sheet && !candidates[0])
    throw new CheckFileError(input, `没有名为“${options.sheet}”的工作表（有：${wb.worksheets.map((w) => w.name).join("、")}）`);
  const planSheet = wb.getWorksheet(PLAN_SHEET);
  const planInput = planSheet ? { planGrid: worksheetGrid(planSheet), year: (options.now ?? new Date()).getFullYear() } : {};
  let outcome: CheckOutcome | null = null;
  let failures: Extract<CheckOutcome, { ok: false }>[] = [];
  for (const ws of candidates) {
    if (!ws) continue;
    const corrections = settings.ok ? settings.value.corrections?.[ws.name] : undefined;
    const o = runCheck({ grid: worksheetGrid(ws), sheetName: ws.name, profile, ...(corrections ? { corrections } : {}), ...planInput });
    if (o.ok) {
      outcome = o;
      break;
    }
    failures = [...failures, o];
  }
  if (!outcome || !outcome.ok) {
    const detail = failures
      .map((f) => `工作表“${f.sheetName}”：${f.message}；看到的表头：${f.headersSeen.slice(0, 12).join("，") || "（无）"}`)
      .join("\n");
    throw new CheckFileError(input, `未找到可检查的学校数据表\n${detail}`);
  }
  const dataSheet = wb.getWorksheet(outcome.sheetName);
  if (!dataSheet) throw new CheckFileError(input, `工作表“${outcome.sheetName}”不存在`);
  const checkedAt = (options.now ?? new Date()).toISOString();
  // applyPlan first removes a previous check's annotations; the user's notes are those without our prefix.
  const plan = buildPlan(outcome, { occupiedNotes: userNoteAddresses(dataSheet), checkedAt, version: VERSION });
  // A workbook without a previous check is patched part by part (fast, the user's parts copied as
  // they are); any other goes through ExcelJS, which also clears the previous check first.
  const patched = previous || options.writer === "exceljs" ? null : patchWorkbook(original, plan, checkedAt);
  if (patched?.ok) {
    await writeAtomically(output, (tmp) => fs.writeFile(tmp, patched.bytes));
  } else {
    applyPlan(wb, plan, checkedAt);
    await writeAtomically(output, (tmp) => wb.xlsx.writeFile(tmp));
  }
  let json: string | null = null;
  if (options.json) {
    json = path.resolve(options.json);
    await writeAtomically(json, (tmp) => fs.writeFile(tmp, JSON.stringify(outcome.report, null, 2), "utf8"));
  }
  return { input, output, json, outcome, report: outcome.report, writer: patched?.ok ? "patch" : "exceljs" };
}

/**
 * The default path of the annotated copy: beside the input, `<name>.检查结果.xlsx`.
 *
 * @param input - The input file.
 * @returns The output path.
 */
export function defaultOutput(input: string): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.xlsx$/i, "");
  return path.join(dir, `${base}.检查结果.xlsx`);
}

/**
 * Removes a previous check's annotations from a file, writing a new file.
 *
 * @param input - The annotated file.
 * @param out - The cleared copy's path.
 * @returns Whether there was anything to clear.
 */
export async function clearFile(input: string, out: string): Promise<boolean> {
  const wb = await loadWorkbook(input);
  const changed = clearAnnotations(wb);
  if (path.resolve(input) === path.resolve(out)) throw new CheckFileError(input, "输出文件不能与输入文件相同");
  await writeAtomically(path.resolve(out), (tmp) => wb.xlsx.writeFile(tmp));
  return changed;
}
