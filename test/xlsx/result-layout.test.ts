import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sampleCounty } from "../../src/demo/sample-county";
import { sampleWorkbookBytes } from "../../src/demo/sample-workbook";
import { checklistSheet } from "../../src/plan/checklist-sheet";
import { planTemplate } from "../../src/plan/plan-template";
import { checkFile } from "../../src/xlsx/check-file";
import { loadExcelJS, writeFormulaSheet } from "../../src/xlsx/new-workbook";
import { HAS_LIBREOFFICE, HAS_OPENPYXL } from "../support/consumers";

/**
 * The annotated copy of the 67-school sample as a colleague without the add-in reads and prints it:
 * openpyxl reads each result sheet's view and print settings, LibreOffice prints the workbook to
 * PDF, and the PDF's pages and text are checked.
 */

const RESULT_SHEETS = ["达标结果", "差异系数", "缺口汇总", "保障程度", "数据问题", "检查信息"];
let dir = "";
let output = "";

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yzjh-layout-"));
  const input = path.join(dir, "示例县.xlsx");
  writeFileSync(input, await sampleWorkbookBytes(sampleCounty()));
  output = (await checkFile(input)).output;
}, 60_000);

const PY = `
import json, sys, openpyxl
from openpyxl.utils import get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    ps = ws.page_setup
    fills = {}
    for row in ws.iter_rows(max_row=min(ws.max_row, 40)):
        for c in row:
            if c.fill is not None and c.fill.fill_type == "solid":
                fills[c.coordinate] = [c.value, c.fill.fgColor.rgb]
    out[ws.title] = {
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "titles": ws.print_title_rows,
        "orientation": ps.orientation,
        "paper": ps.paperSize,
        "fitWidth": ps.fitToWidth,
        "fitHeight": ps.fitToHeight,
        "fitToPage": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        "widths": {get_column_letter(i): ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)},
        "a1": ws["A1"].value,
        "fills": fills,
    }
print(json.dumps(out, ensure_ascii=False))
`;

interface SheetLook {
  freeze: string | null;
  filter: string | null;
  titles: string | null;
  orientation: string;
  paper: number | string;
  fitWidth: number;
  fitHeight: number;
  fitToPage: boolean;
  widths: Record<string, number>;
  a1: string;
  fills: Record<string, [string, string]>;
}

describe.skipIf(!HAS_OPENPYXL)("result sheets as openpyxl reads them", () => {
  let look: Record<string, SheetLook> = {};
  beforeAll(() => {
    const r = spawnSync("/usr/bin/python3", ["-c", PY, output], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    look = JSON.parse(r.stdout) as Record<string, SheetLook>;
  });

  it("freeze the title and header rows and print them on every page, A4 landscape fitted to the width", () => {
    const expected: Record<string, [string, string]> = {
      达标结果: ["A4", "$1:$3"],
      差异系数: ["A5", "$1:$4"],
      缺口汇总: ["A3", "$1:$2"],
      保障程度: ["A3", "$1:$2"],
      数据问题: ["A2", "$1:$1"],
      检查信息: ["A2", "$1:$1"],
    };
    for (const name of RESULT_SHEETS) {
      const s = look[name]!;
      expect([name, s.freeze, s.titles]).toEqual([name, ...expected[name]!]);
      expect([name, s.orientation, Number(s.paper), s.fitWidth, s.fitHeight, s.fitToPage]).toEqual([name, "landscape", 9, 1, 0, true]);
    }
  });

  it("put an autofilter on each table's header", () => {
    expect(look["达标结果"]!.filter).toMatch(/^A3:P\d+$/);
    expect(look["缺口汇总"]!.filter).toMatch(/^A2:F\d+$/);
    expect(look["数据问题"]!.filter).toMatch(/^A1:C\d+$/);
    expect(look["检查信息"]!.filter).toMatch(/^A\d+:G\d+$/);
  });

  it("widen every column to its header: a CJK character counts two", () => {
    // 多媒体教室（间/百生）: 10 CJK characters, 1 "/": 21 widths, plus 2.
    expect(look["达标结果"]!.widths.L).toBeGreaterThanOrEqual(21);
    expect(look["缺口汇总"]!.widths.E).toBeGreaterThanOrEqual(textWidth("达到85%尚缺"));
    expect(look["保障程度"]!.widths.D).toBeGreaterThanOrEqual(textWidth("无法核实校数"));
  });

  it("say the county verdict with its reason first, and what each colour means", () => {
    expect(look["达标结果"]!.a1).toMatch(/^县域资源配置：未达标——小学：\d+个单元未达标/);
    const legend = Object.values(look["达标结果"]!.fills).map(([v, c]) => [v, c]);
    expect(legend).toEqual([
      ["未达标学校", "FFFFC7CE"],
      ["未达标指标", "FFFFE699"],
      ["保障不达标", "FFBDD7EE"],
      ["数据问题", "FFF8CBAD"],
      ["不参评", "FFD9D9D9"],
    ]);
    const info = Object.values(look["检查信息"]!.fills).map(([v]) => v);
    expect(info).toEqual(["未达标学校", "未达标指标", "保障不达标", "数据问题", "不参评", "达标", "未达标"]);
  });

  it("leave the user's sheet as it was set up", () => {
    expect(look["2024年基础数据"]!.freeze).toBe("B6");
    expect(look["2024年基础数据"]!.titles).toBe("$3:$5");
  });
});

describe.skipIf(!HAS_OPENPYXL)("the checklist and plan template as openpyxl reads them", () => {
  it("freeze and print their title and header rows, A4 landscape fitted to the width, with wrapped rows tall enough", async () => {
    const ExcelJS = await loadExcelJS();
    const wb = new ExcelJS.Workbook();
    writeFormulaSheet(wb, checklistSheet().sheet);
    writeFormulaSheet(wb, planTemplate(2025, 5));
    const file = path.join(dir, "清单.xlsx");
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = spawnSync("/usr/bin/python3", ["-c", PY, file], { encoding: "utf8" });
    const look = JSON.parse(r.stdout) as Record<string, SheetLook>;
    for (const name of ["评估清单", "推进规划"]) {
      const s = look[name]!;
      expect([name, s.freeze, s.titles, s.orientation, Number(s.paper), s.fitWidth, s.fitHeight]).toEqual([
        name,
        "A4",
        "$1:$3",
        "landscape",
        9,
        1,
        0,
      ]);
    }
    const heights = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1])['评估清单']; print(max((d.height or 0) for d in ws.row_dimensions.values()))",
        file,
      ],
      { encoding: "utf8" },
    );
    // The longest 指标 texts take several lines in a 70-wide column.
    expect(Number(heights.stdout)).toBeGreaterThanOrEqual(30);
  });
});

function textWidth(t: string): number {
  let w = 0;
  for (const ch of t) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return w;
}

describe.skipIf(!HAS_LIBREOFFICE)("the annotated copy printed by LibreOffice", () => {
  it("prints each result sheet on a handful of pages, with every header whole and the pages numbered", () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "yzjh-lo-profile-"));
    spawnSync(
      "soffice",
      [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, output],
      {
        timeout: 180_000,
      },
    );
    const pdf = output.replace(/\.xlsx$/, ".pdf");
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
    // Each result sheet is footed with its name and 第 n 页，共 N 页: count the pages per sheet.
    const perSheet = Object.fromEntries(RESULT_SHEETS.map((s) => [s, (text.match(new RegExp(`${s}第\\d+页`, "g")) ?? []).length]));
    for (const s of RESULT_SHEETS) expect([s, perSheet[s]! >= 1 && perSheet[s]! <= 5]).toEqual([s, true]);
    expect(pages).toBeLessThanOrEqual(30);
    for (const header of ["多媒体教室（间/百生）", "高学历教师（人/百生）", "达到85%尚缺", "无法核实校数", "对比：不加权CV（仅供对比）"])
      expect(text).toContain(header);
  }, 240_000);
});
