import { describe, expect, it } from "vitest";
import { INDICATORS } from "../../src/core/indicators";
import { ResultTable } from "../../src/core/result-table";

/** Standards 2, 3, … 8 for the seven indicators. */
const STANDARDS = [2, 3, 4, 5, 6, 7, 8];

/** Writes a row with figures derived from (tag, k) so every slot is different. */
function fill(t: ResultTable, tag: number): number {
  const row = t.openRow(STANDARDS);
  for (let k = 0; k < 7; k++) t.set(row, k, tag * 100 + k, tag + k / 10, k, k / 2, k % 2 === 0, k === 1);
  t.commit();
  return row;
}

describe("ResultTable", () => {
  it("reads back what was written, slot by slot", () => {
    const t = new ResultTable(4);
    const row = fill(t, 3);
    expect(row).toBe(0);
    expect(t.length).toBe(1);
    expect(t.amount(0, 5)).toBe(305);
    expect(t.value(0, 5)).toBe(3.5);
    expect(t.standard(0, 5)).toBe(7);
    expect(t.gap(0, 5)).toBe(5);
    expect(t.floorGap(0, 5)).toBe(2.5);
    expect(t.meets(0, 4)).toBe(true);
    expect(t.meets(0, 5)).toBe(false);
    expect(t.assumedSplit(0, 1)).toBe(true);
    expect(t.assumedSplit(0, 2)).toBe(false);
    // k = 0, 2, 4, 6 meet
    expect(t.metCount(0)).toBe(4);
  });

  it("keeps earlier rows when it grows past its capacity", () => {
    const t = new ResultTable(1);
    for (let tag = 0; tag < 37; tag++) expect(fill(t, tag)).toBe(tag);
    expect(t.length).toBe(37);
    expect(t.amount(0, 6)).toBe(6);
    expect(t.value(20, 3)).toBe(20.3);
    expect(t.amount(36, 0)).toBe(3600);
  });

  it("counts an opened row only once it is committed (a unit with missing data leaves nothing)", () => {
    const t = new ResultTable(2);
    const open = t.openRow(STANDARDS);
    t.set(open, 0, 1, 1, 0, 0, true, false);
    expect(t.length).toBe(0);
    expect(t.openRow(STANDARDS)).toBe(open);
    expect(fill(t, 9)).toBe(open);
    expect(t.amount(open, 0)).toBe(900);
  });

  it("shows a row as a record of the seven results, keyed in the order of the indicator table", () => {
    const t = new ResultTable();
    fill(t, 1);
    const r = t.record(0);
    expect(Object.keys(r)).toEqual(INDICATORS.map((d) => d.id));
    expect(r.teachingArea).toMatchObject({ id: "teachingArea", amount: 103, value: 1.3, standard: 5, meets: false, gap: 3 });
    expect(r.teachingArea.ratio).toBe(1.3 / 5);
    expect(r.teachingArea.gapUnit).toBe("area");
    expect(r.degree.gapUnit).toBe("people");
  });

  it("serialises a result as plain data with every field", () => {
    const t = new ResultTable();
    fill(t, 2);
    expect(JSON.parse(JSON.stringify(t.record(0).backbone))).toEqual({
      id: "backbone",
      amount: 201,
      value: 2.1,
      standard: 3,
      meets: false,
      ratio: 0.7000000000000001, // 2.1 / 3 in binary floating point
      gap: 1,
      floorGap: 0.5,
      gapUnit: "people",
      assumedSplit: true,
    });
  });
});
