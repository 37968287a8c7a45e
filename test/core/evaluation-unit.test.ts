import { describe, expect, it } from "vitest";
import { evaluateCounty, schoolUnits } from "../../src/core/evaluate";
import { NATIONAL_PROFILE } from "../../src/core/profile";
import { aSchool } from "../support/builders";

const P = NATIONAL_PROFILE;
/** The unit keys of the JSON report (spec §7 plus kind, share, reason, errors), in order. */
const REPORT_KEYS = [
  "school",
  "sourceRow",
  "level",
  "kind",
  "students",
  "share",
  "excluded",
  "indicators",
  "metCount",
  "pass",
  "reason",
  "errors",
];

describe("EvaluationUnit", () => {
  it("serialises as a report unit: the report's keys in order, no internal fields", () => {
    // 800 primary, 600 junior: weighted 800 : 660, primary share 800 / 1460
    const [p, j] = schoolUnits(aSchool({ kind: "nineYear", students: { primary: 800, junior: 600 }, name: "=实验学校" }), P).units;
    const json = JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(REPORT_KEYS);
    expect(json).toMatchObject({ school: "=实验学校", sourceRow: 7, level: "primary", kind: "nineYear", students: 800, excluded: null });
    expect(json["share"]).toBeCloseTo(800 / 1460, 12);
    const degree = (json["indicators"] as Record<string, Record<string, unknown>>)["degree"];
    // 30 teachers × 800/1460 per 100 of 800 students
    expect(degree?.["value"]).toBeCloseTo(((30 * 800) / 1460) * (100 / 800), 12);
    expect(degree?.["assumedSplit"]).toBe(true);
    expect(JSON.parse(JSON.stringify(j))).toMatchObject({ level: "junior", students: 600 });
  });

  it("shows an excluded unit without results, and a unit's results as one kept record", () => {
    const { units } = schoolUnits(aSchool({ kind: "teachingPoint", students: { primary: 27 } }), P);
    const [point] = units;
    expect(point?.indicators).toBeNull();
    expect(JSON.parse(JSON.stringify(point))).toMatchObject({
      excluded: "small-teaching-point",
      indicators: null,
      metCount: null,
      pass: null,
    });
    const [u] = schoolUnits(aSchool(), P).units;
    expect(u?.indicators).toBe(u?.indicators);
  });

  it("keeps every unit's own results when a county shares one table", () => {
    const schools = Array.from({ length: 40 }, (_, i) => aSchool({ id: `s${i}`, sourceRow: 7 + i, amounts: { degree: i } }));
    const { units } = evaluateCounty(schools, P);
    expect(units).toHaveLength(40);
    // degree value = i teachers × 100 / 500 students
    units.forEach((u, i) => expect(u.indicators?.degree.value).toBeCloseTo((i * 100) / 500, 12));
    // 4.2 per 100 of 500 students is 21 teachers: met from i = 21 on
    expect(units.map((u) => u.indicators?.degree.meets)).toEqual(units.map((_, i) => i >= 21));
  });
});
