import { shownUp } from "../core/format";
import { GUARANTEE_NAMES } from "../core/guarantee";
import { INDICATORS, indicatorDefinition } from "../core/indicators";
import { LEVEL_NAMES } from "../core/school-kinds";
import type { Level } from "../core/types";
import { LEVELS } from "../core/types";
import { describeMapping } from "../sheet/mapping";
import { amountText, countyVerdict, gapSummary, levelReason, reasonWithAssumption, splitNote } from "../plan/wording";
import type { CheckSuccess } from "./run-check";

/** One line of the pane's CV table. */
export interface CvLine {
  /** The short name (高学历教师); the official one is {@link fullName}. */
  readonly name: string;
  readonly fullName: string;
  readonly cv: number | null;
  readonly limit: number;
  readonly pass: boolean | null;
  readonly sentence: string;
}

/** One level as the pane shows it. */
export interface LevelView {
  readonly level: Level;
  readonly name: string;
  readonly units: number;
  readonly passing: number;
  readonly failing: number;
  /** Units whose data could not be read: counted apart, and the level cannot pass while any is left. */
  readonly unreadable: number;
  readonly excluded: number;
  readonly pass: boolean | null;
  /** Why the level does not pass ("" when it does). */
  readonly reason: string;
  readonly cv: readonly CvLine[];
}

/** A school row the pane links to. */
export interface SchoolLine {
  readonly school: string;
  readonly level: string;
  readonly row: number;
  readonly address: string;
  readonly reason: string;
  readonly gaps: string;
  /** Short names of the indicators the unit does not meet (chips). */
  readonly missed: readonly string[];
}

/** One 政府保障程度 item as the pane shows it. */
export interface GuaranteeLine {
  readonly name: string;
  readonly checked: number;
  readonly failing: number;
  readonly unverified: number;
}

/** One line of 缺口汇总: what a level lacks for an indicator. */
export interface GapLine {
  readonly level: string;
  readonly name: string;
  readonly units: number;
  /** E.g. "290㎡", "68.67万元" (raised, never 0 for a shortfall). */
  readonly gap: string;
}

/** One column as understood. */
export interface MappingLine {
  readonly column: string;
  readonly header: string;
  readonly meaning: string;
  readonly confidence: number;
  readonly field: string;
  readonly level?: string;
  readonly part?: string;
  readonly factor: number;
}

/** What the pane shows after a check: plain data, no Office objects. */
export interface CheckView {
  readonly sheetName: string;
  readonly profileName: string;
  /** The county verdict with its reason, as the result sheets say it. */
  readonly verdict: string;
  readonly guarantee: readonly GuaranteeLine[];
  /** How many per-school 政府保障程度 checks fail (the schools are listed in 保障程度). */
  readonly guaranteeFailing: number;
  readonly gaps: readonly GapLine[];
  /** 规划对照: this year's lines, when the workbook has a 推进规划. */
  readonly tracking: readonly {
    readonly level: string;
    readonly name: string;
    readonly target: string;
    readonly actual: string;
    readonly onPlan: boolean | null;
  }[];
  readonly levels: readonly LevelView[];
  readonly resourcePass: boolean | null;
  readonly failing: readonly SchoolLine[];
  /** Units whose data could not be read (数据有误). */
  readonly unreadable: readonly SchoolLine[];
  readonly excluded: readonly SchoolLine[];
  /** Units whose teacher figures are a whole-school count split by students (按比例拆分), met or not. */
  readonly splitUnits: number;
  readonly problems: readonly { readonly cell: string; readonly severity: string; readonly message: string }[];
  readonly mapping: readonly MappingLine[];
  readonly headerRows: readonly [number, number];
  /** Branch sites (是否计校数＝否) and the school proposed or confirmed as their parent. */
  readonly branches: readonly {
    readonly row: number;
    readonly name: string;
    readonly parentRow: number | null;
    readonly confirmed: boolean;
  }[];
  /** The schools read, for choosing a branch's parent. */
  readonly schools: readonly { readonly row: number; readonly name: string }[];
}

/**
 * The pane's view of a successful check.
 *
 * @param o - The check outcome.
 * @returns Plain data for the pane.
 */
export function checkView(o: CheckSuccess): CheckView {
  const nameCell = new Map(o.read.schools.map((s) => [s.record.sourceRow, s.nameCell]));
  const line = (u: (typeof o.result.units)[number]): SchoolLine => ({
    school: u.school,
    level: LEVEL_NAMES[u.level],
    row: u.sourceRow,
    address: nameCell.get(u.sourceRow) ?? `A${u.sourceRow}`,
    reason: reasonWithAssumption(u),
    gaps: gapSummary(u),
    missed: u.indicators ? INDICATORS.filter((d) => u.indicators?.[d.id].meets === false).map((d) => d.shortName) : [],
  });
  return {
    sheetName: o.sheetName,
    profileName: o.profile.name,
    verdict: countyVerdict(o.result),
    guarantee: o.result.guarantee.items.map((i) => ({
      name: GUARANTEE_NAMES[i.id],
      checked: i.checked,
      failing: i.failing,
      unverified: i.unverified,
    })),
    guaranteeFailing: o.result.guarantee.failing.length,
    gaps: o.gaps
      .filter((g) => g.gap > 0)
      .map((g) => {
        const d = indicatorDefinition(g.indicator);
        return { level: LEVEL_NAMES[g.level], name: d.shortName, units: g.units, gap: amountText(g.gap, d.gapUnit) };
      }),
    tracking: (o.tracking?.lines ?? []).map((l) => ({
      level: LEVEL_NAMES[l.level],
      name: indicatorDefinition(l.indicator).shortName,
      target: l.target ? `${l.target.met}/${l.target.total}` : "—",
      actual: `${l.actualMet}/${l.actualTotal}`,
      onPlan: l.status === "no-target" ? null : l.status === "on-plan",
    })),
    levels: LEVELS.map((level) => {
      const l = o.result.levels[level];
      return {
        level,
        name: LEVEL_NAMES[level],
        units: l.units,
        passing: l.passing,
        failing: l.failing,
        unreadable: l.unreadable,
        excluded: l.excluded,
        pass: l.pass,
        reason: levelReason(l),
        cv: INDICATORS.map((d) => {
          const s = l.indicators[d.id];
          // Shown raised to 4 decimals: a CV over its limit never shows as within it.
          return {
            name: d.shortName,
            fullName: d.name,
            cv: s.cv === null ? null : shownUp(s.cv, 4),
            limit: s.cvLimit,
            pass: s.cvPass,
            sentence: s.sentence,
          };
        }),
      };
    }).filter((l) => l.units + l.unreadable + l.excluded > 0),
    resourcePass: o.result.resourcePass,
    failing: o.result.units.filter((u) => u.excluded === null && u.errors.length === 0 && u.pass === false).map(line),
    unreadable: o.result.units.filter((u) => u.excluded === null && u.errors.length > 0).map(line),
    excluded: o.result.units.filter((u) => u.excluded !== null).map(line),
    splitUnits: o.result.units.filter((u) => splitNote(u) !== "").length,
    problems: o.read.problems.map((p) => ({ cell: p.cell, severity: p.severity, message: p.message })),
    mapping: o.read.mapping.columns.map((c) => ({
      column: c.column,
      header: c.header,
      meaning: describeMapping(c),
      confidence: c.confidence,
      field: c.field,
      ...(c.level ? { level: c.level } : {}),
      ...(c.part ? { part: c.part } : {}),
      factor: c.factor,
    })),
    headerRows: o.read.mapping.headerRows,
    branches: o.read.mapping.branches,
    schools: o.read.schools.map((s) => ({ row: s.record.sourceRow, name: s.record.name })),
  };
}
