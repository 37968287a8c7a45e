import { promises as fs } from "node:fs";
import path from "node:path";
import type { CheckSuccess } from "../check/run-check";
import type { Profile } from "../core/profile";
import type { Report } from "../core/report";
import { prepareCheck, prepareClear } from "../workbook/check-session";
import { convertedNotice, INPUT_NAME, type LegacyFormat } from "./legacy-format";
import { openWorkbookInput } from "./legacy-input";
import { nodeCodec } from "./node-codec";
import { packageSnapshot } from "./package-snapshot";
import { writeCheck, writeClear } from "./package-writer";
import { WorkbookPackage } from "./workbook-package";
import { PackageError } from "./zip-archive";

/**
 * The headless check of .xlsx files: read the file's parts, run the check session, write an
 * annotated copy (and the JSON report) next to it. The input is never modified; an existing output
 * is replaced only when asked (--force); every output is written to a temporary file and renamed,
 * so that a failure leaves nothing half-written.
 */

/** A problem with a file that stops its check: the message names the file (and cell). */
export class CheckFileError extends Error {
  override readonly name = "CheckFileError";
  /**
   * @param file - The file concerned.
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
  /** Replace outputs that exist (default: refuse). */
  readonly force?: boolean;
  /** Merge each branch site into the school its name extends, as proposed (--merge-branches). */
  readonly mergeProposedBranches?: boolean;
}

/** What a headless check produced. */
export interface CheckFileResult {
  readonly input: string;
  readonly output: string;
  readonly json: string | null;
  readonly outcome: CheckSuccess;
  readonly report: Report;
  /** The legacy format the input was in (checked through an .xlsx copy); null for .xlsx. */
  readonly converted: LegacyFormat | null;
}

/**
 * A file-system error in words, naming the file.
 *
 * @param e - The error.
 * @param file - The file concerned.
 * @param doing - What was being done ("读取", "写入").
 * @returns The error to throw.
 */
export function fileError(e: unknown, file: string, doing: "读取" | "写入"): CheckFileError {
  const raw = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const code = typeof raw === "string" ? raw : "";
  const why: Record<string, string> = {
    ENOENT: doing === "读取" ? "文件不存在" : "所在文件夹不存在",
    EISDIR: "这是一个文件夹，不是文件",
    ENOTDIR: "路径中有一段不是文件夹",
    EEXIST: "路径中有一段不是文件夹（同名文件已存在）",
    EACCES: "没有权限",
    EPERM: "没有权限，或文件正在被其他程序（如 Excel、WPS）打开",
    EBUSY: "文件正在被其他程序（如 Excel、WPS）打开，请关闭后再试",
    ENOSPC: "磁盘空间不足",
    EROFS: "磁盘只读",
    EMFILE: "打开的文件过多",
    ENAMETOOLONG: "文件名过长",
  };
  return new CheckFileError(file, `无法${doing}：${why[code] ?? `系统错误（${code || "未知"}）`}`);
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    throw fileError(e, file, "读取");
  }
}

/**
 * Opens a workbook file at the part level.
 *
 * @param file - The path.
 * @returns The package.
 * @throws CheckFileError for a missing, unreadable or corrupt file, or one that is not .xlsx.
 */
export async function openPackage(file: string): Promise<WorkbookPackage> {
  const bytes = await readInput(file);
  try {
    return await WorkbookPackage.open(bytes, nodeCodec());
  } catch (e) {
    if (e instanceof PackageError) throw new CheckFileError(file, e.message);
    throw e;
  }
}

/**
 * Writes a file: a temporary file beside it, then a rename, so that the target is either the old
 * file or the whole new one. An existing target is replaced only with `force`.
 *
 * @param target - The final path.
 * @param data - The content.
 * @param force - Replace an existing file.
 * @throws CheckFileError naming the target: it exists (without force), it is a folder, it is open
 *   in another program, the disk is full, …
 */
export async function writeOutput(target: string, data: Uint8Array | string, force = false): Promise<void> {
  const existing = await fs.stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new CheckFileError(target, "无法写入：同名文件夹已存在");
  if (existing && !force) throw new CheckFileError(target, "文件已存在，未覆盖（如需覆盖请加 --force）");
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (e) {
    throw fileError(e, path.dirname(target), "写入");
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw fileError(e, target, "写入");
  }
}

/**
 * Opens a workbook file of any format the check takes (.xlsx as it is; .xls, .et, .ods and web-page
 * or XML tables through an .xlsx copy).
 *
 * @param file - The path.
 * @returns The package and the format it was converted from.
 * @throws CheckFileError for a missing, unreadable or corrupt file, or one that is not a workbook.
 */
async function openInput(file: string): Promise<{ pkg: WorkbookPackage; converted: LegacyFormat | null }> {
  const bytes = await readInput(file);
  try {
    return await openWorkbookInput(bytes, path.basename(file), nodeCodec());
  } catch (e) {
    if (e instanceof PackageError) throw new CheckFileError(file, e.message);
    throw e;
  }
}

/**
 * The default path of the annotated copy: beside the input, `<name>.检查结果.xlsx`.
 *
 * @param input - The input file.
 * @returns The output path.
 */
export function defaultOutput(input: string): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(INPUT_NAME, "");
  return path.join(dir, `${base}.检查结果.xlsx`);
}

/**
 * The headless check of one workbook file (.xlsx; .xls, .et and .ods through an .xlsx copy): finds the school table, runs the check, writes an
 * annotated copy (and the JSON report), never modifying the input.
 *
 * @param input - The .xlsx file.
 * @param options - Sheet, output paths, profile, time, force.
 * @returns What was written.
 * @throws CheckFileError when the file cannot be read, has no school table or lacks required
 *   columns, or an output cannot be written; nothing is written then.
 */
export async function checkFile(input: string, options: CheckFileOptions = {}): Promise<CheckFileResult> {
  const output = path.resolve(options.out ?? defaultOutput(input));
  if (path.resolve(input) === output) throw new CheckFileError(input, "输出文件不能与输入文件相同（检查从不改写原文件）");
  const json = options.json ? path.resolve(options.json) : null;
  if (json === output) throw new CheckFileError(json, "JSON 报告不能与标注副本是同一个文件");
  const now = options.now ?? new Date();
  const { pkg, converted } = await openInput(input);
  let prepared;
  try {
    prepared = await prepareCheck(packageSnapshot(pkg), {
      now,
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.mergeProposedBranches ? { mergeProposedBranches: true } : {}),
      ...(converted ? { source: `${path.basename(input)}：${convertedNotice(converted)}` } : {}),
    });
  } catch (e) {
    if (e instanceof PackageError) throw new CheckFileError(input, e.message);
    throw e;
  }
  if (!prepared.ok) throw new CheckFileError(input, prepared.message);
  // Both outputs are checked before either is written.
  for (const target of [output, ...(json ? [json] : [])]) {
    const existing = await fs.stat(target).catch(() => null);
    if (existing?.isDirectory()) throw new CheckFileError(target, "无法写入：同名文件夹已存在");
    if (existing && !options.force) throw new CheckFileError(target, "文件已存在，未覆盖（如需覆盖请加 --force）");
  }
  let bytes: Uint8Array;
  try {
    bytes = (await writeCheck(pkg, prepared.writes, now)).bytes;
  } catch (e) {
    if (e instanceof PackageError) throw new CheckFileError(input, e.message);
    throw e;
  }
  await writeOutput(output, bytes, options.force);
  if (json) await writeOutput(json, `${JSON.stringify(prepared.outcome.report, null, 2)}\n`, options.force);
  return { input, output, json, outcome: prepared.outcome, report: prepared.outcome.report, converted };
}

/**
 * Removes a previous check's annotations from a file, writing a new file.
 *
 * @param input - The annotated file.
 * @param out - The cleared copy's path.
 * @param options - Time and force.
 * @returns Whether there was anything to clear (nothing is written when there was not).
 */
export async function clearFile(input: string, out: string, options: { now?: Date; force?: boolean } = {}): Promise<boolean> {
  if (path.resolve(input) === path.resolve(out)) throw new CheckFileError(input, "输出文件不能与输入文件相同");
  const pkg = await openPackage(input);
  let bytes: Uint8Array | null;
  try {
    bytes = await writeClear(pkg, await prepareClear(packageSnapshot(pkg)), options.now ?? new Date());
  } catch (e) {
    if (e instanceof PackageError) throw new CheckFileError(input, e.message);
    throw e;
  }
  if (bytes === null) return false;
  await writeOutput(path.resolve(out), bytes, options.force);
  return true;
}
