/* global CustomFunctions, Office */
/**
 * The custom functions (namespace YZJH). Each is a thin wrapper over ./logic: it converts bad
 * input into #VALUE! with a message and returns "" for blanks. All are synchronous and pure, so no
 * cell can be left at #BUSY!. The JSDoc below is the Excel contract: the metadata plugin builds
 * functions.json from it; Chinese texts come from src/i18n/functions.zh-cn.json.
 */
import type { Profile } from "../core/profile";
import { loadSettings, officeRunner } from "../excel/excel-check";
import * as logic from "./logic";
import { loadWorkbookProfile, withWorkbookProfile } from "./workbook-profile";

// In Excel the functions use the standards saved in the workbook (标准设置), read once at start.
if (typeof Office !== "undefined") {
  void loadWorkbookProfile(() =>
    Office.onReady()
      .then(() => loadSettings(officeRunner()))
      .then((s) => s.profile),
  );
}

/*
 * Excel passes cell values of any type and the metadata plugin accepts only its own type names, so
 * cell arguments are typed `any` here; ./logic checks every value before use.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */

function cellError(e: unknown): CustomFunctions.Error {
  const message = e instanceof Error ? e.message : String(e);
  // CustomFunctions.Error is the runtime's error type for #VALUE! with a message.
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message.slice(0, 250));
}

function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw cellError(e);
  }
}

/**
 * Like guard, for a function that depends on the standards: it runs with the workbook's profile.
 * While that profile is being read (the first moments after the workbook opens) the answer is a
 * promise, which Excel awaits like any function's; the declared type is the answer's, as the
 * metadata generator needs it.
 */
function withProfile<T>(run: (profile: Profile) => T): T {
  try {
    const r = withWorkbookProfile(run);
    if (!(r instanceof Promise)) return r;
    return r.catch((e: unknown) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw cellError(e);
    }) as unknown as T;
  } catch (e) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw cellError(e);
  }
}

/**
 * The standard of an indicator for a level (the workbook's standards, national by default).
 * @customfunction STANDARD
 * @param {string} indicator Indicator id (teachingArea), Chinese name or alias (教辅用房).
 * @param {string} level 小学 or 初中 (primary/junior).
 * @returns {number} The standard.
 */
export function standard(indicator: string, level: string): number {
  return withProfile((p) => logic.standard(indicator, level, p));
}

/**
 * The indicator value: amount per student, or per 100 students for teachers and rooms.
 * @customfunction VALUE
 * @param {string} indicator Indicator id, Chinese name or alias.
 * @param {any} amount Teachers, rooms, square metres or yuan.
 * @param {any} students Students.
 * @param {string} [unit] Unit of the amount: 万元 multiplies by 10000.
 * @returns {any} The value, or blank when an input is blank.
 */
export function value(indicator: string, amount: any, students: any, unit?: string): any {
  return guard(() => logic.value(indicator, amount, students, unit));
}

/**
 * Whether a value meets the standard (value >= standard, unrounded).
 * @customfunction MEETS
 * @param {string} indicator Indicator id, Chinese name or alias.
 * @param {string} level 小学 or 初中.
 * @param {any} value The indicator value.
 * @returns {any} TRUE or FALSE, or blank for a blank value.
 */
export function meets(indicator: string, level: string, value: any): any {
  return withProfile((p) => logic.meets(indicator, level, value, p));
}

/**
 * What a school lacks to meet the standard: people, rooms, square metres or yuan.
 * @customfunction GAP
 * @param {string} indicator Indicator id, Chinese name or alias.
 * @param {string} level 小学 or 初中.
 * @param {any} amount What the school has.
 * @param {any} students Students.
 * @returns {any} The gap (0 when met), or blank.
 */
export function gap(indicator: string, level: string, amount: any, students: any): any {
  return withProfile((p) => logic.gap(indicator, level, amount, students, p));
}

/**
 * The school verdict from its seven indicator values: at least 6 met and every one at least 85%.
 * @customfunction PASS
 * @param {any[][]} values The seven values in the official order (one row or column).
 * @param {string} level 小学 or 初中.
 * @returns {any} TRUE or FALSE, or blank when a value is blank.
 */
export function pass(values: any[][], level: string): any {
  return withProfile((p) => logic.pass(values, level, p));
}

/**
 * The school verdict in words.
 * @customfunction REASON
 * @param {any[][]} values The seven values in the official order.
 * @param {string} level 小学 or 初中.
 * @returns {string} The verdict and why.
 */
export function reason(values: any[][], level: string): string {
  return withProfile((p) => logic.reason(values, level, p));
}

/**
 * The official inter-school coefficient of variation, weighted by students.
 * @customfunction CV
 * @param {any[][]} values Indicator values, one per school.
 * @param {any[][]} students Students, one per school (same size).
 * @returns {any} The weighted CV, or blank when there is no data.
 */
export function cv(values: any[][], students: any[][]): any {
  return guard(() => logic.cv(values, students));
}

/**
 * Whether the weighted CV is within the limit (0.50 primary, 0.45 junior).
 * @customfunction CVPASS
 * @param {any[][]} values Indicator values, one per school.
 * @param {any[][]} students Students, one per school.
 * @param {string} level 小学 or 初中.
 * @returns {any} TRUE or FALSE, or blank.
 */
export function cvpass(values: any[][], students: any[][], level: string): any {
  return withProfile((p) => logic.cvPass(values, students, level, p));
}

/**
 * Splits a whole-school resource between levels by weighted students (1 : 1.1 : 1.32).
 * @customfunction SPLIT
 * @param {any} resource The whole-school amount.
 * @param {any} primaryStudents Primary students.
 * @param {any} juniorStudents Junior students.
 * @param {any} [seniorStudents] Senior students (complete or twelve-year schools).
 * @returns {any[][]} The shares per level, spilled across.
 */
export function split(resource: any, primaryStudents: any, juniorStudents: any, seniorStudents?: any): any[][] {
  return withProfile((p) => logic.split(resource, primaryStudents, juniorStudents, seniorStudents, p));
}

/**
 * Evaluates every school of a statistics table (header rows included).
 * @customfunction EVALUATE
 * @param {any[][]} table The table with its header rows.
 * @returns {any[][]} One row per evaluation unit: school, level, seven values, met count, verdict.
 */
export function evaluate(table: any[][]): any[][] {
  return withProfile((p) => logic.evaluate(table, p));
}

/**
 * The CV table per level and indicator of a statistics table.
 * @customfunction CVTABLE
 * @param {any[][]} table The table with its header rows.
 * @returns {any[][]} Level, indicator, county value, compliant, CV, limit, within limit.
 */
export function cvtable(table: any[][]): any[][] {
  return withProfile((p) => logic.cvTable(table, p));
}
