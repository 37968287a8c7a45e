import type { IndicatorId, IndicatorSource, SchoolRecord } from "../../src/core/types";

/** Whole-school amounts for the seven indicators, in the units of the core (people, ㎡, 元, rooms). */
export type Amounts = Record<IndicatorId, number>;

/**
 * A school record built from whole-school amounts.
 *
 * @param over - Fields to set; `amounts` are whole-school amounts per indicator.
 */
export function aSchool(
  over: Partial<Omit<SchoolRecord, "indicators">> & {
    amounts?: Partial<Amounts>;
    indicators?: Partial<Record<IndicatorId, IndicatorSource>>;
  } = {},
): SchoolRecord {
  const { amounts, indicators, ...rest } = over;
  const a: Amounts = {
    degree: 30,
    backbone: 8,
    peArt: 6,
    teachingArea: 3000,
    sportsArea: 5000,
    equipment: 1_400_000,
    multimedia: 16,
    ...amounts,
  };
  const whole: Partial<Record<IndicatorId, IndicatorSource>> = {};
  for (const [k, v] of Object.entries(a) as [IndicatorId, number][]) whole[k] = { type: "whole", amount: v };
  return {
    id: rest.id ?? String(rest.sourceRow ?? 7),
    name: "测试小学",
    sourceRow: 7,
    kind: "primary",
    students: { primary: 500 },
    ...rest,
    indicators: { ...whole, ...indicators },
  };
}
