/**
 * The county checklist's Excel formulas evaluated in a real formula engine (HyperFormula): every
 * item type (met, not met, missing entry, veto set), the group verdicts and the county verdict.
 */
import { HyperFormula, type RawCellContent } from "hyperformula";
import { describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS } from "../../src/core/checklist";
import { checklistSheet, type ChecklistLayout } from "../../src/plan/checklist-sheet";

function engine(layout: ChecklistLayout): { hf: HyperFormula; sheet: number } {
  const rows = Math.max(...layout.sheet.cells.map((c) => c.row)) + 1;
  const data: RawCellContent[][] = Array.from({ length: rows }, () => Array<RawCellContent>(6).fill(null));
  for (const c of layout.sheet.cells)
    data[c.row]![c.col] = c.formula !== undefined ? `=${c.formula}` : c.value === "" ? null : (c.value ?? null);
  const hf = HyperFormula.buildFromSheets({ 评估清单: data }, { licenseKey: "gpl-v3" });
  return { hf, sheet: hf.getSheetId("评估清单")! };
}

/** Fills every input so that the county is recognised; returns a setter to change one item. */
function allMet(layout: ChecklistLayout) {
  const { hf, sheet } = engine(layout);
  const set = (index: number, value: RawCellContent) => hf.setCellContents({ sheet, row: layout.itemRows[index]!, col: 2 }, [[value]]);
  CHECKLIST_ITEMS.forEach((item, i) => {
    if (item.type === "yesno") set(i, "是");
    else if (item.type === "veto") set(i, "否");
    else if (item.type === "fromCheck") set(i, "达标");
    else if (item.type === "numeric") set(i, item.percent ? 1 : (item.threshold ?? 0));
    else if (item.type === "subjectRate") set(i, null);
  });
  // one monitored subject this year
  set(
    CHECKLIST_ITEMS.findIndex((x) => x.type === "subjectRate"),
    0.1,
  );
  const verdict = (index: number) => hf.getCellValue({ sheet, row: layout.itemRows[index]!, col: 4 });
  const group = (g: keyof ChecklistLayout["groupRows"]) => hf.getCellValue({ sheet, row: layout.groupRows[g], col: 4 });
  const county = () => hf.getCellValue({ sheet, row: layout.countyRow, col: 4 });
  return { hf, set, verdict, group, county };
}

const idx = (pred: (x: (typeof CHECKLIST_ITEMS)[number]) => boolean) => CHECKLIST_ITEMS.findIndex(pred);
const consolidation = idx((x) => x.text.startsWith("全县初中三年巩固率"));
const special = idx((x) => x.text.startsWith("特殊教育学校生均公用经费"));
const layoutYes = idx((x) => x.text.startsWith("区域内义务教育学校规划布局"));
const firstVeto = idx((x) => x.type === "veto");
const subject = idx((x) => x.type === "subjectRate");

describe("评估清单 formulas in HyperFormula", () => {
  it("has all 15 guarantee items, 9 quality items, 7 resource indicators and the 6 veto items", () => {
    const count = (g: string) => new Set(CHECKLIST_ITEMS.filter((x) => x.group === g).map((x) => x.no.replace(/\(\d\)$/, ""))).size;
    expect([count("guarantee"), count("quality"), CHECKLIST_ITEMS.filter((x) => x.indicator).length, count("veto")]).toEqual([15, 9, 7, 6]);
  });

  it("recognises the county when every group holds and there is no veto", () => {
    const c = allMet(checklistSheet());
    expect([c.group("resource"), c.group("guarantee"), c.group("quality"), c.group("recognition"), c.group("veto")]).toEqual([
      "达标",
      "达标",
      "达标",
      "达标",
      "无",
    ]);
    expect(c.county()).toBe("认定");
  });

  it("numeric items: 95% or 95 met, 94.9% not met, blank is 未填, text asks for a number", () => {
    const c = allMet(checklistSheet());
    c.set(consolidation, 0.95);
    expect(c.verdict(consolidation)).toBe("达标");
    c.set(consolidation, 95);
    expect(c.verdict(consolidation)).toBe("达标");
    c.set(consolidation, 0.949);
    expect(c.verdict(consolidation)).toBe("未达标");
    expect(c.group("quality")).toBe("未达标");
    expect(c.county()).toBe("不予认定");
    c.set(consolidation, null);
    expect(c.verdict(consolidation)).toBe("未填");
    expect(c.group("quality")).toBe("未填完");
    expect(c.county()).toBe("未填完");
    c.set(consolidation, "约95%");
    expect(c.verdict(consolidation)).toBe("请填数字");
  });

  it("amounts in 元 compare as they are: 6000 met, 5999 not", () => {
    const c = allMet(checklistSheet());
    c.set(special, 6000);
    expect(c.verdict(special)).toBe("达标");
    c.set(special, 5999);
    expect(c.verdict(special)).toBe("未达标");
  });

  it("是/否 items: 否 fails the group", () => {
    const c = allMet(checklistSheet());
    c.set(layoutYes, "否");
    expect(c.verdict(layoutYes)).toBe("未达标");
    expect(c.group("guarantee")).toBe("未达标");
    expect(c.county()).toBe("不予认定");
  });

  it("a veto set refuses recognition even when every group holds", () => {
    const c = allMet(checklistSheet());
    c.set(firstVeto, "是");
    expect(c.verdict(firstVeto)).toBe("否决");
    expect(c.group("veto")).toBe("否决");
    expect(c.county()).toBe("不予认定");
  });

  it("校际差异率 per subject: 0.149 or 14.9 met, 0.15 not, blank 未测", () => {
    const c = allMet(checklistSheet());
    c.set(subject, 0.149);
    expect(c.verdict(subject)).toBe("达标");
    c.set(subject, 14.9);
    expect(c.verdict(subject)).toBe("达标");
    c.set(subject, 0.15);
    expect(c.verdict(subject)).toBe("未达标");
    c.set(subject, null);
    expect(c.verdict(subject)).toBe("未测");
  });

  it("the resource rows come from the check", () => {
    const c = allMet(checklistSheet());
    c.set(
      idx((x) => x.type === "fromCheck" && !x.indicator),
      "未达标",
    );
    expect(c.group("resource")).toBe("未达标");
    expect(c.county()).toBe("不予认定");
  });
});
