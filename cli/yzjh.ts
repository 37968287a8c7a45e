/**
 * The headless command line: `yzjh check <input.xlsx|.xls|.et|.ods>... [--sheet NAME] [--out FILE|DIR]
 * [--json FILE|DIR] [--profile FILE]`, `yzjh clear <file> [--out FILE]`, `yzjh demo [--out DIR]
 * [--schools N]`.
 * Exit 0 when the reports were written (whatever the schools' verdicts), 2 for bad input with a
 * message on stderr naming the file and cell; never a stack trace for bad input.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { summaryLines } from "../src/check/summary-text";
import { loadProfile, type Profile } from "../src/core/profile";
import { sampleCounty } from "../src/demo/sample-county";
import { sampleWorkbookBytes } from "../src/demo/sample-workbook";
import { checklistSheet } from "../src/plan/checklist-sheet";
import { planTemplate } from "../src/plan/plan-template";
import { loadExcelJS, writeFormulaSheet } from "../src/xlsx/new-workbook";
import { checkFile, CheckFileError, clearFile, writeOutput, type CheckFileResult } from "../src/xlsx/check-file";
import { convertedNotice, INPUT_NAME } from "../src/xlsx/legacy-format";
import { VERSION } from "../src/version";

const USAGE = `用法：
  yzjh check <文件.xlsx|.xls|.et|.ods|文件夹>... [--sheet 表名] [--out 文件|文件夹] [--json 文件|文件夹] [--profile 配置.json] [--force] [--merge-branches]
  yzjh clear <文件.xlsx> [--out 文件] [--force]
  yzjh checklist [--out 文件] [--check 数据.xlsx] [--start 年份] [--years 年数] [--force]
  yzjh demo [--out 文件夹] [--schools 学校数]
  yzjh --version

check  检查学校数据表，写出带标注的副本（默认与原文件同目录：<名称>.检查结果.xlsx），原文件不会被修改；
       .xls、.et、.ods 和统计系统导出的网页表格先转成 .xlsx 副本再标注（不保留原有的颜色、字体和批注）
clear  去掉检查添加的标注、结果表，写出新文件
checklist 写出县域评估清单（31项指标与不予认定情形，判定由 Excel 公式计算）和推进规划模板；
       给出 --check 时用该文件的检查结果填写资源配置和现状
demo   生成示例县工作簿（out/示例县2024.xlsx），检查并打印摘要（覆盖 out/ 中上次生成的示例文件）

已存在的输出文件不会被覆盖，除非加 --force。`;

/** A usage error: exit 2 with the message and the usage. */
class UsageError extends Error {}

/**
 * Node's argument parser's complaint, in Chinese: the option it names and what is wrong with it.
 *
 * @param code - Its error code (ERR_PARSE_ARGS_…).
 * @param message - Its English message, for the option's name.
 * @returns The message.
 */
function parseArgsMessage(code: string, message: string): string {
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `未知选项“${option}”`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `选项“${option.split(" ")[0] ?? option}”缺少取值，或不应带取值`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return "多余的参数";
  return "命令行参数有误";
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const i of inputs) {
    if (await isDirectory(i)) {
      const names = (await fs.readdir(i)).filter((n) => INPUT_NAME.test(n) && !n.startsWith("~$") && !/\.检查结果\.xlsx$/.test(n)).sort();
      out.push(...names.map((n) => path.join(i, n)));
    } else out.push(i);
  }
  return out;
}

/** Where JSON.parse stopped, as 第 L 行第 C 列, from the position in its message. */
function jsonErrorPlace(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : "");
  if (!m) return "";
  const before = text.replace(/^\uFEFF/, "").slice(0, Number(m[1]));
  const lines = before.split("\n");
  return `（第 ${lines.length} 行第 ${(lines[lines.length - 1]?.length ?? 0) + 1} 列附近）`;
}

async function readProfile(file: string | undefined): Promise<Profile | undefined> {
  if (!file) return undefined;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new CheckFileError(file, "标准配置文件不存在或无法读取");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Notepad's "ANSI" is GBK on a Chinese Windows: read as UTF-8 it would give a garbled name.
    throw new CheckFileError(file, "标准配置文件不是 UTF-8 编码（可能是 GBK/ANSI）：请在记事本中“另存为”，编码选 UTF-8");
  }
  let data: unknown;
  try {
    // Notepad and WPS save UTF-8 with a byte-order mark; it is not part of the JSON.
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new CheckFileError(file, `标准配置文件不是有效的 JSON${jsonErrorPlace(text, e)}：请检查引号（须为英文双引号）、逗号和括号`);
  }
  const p = loadProfile(data);
  if (!p.ok) {
    const confirm = p.confirmable ? `。如确为本地标准，请在配置文件中加入 "confirmed": true` : "";
    throw new CheckFileError(file, `标准配置无效：${p.problems.join("；")}${confirm}`);
  }
  return p.profile;
}

/**
 * The name each input's outputs are based on: its name without the extension. Where two inputs of a
 * run would write the same copy (乙县.xls beside 乙县.xlsx, or two folders' 乙县.xlsx into one --out
 * folder), the one in another format keeps its extension (乙县.xls) and, if that is not enough, the
 * name of its folder goes in front (b-乙县), so that no copy replaces another.
 */
function outputBases(inputs: readonly string[], target: (input: string, base: string) => string): Map<string, string> {
  const bases = new Map(inputs.map((i) => [i, path.basename(i).replace(INPUT_NAME, "")]));
  const clashes = () => {
    const seen = new Map<string, string[]>();
    for (const i of inputs) {
      const key = path.resolve(target(i, bases.get(i) ?? "")).toLowerCase();
      seen.set(key, [...(seen.get(key) ?? []), i]);
    }
    return [...seen.values()].filter((group) => group.length > 1);
  };
  for (const group of clashes()) for (const i of group) if (!/\.xlsx$/i.test(i)) bases.set(i, path.basename(i));
  for (const group of clashes())
    for (const i of group.slice(1)) bases.set(i, `${path.basename(path.dirname(path.resolve(i)))}-${bases.get(i) ?? ""}`);
  return bases;
}

function targetIn(dirOrFile: string | undefined, input: string, base: string, many: boolean, ext: ".xlsx" | ".json"): string | undefined {
  if (!dirOrFile) return ext === ".xlsx" ? path.join(path.dirname(input), `${base}.检查结果.xlsx`) : undefined;
  if (!many && !dirOrFile.endsWith(path.sep) && path.extname(dirOrFile) !== "") return dirOrFile;
  return path.join(dirOrFile, ext === ".json" ? `${base}.report.json` : `${base}.检查结果.xlsx`);
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      sheet: { type: "string" },
      out: { type: "string" },
      json: { type: "string" },
      profile: { type: "string" },
      quiet: { type: "boolean" },
      force: { type: "boolean" },
      "merge-branches": { type: "boolean" },
    },
  });
  if (positionals.length === 0) throw new UsageError("请给出要检查的工作簿文件（.xlsx、.xls、.et、.ods）或文件夹");
  const profile = await readProfile(values.profile);
  const inputs = await expandInputs(positionals);
  if (inputs.length === 0) throw new UsageError("文件夹中没有工作簿文件（.xlsx、.xls、.et、.ods）");
  const many = inputs.length > 1;
  const bases = outputBases(inputs, (input, base) => targetIn(values.out, input, base, many, ".xlsx") ?? "");
  const bar =
    many && process.stderr.isTTY
      ? new (await import("cli-progress")).SingleBar({
          format: "检查中 [{bar}] {value}/{total} {file}",
          stream: process.stderr,
          hideCursor: true,
        })
      : null;
  bar?.start(inputs.length, 0, { file: "" });
  const done: CheckFileResult[] = [];
  const failed: { input: string; message: string }[] = [];
  for (const input of inputs) {
    bar?.update(done.length + failed.length, { file: path.basename(input) });
    try {
      const base = bases.get(input) ?? path.basename(input);
      const out = targetIn(values.out, input, base, many, ".xlsx");
      const json = targetIn(values.json, input, base, many, ".json");
      const r = await checkFile(input, {
        ...(values.sheet ? { sheet: values.sheet } : {}),
        ...(out ? { out } : {}),
        ...(json ? { json } : {}),
        ...(profile ? { profile } : {}),
        ...(values.force ? { force: true } : {}),
        ...(values["merge-branches"] ? { mergeProposedBranches: true } : {}),
      });
      done.push(r);
    } catch (e) {
      if (!(e instanceof CheckFileError)) throw e;
      failed.push({ input, message: e.message });
    }
  }
  bar?.update(inputs.length, { file: "" });
  bar?.stop();
  for (const f of failed) process.stderr.write(`错误：${f.message}\n`);
  for (const d of done) if (d.converted) process.stdout.write(`注意：${path.basename(d.input)}：${convertedNotice(d.converted)}\n`);
  if (!many && done[0]) {
    if (!values.quiet) process.stdout.write(`${summaryLines(done[0].outcome).join("\n")}\n\n`);
    process.stdout.write(`已写出：${done[0].output}${done[0].json ? `\n已写出：${done[0].json}` : ""}\n`);
  } else if (many) {
    await writeRollup(done, failed, values.out, values.force === true);
  }
  return failed.length > 0 ? 2 : 0;
}

async function writeRollup(
  done: readonly CheckFileResult[],
  failed: readonly { input: string; message: string }[],
  outDir: string | undefined,
  force: boolean,
): Promise<void> {
  const header = [
    "工作簿",
    "工作表",
    "小学评估单元",
    "小学达标",
    "初中评估单元",
    "初中达标",
    "差异系数超限项",
    "资源配置",
    "数据错误",
    "说明",
  ];
  const rows = done.map((d) => {
    const l = d.outcome.result.levels;
    const overs = (["primary", "junior"] as const).flatMap((lv) =>
      Object.values(l[lv].indicators)
        .filter((s) => s.cvPass === false)
        .map((s) => `${lv === "primary" ? "小学" : "初中"}${s.id}`),
    );
    return [
      path.basename(d.input),
      d.outcome.sheetName,
      l.primary.units,
      l.primary.passing,
      l.junior.units,
      l.junior.passing,
      overs.length ? overs.join("、") : "无",
      d.outcome.result.resourcePass === null ? "—" : d.outcome.result.resourcePass ? "达标" : "未达标",
      d.outcome.read.problems.filter((p) => p.severity === "error").length,
      d.converted ? "由旧格式文件转成的 .xlsx 副本检查" : "",
    ];
  });
  // A file that could not be checked has its row too, so that the roll-up never hides a county.
  for (const f of failed) rows.push([path.basename(f.input), "—", "", "", "", "", "", "未检查", "", f.message.replace(`${f.input}：`, "")]);
  for (const r of [header, ...rows]) process.stdout.write(`${r.join("\t")}\n`);
  const dir = outDir ?? process.cwd();
  const file = path.join(dir, "汇总.xlsx");
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("汇总");
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns = header.map((h, i) => ({ width: i === 0 ? 30 : Math.max(10, h.length * 2) }));
  await writeOutput(path.resolve(file), new Uint8Array(await wb.xlsx.writeBuffer()), force);
  const notChecked = failed.length > 0 ? `，${failed.length}个未能检查（原因见上，汇总中标为“未检查”）` : "";
  process.stdout.write(`\n已检查${done.length}个工作簿${notChecked}，汇总：${file}\n`);
}

async function clear(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, force: { type: "boolean" } },
  });
  const input = positionals[0];
  if (!input || positionals.length > 1) throw new UsageError("clear 需要且只需要一个文件");
  const out = values.out ?? input.replace(/(\.检查结果)?\.xlsx$/i, ".已清除.xlsx");
  const changed = await clearFile(input, out, { force: values.force === true });
  if (!changed) {
    process.stdout.write("没有需要清除的标注（文件中没有检查记录），未写出文件\n");
    return 0;
  }
  process.stdout.write(`已清除标注，写出：${out}\n`);
  return 0;
}

async function checklist(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      check: { type: "string" },
      start: { type: "string" },
      years: { type: "string" },
      force: { type: "boolean" },
    },
  });
  const start = values.start ? Number(values.start) : new Date().getFullYear();
  const years = values.years ? Number(values.years) : 5;
  if (!Number.isInteger(start) || start < 2000 || start > 2100) throw new UsageError(`--start 应为年份，收到“${values.start ?? ""}”`);
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new UsageError(`--years 应为1到10，收到“${values.years ?? ""}”`);
  const out = values.out ?? "县域评估清单.xlsx";
  if (!values.force && (await fs.stat(out).catch(() => null)))
    throw new CheckFileError(out, "文件已存在，未覆盖（其中可能已有填写的内容；如需覆盖请加 --force）");
  const tmpOut = path.join(os.tmpdir(), `yzjh-${process.pid}-${Date.now()}.xlsx`);
  const outcome = values.check ? (await checkFile(values.check, { out: tmpOut })).outcome : undefined;
  await fs.rm(tmpOut, { force: true });
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  writeFormulaSheet(wb, checklistSheet(outcome).sheet);
  writeFormulaSheet(wb, planTemplate(start, years, outcome));
  await writeOutput(path.resolve(out), new Uint8Array(await wb.xlsx.writeBuffer()), values.force === true);
  process.stdout.write(`已写出：${out}（“评估清单”在C列填写，E列判定由公式计算；“推进规划”各年填写 达标学校数/学校总数）\n`);
  return 0;
}

async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" }, schools: { type: "string" } } });
  const dir = values.out ?? "out";
  const schools = values.schools === undefined ? undefined : Number(values.schools);
  if (schools !== undefined && !(Number.isInteger(schools) && schools >= 1 && schools <= 200_000)) {
    process.stderr.write(`错误：--schools 应为1到200000之间的整数，收到“${values.schools}”\n`);
    return 2;
  }
  const sheet = sampleCounty(schools === undefined ? {} : { schools });
  const input = path.join(dir, "示例县2024.xlsx");
  // The demo's own files are replaced on every run (it says so in the usage).
  await writeOutput(path.resolve(input), await sampleWorkbookBytes(sheet), true);
  process.stdout.write(`示例工作簿：${input}（本工具生成的示例数据）\n\n`);
  const r = await checkFile(input, { json: path.join(dir, "示例县2024.report.json"), force: true });
  process.stdout.write(`${summaryLines(r.outcome).join("\n")}\n\n已写出标注副本：${r.output}\n已写出 JSON 报告：${r.json ?? ""}\n`);
  return 0;
}

/**
 * Runs the CLI.
 *
 * @param argv - Arguments after the program name.
 * @returns The exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes("--help") || rest.includes("-h"))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case "check":
        return await check(rest);
      case "clear":
        return await clear(rest);
      case "demo":
        return await demo(rest);
      case "checklist":
        return await checklist(rest);
      case "--version":
      case "-v":
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case "--help":
      case "-h":
      case "help":
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`未知命令“${command}”`);
    }
  } catch (e) {
    if (e instanceof CheckFileError) {
      process.stderr.write(`错误：${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`错误：${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    const code = e instanceof TypeError && "code" in e ? String((e as { code: unknown }).code) : "";
    if (code.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`错误：${parseArgsMessage(code, e instanceof Error ? e.message : "")}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(
      `内部错误：${e instanceof Error ? e.message : String(e)}\n${process.env.YZJH_DEBUG && e instanceof Error ? (e.stack ?? "") : "（设置 YZJH_DEBUG=1 查看详情）"}\n`,
    );
    return 1;
  }
}
