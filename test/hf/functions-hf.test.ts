/**
 * The custom functions evaluated inside a real formula engine (HyperFormula, GPL, test-only): a
 * plugin is built from the generated dist/functions.json, each YZJH.* function calls the same
 * wrapper Excel calls, and formulas over real ranges recalculate when an input changes.
 */
import {
  ArraySize,
  CellError,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type ImplementedFunctions,
} from "hyperformula";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as functions from "../../src/functions/functions";
import { LAYOUTS } from "../fixtures/layouts";

interface Fn {
  id: string;
  parameters: { name: string; dimensionality?: string; optional?: boolean }[];
  result: { dimensionality?: string };
}
const meta = JSON.parse(readFileSync("dist/functions.json", "utf8")) as { functions: Fn[] };
const SPILL_ROWS = 40;
const SPILL_COLS = 12;

type Plain = number | string | boolean;
function plain(v: unknown): Plain {
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return "";
}
function toArgs(v: unknown): unknown {
  if (v instanceof SimpleRangeValue) return v.rawData().map((row) => row.map(plain));
  return plain(v);
}

/** The parts of HyperFormula's procedure AST the plugin uses. */
interface CallAst {
  readonly args: readonly unknown[];
}

class YzjhPlugin extends FunctionPlugin {
  static implementedFunctions: ImplementedFunctions = {};
  spillSize(): ArraySize {
    return new ArraySize(SPILL_COLS, SPILL_ROWS);
  }
  splitSize(ast: CallAst): ArraySize {
    return new ArraySize(ast.args.length >= 4 ? 3 : 2, 1);
  }
  invoke(
    name: string,
    compute: (...args: unknown[]) => ReturnType<Parameters<FunctionPlugin["runFunction"]>[3]>,
    ast: CallAst,
    state: unknown,
  ) {
    type Run = Parameters<typeof this.runFunction>;
    return this.runFunction(ast.args as Run[0], state as Run[1], this.metadata(name), compute);
  }
}
const translations: Record<string, string> = {};
for (const f of meta.functions) {
  const name = `YZJH.${f.id}`;
  const method = `call_${f.id}`;
  const spills = f.result.dimensionality === "matrix";
  YzjhPlugin.implementedFunctions[name] = {
    method,
    parameters: f.parameters.map((p) => ({
      argumentType: p.dimensionality === "matrix" ? FunctionArgumentType.RANGE : FunctionArgumentType.SCALAR,
      ...(p.optional ? { optionalArg: true } : {}),
    })),
    ...(spills ? { sizeOfResultArrayMethod: f.id === "SPLIT" ? "splitSize" : "spillSize", vectorizationForbidden: true } : {}),
  };
  translations[name] = name;
  const wrapper = (functions as unknown as Record<string, (...a: unknown[]) => unknown>)[f.id.toLowerCase()];
  (YzjhPlugin.prototype as unknown as Record<string, unknown>)[method] = function (this: YzjhPlugin, ast: CallAst, state: unknown) {
    return this.invoke(
      name,
      (...args: unknown[]) => {
        try {
          const r = wrapper!(...args.map(toArgs));
          if (!Array.isArray(r)) return r as Plain;
          if (f.id === "SPLIT") return SimpleRangeValue.onlyValues(r as Plain[][]);
          // HyperFormula needs the spill size in advance: pad to it with blanks.
          const rows = (r as Plain[][]).map((row) => [...row, ...Array<Plain>(Math.max(0, SPILL_COLS - row.length)).fill("")]);
          while (rows.length < SPILL_ROWS) rows.push(Array<Plain>(SPILL_COLS).fill(""));
          return SimpleRangeValue.onlyValues(rows);
        } catch (e) {
          return new CellError(ErrorType.VALUE, e instanceof Error ? e.message : String(e));
        }
      },
      ast,
      state,
    );
  };
}
HyperFormula.registerFunctionPlugin(YzjhPlugin, { enGB: translations });

describe("YZJH functions in HyperFormula", () => {
  it("=YZJH.CV over real ranges gives the published 0.5153, and recalculates after an edit", () => {
    const students = [45, 37, 89, 76, 55];
    const books = [279, 137, 935, 160, 402];
    const rows = [["学生", "图书", "生均"], ...students.map((p, i) => [p, books[i], `=B${i + 2}/A${i + 2}`])];
    const hf = HyperFormula.buildFromSheets(
      { 样本: [...rows, [], ["=YZJH.CV(C2:C6,A2:A6)", '=YZJH.CVPASS(C2:C6,A2:A6,"小学")']] },
      { licenseKey: "gpl-v3" },
    );
    const sheet = hf.getSheetId("样本")!;
    expect(hf.getCellValue({ sheet, row: 7, col: 0 })).toBeCloseTo(0.5153, 4);
    expect(hf.getCellValue({ sheet, row: 7, col: 1 })).toBe(false);
    // give every school the same books per student: the CV drops to 0 and passes
    hf.setCellContents({ sheet, row: 1, col: 1 }, [[45 * 6]]);
    for (let i = 1; i < 5; i++) hf.setCellContents({ sheet, row: i + 1, col: 1 }, [[students[i]! * 6]]);
    expect(hf.getCellValue({ sheet, row: 7, col: 0 })).toBeCloseTo(0, 12);
    expect(hf.getCellValue({ sheet, row: 7, col: 1 })).toBe(true);
    hf.destroy();
  });

  it("shows #VALUE! with the message for bad input", () => {
    const hf = HyperFormula.buildFromArray([[1, 2, "=YZJH.CV(A1:B1,A1:A1)", '=YZJH.STANDARD("图书","小学")']], { licenseKey: "gpl-v3" });
    const v = hf.getCellValue({ sheet: 0, row: 0, col: 2 });
    expect(v).toBeInstanceOf(Object);
    expect((v as { value: string; message: string }).value).toBe("#VALUE!");
    expect((v as { message: string }).message).toContain("两个区域大小不同");
    expect((v as { message: string }).message).not.toBe("");
    expect((hf.getCellValue({ sheet: 0, row: 0, col: 3 }) as { message: string }).message).toContain("未知指标");
    hf.destroy();
  });

  it("spills SPLIT, and EVALUATE spills the per-unit table of a statistics sheet", () => {
    const flat = LAYOUTS.find((l) => l.id === "flat-basic")!;
    const table = flat.rows.map((r) => r.map((v) => (v === null || v === undefined ? null : (v as string | number))));
    const hf = HyperFormula.buildFromSheets(
      { 数据: table, 结果: [["=YZJH.SPLIT(23226,166,210)"], [], ["=YZJH.EVALUATE('数据'!A1:J8)"]] },
      { licenseKey: "gpl-v3" },
    );
    const out = hf.getSheetId("结果")!;
    expect(hf.getCellValue({ sheet: out, row: 0, col: 0 })).toBeCloseTo(9711.6, 1);
    expect(hf.getCellValue({ sheet: out, row: 0, col: 1 })).toBeCloseTo(13514.4, 1);

    expect(hf.getCellValue({ sheet: out, row: 3, col: 0 })).toBe("城关第一小学");
    expect(hf.getCellValue({ sheet: out, row: 3, col: 10 })).toBe("达标");
    expect(hf.getCellValue({ sheet: out, row: 5, col: 0 })).toBe("大湾教学点");
    expect(hf.getCellValue({ sheet: out, row: 5, col: 10 })).toBe("不参评");
    // the primary school loses most of its sports ground: it fails after recalculation
    const data = hf.getSheetId("数据")!;
    hf.setCellContents({ sheet: data, row: 3, col: 7 }, [[5000]]);
    expect(hf.getCellValue({ sheet: out, row: 3, col: 10 })).toBe("未达标");
    hf.destroy();
  });
});
