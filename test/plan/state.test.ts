import { describe, expect, it } from "vitest";
import { annotatedSheets, annotationState, fromChunks, parseState, toChunks } from "../../src/plan/state";

const base = { version: 1, dataSheet: "表", notes: ["A2"], sheets: ["达标结果"], checkedAt: "2026-01-01T00:00:00Z" };

describe("stored state", () => {
  it("records how many cells each style highlights, and every sheet annotated with its notes", () => {
    const marks = [
      { sheet: "小学", address: "B2", style: "unmet" as const, note: "" },
      { sheet: "初中", address: "C3", style: "unmet" as const, note: "x" },
      { sheet: "初中", address: "A3", style: "fail-school" as const, note: "y" },
    ];
    const state = annotationState(
      { dataSheets: ["小学", "初中"], marks },
      new Map([
        ["小学", []],
        ["初中", ["A3", "C3"]],
      ]),
      ["达标结果"],
      "2026-01-01T00:00:00Z",
    );
    expect(state.highlights).toEqual({ unmet: 2, "fail-school": 1 });
    expect(annotatedSheets(state)).toEqual([
      { name: "小学", notes: [] },
      { name: "初中", notes: ["A3", "C3"] },
    ]);
    expect(parseState(JSON.stringify(state))).toEqual(state);
    expect(parseState(JSON.stringify({ ...base, highlights: { unmet: 2 } }))?.highlights).toEqual({ unmet: 2 });
  });

  it("reads a state of 0.1 that listed the addresses, as their number", () => {
    expect(parseState(JSON.stringify({ ...base, highlights: { unmet: ["B2", "C3"] } }))?.highlights).toEqual({ unmet: 2 });
  });

  it("treats anything malformed as no state", () => {
    expect(parseState(JSON.stringify({ ...base, highlights: { unmet: -1 } }))).toBeNull();
    expect(parseState(JSON.stringify({ ...base, highlights: { unmet: ["=A1"] } }))).toBeNull();
    expect(parseState("not json")).toBeNull();
  });

  it("splits long state into cells and joins it back", () => {
    const text = JSON.stringify({ ...base, highlights: { unmet: 1 }, notes: Array.from({ length: 9000 }, (_, i) => `A${i + 1}`) });
    const chunks = toChunks(text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(fromChunks(chunks)).toBe(text);
  });
});
