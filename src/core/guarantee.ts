import { atLeast, atMost, formatNumber, formatPercent, formatRatio } from "./format";
import type { Profile } from "./profile";
import { schoolKindDefinition } from "./school-kinds";
import type {
  GuaranteeCheck,
  GuaranteeCheckId,
  GuaranteeData,
  GuaranteeItemCount,
  GuaranteeSummary,
  Level,
  SchoolRecord,
  UnverifiedCheck,
} from "./types";

/** Human names of the per-school 政府保障程度 checks. */
export const GUARANTEE_NAMES: Readonly<Record<GuaranteeCheckId, string>> = {
  musicRooms: "音乐专用教室间数",
  artRooms: "美术专用教室间数",
  musicRoomArea: "音乐专用教室面积",
  artRoomArea: "美术专用教室面积",
  schoolSize: "学校规模（校额）",
  classSize: "班额",
  smallSchoolFunding: "小规模学校公用经费",
  specialFunding: "特殊教育学校生均公用经费",
  certification: "教师持证上岗",
};

const sumDefined = (xs: readonly (number | undefined)[]): number | undefined =>
  xs.some((x) => x !== undefined) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : undefined;

/**
 * The per-school 政府保障程度 checks of spec §5 that the school's data allows. A check whose data
 * is absent is not made; one whose data cannot tell (大班额数 = 0 held against 45, classes not
 * split for a school with 高中) is "not verified", said so, and never a pass.
 *
 * - music and art rooms ≥ max(1, ceil(compulsory classes / 12)); their average area ≥ 96 / 90 ㎡;
 * - 小学/初中 ≤ 2000 students, 九年/十二年一贯制 compulsory students ≤ 2500 (完全中学: its junior part);
 * - largest class ≤ 45 (primary) / 50 (junior), or no class over each level's own limit;
 * - a village school or teaching point under 100 students funded as 100;
 * - 特殊教育学校 public funds ≥ 6000 元 per student;
 * - certified teachers = 100% of 专任教师.
 *
 * @param school - The school (kinds that are not compulsory schools get no check).
 * @param profile - The limits.
 * @returns The checks made, passing and failing.
 */
export function guaranteeChecks(school: SchoolRecord, profile: Profile): GuaranteeCheck[] {
  const out = new CheckList();
  addGuaranteeChecks(school, profile, out);
  return out.checks;
}

/**
 * {@link guaranteeChecks} into a sink: a school's list, or a county's tally. 校额 of a school
 * entered as one row per level (…（小学部）) is checked once for the whole school by
 * {@link addSchoolSizeCheck}, not here.
 *
 * @param school - The school.
 * @param profile - The limits.
 * @param out - Where the checks go.
 */
export function addGuaranteeChecks(school: SchoolRecord, profile: Profile, out: GuaranteeSink): void {
  const def = schoolKindDefinition(school.kind);
  if (def.ignored || def.excluded === "vocational") return;
  const lim = profile.guarantee;
  const primary = school.students.primary ?? 0;
  const junior = school.students.junior ?? 0;
  const compulsory = primary + junior;
  const g = school.guarantee ?? {};

  if (school.kind === "special") {
    if (g.publicFunds !== undefined && compulsory > 0) {
      const perStudent = g.publicFunds / compulsory;
      const pass = atLeast(perStudent, lim.specialFundPerStudent);
      out.record(
        school,
        "specialFunding",
        pass,
        perStudent,
        lim.specialFundPerStudent,
        pass ? GUARANTEE_PASSED : `生均公用经费${formatNumber(perStudent, 0)}元，标准不低于${formatNumber(lim.specialFundPerStudent)}元`,
      );
    }
    certification(out, school, g, lim.certificationRate);
    return;
  }

  // Rooms are required for the compulsory classes only: a 完全中学's 高中 classes do not count.
  const split = g.classesByLevel;
  const levelClasses = sumDefined([split?.primary, split?.junior]);
  const hasSeniors = def.shareLevels.includes("senior");
  const classes = levelClasses ?? (hasSeniors ? undefined : g.classes);
  if (classes !== undefined) {
    const needed = Math.max(1, Math.ceil(classes / lim.classesPerRoom));
    if (g.musicRooms !== undefined) rooms(out, school, "musicRooms", g.musicRooms, needed, classes, "音乐专用教室");
    if (g.artRooms !== undefined) rooms(out, school, "artRooms", g.artRooms, needed, classes, "美术专用教室");
  } else if (g.classes !== undefined && hasSeniors) {
    const why = `班级数${formatNumber(g.classes)}个未分学段，含高中班级，无法核算义务教育阶段所需的专用教室`;
    if (g.musicRooms !== undefined) out.unverified(school, "musicRooms", why);
    if (g.artRooms !== undefined) out.unverified(school, "artRooms", why);
  }
  roomArea(out, school, "musicRoomArea", g.musicRoomArea, g.musicRooms, lim.musicRoomMinArea, "音乐专用教室");
  roomArea(out, school, "artRoomArea", g.artRoomArea, g.artRooms, lim.artRoomMinArea, "美术专用教室");

  if (!school.levelRow) addSchoolSizeCheck(school, compulsory, junior, profile, out);
  classSizeChecks(out, school, g, profile);

  if (
    g.publicFunds !== undefined &&
    compulsory > 0 &&
    compulsory < lim.smallSchoolFundedAs &&
    (school.kind === "teachingPoint" || g.rural === true)
  ) {
    const level: Level = primary >= junior ? "primary" : "junior";
    const required = lim.smallSchoolFundedAs * lim.publicFundPerStudent[level];
    const pass = atLeast(g.publicFunds, required);
    out.record(
      school,
      "smallSchoolFunding",
      pass,
      g.publicFunds,
      required,
      pass
        ? GUARANTEE_PASSED
        : `学生${formatNumber(compulsory)}人，按${formatNumber(lim.smallSchoolFundedAs)}人核定公用经费应不少于${formatNumber(required)}元，实拨${formatNumber(g.publicFunds)}元`,
    );
  }
  certification(out, school, g, lim.certificationRate);
}

/**
 * 校额 (spec §5): needs nothing but the students, so it is checked for every school whose students
 * are known — 小学, 初中 ≤ 2000; 九年/十二年一贯制 compulsory students ≤ 2500; a 完全中学's 初中.
 *
 * @param school - The school (for a school entered as one row per level: any of its rows).
 * @param compulsory - Its 小学 + 初中 students (all its rows).
 * @param junior - Its 初中 students (all its rows).
 * @param profile - The limits.
 * @param out - Where the check goes.
 * @param bothLevels - Rows of both levels make it one 一贯制 school (its limit is the 一贯制 one).
 */
export function addSchoolSizeCheck(
  school: SchoolRecord,
  compulsory: number,
  junior: number,
  profile: Profile,
  out: GuaranteeSink,
  bothLevels = false,
): void {
  const def = schoolKindDefinition(school.kind);
  if (def.ignored || def.excluded !== null) return;
  const lim = profile.guarantee;
  const through = bothLevels || school.kind === "nineYear" || school.kind === "twelveYear";
  const sizeStudents = school.kind === "complete" ? junior : compulsory;
  if (!(sizeStudents > 0)) return;
  const max = through ? lim.maxStudentsThrough : lim.maxStudentsSingleLevel;
  const what = through ? "义务教育阶段学生" : school.kind === "complete" ? "初中学生" : "学生";
  const pass = atMost(sizeStudents, max);
  out.record(
    school,
    "schoolSize",
    pass,
    sizeStudents,
    max,
    pass ? GUARANTEE_PASSED : `${what}${formatNumber(sizeStudents)}人，超过校额上限${formatNumber(max)}人`,
  );
}

const LEVEL_WORD: Readonly<Record<Level, string>> = { primary: "小学", junior: "初中" };

/**
 * 班额 per level (spec §5): the largest class ≤ the level's limit (45 小学, 50 初中), or no class
 * over that limit — each level held to its own. A whole-school figure decides only what it can (a
 * largest class of 48 in a 九年一贯制学校 cannot show that the 小学 classes are within 45); 大班额
 * (56 or more) never shows that classes are within 45 / 50.
 */
function classSizeChecks(out: GuaranteeSink, school: SchoolRecord, g: GuaranteeData, profile: Profile): void {
  const def = schoolKindDefinition(school.kind);
  const levels: Level[] = school.levelRow
    ? def.levels.filter((l) => (school.students[l] ?? 0) > 0)
    : def.levels.filter((l) => (school.students[l] ?? 0) > 0 || def.levels.length === 1);
  if (levels.length === 0) return;
  const limit = profile.guarantee.maxClassSize;
  const single = levels.length === 1;
  const anyData = g.largestClass !== undefined || g.largestClassByLevel !== undefined || g.over45 !== undefined || g.over50 !== undefined;
  if (!anyData) {
    // A class of 56 or more is over both limits: a 大班额数 above 0 proves a failure; 0 proves nothing.
    if (g.bigClasses !== undefined && g.bigClasses > 0) {
      out.record(
        school,
        "classSize",
        false,
        g.bigClasses,
        0,
        `大班额（56人及以上）${formatNumber(g.bigClasses)}个，超过45人（小学）/50人（初中）的班额标准`,
      );
      return;
    }
    if (g.bigClasses !== undefined)
      out.unverified(
        school,
        "classSize",
        `只有大班额数（56人及以上）${formatNumber(g.bigClasses)}个，不能说明班额不超过45人（小学）/50人（初中）：请提供最大班额或超45人、超50人班级数`,
      );
    return;
  }
  for (const l of levels) {
    const max = limit[l];
    const word = LEVEL_WORD[l];
    const tag = single ? "" : word;
    // The level's own figures.
    const largest = g.largestClassByLevel?.[l] ?? (single ? g.largestClass : undefined);
    const overOwn = (max <= 45 ? g.over45 : g.over50)?.[l] ?? (single ? (max <= 45 ? g.over45 : g.over50)?.whole : undefined);
    if (largest !== undefined) {
      const pass = atMost(largest, max);
      out.record(
        school,
        "classSize",
        pass,
        largest,
        max,
        pass ? GUARANTEE_PASSED : `${tag}最大班额${formatNumber(largest)}人，超过${word}标准${formatNumber(max)}人`,
      );
      continue;
    }
    if (overOwn !== undefined) {
      const pass = overOwn === 0;
      out.record(
        school,
        "classSize",
        pass,
        overOwn,
        0,
        pass ? GUARANTEE_PASSED : `${tag}超过${formatNumber(max)}人的班级${formatNumber(overOwn)}个，应为0`,
      );
      continue;
    }
    // Whole-school figures that still decide: every class within this level's limit, or a class
    // over the largest limit (whichever level it is in, the school fails).
    const wholeLargest = g.largestClass;
    const over45 = g.over45?.whole;
    const over50 = g.over50?.whole;
    if ((wholeLargest !== undefined && atMost(wholeLargest, max)) || over45 === 0 || (max >= 50 && over50 === 0)) {
      out.record(school, "classSize", true, wholeLargest ?? 0, max, GUARANTEE_PASSED);
      continue;
    }
    const topLimit = max >= Math.max(...levels.map((x) => limit[x]));
    if (topLimit && wholeLargest !== undefined && wholeLargest > max) {
      out.record(
        school,
        "classSize",
        false,
        wholeLargest,
        max,
        `最大班额${formatNumber(wholeLargest)}人（未分学段），超过${word}标准${formatNumber(max)}人`,
      );
      continue;
    }
    if (topLimit && max >= 50 && over50 !== undefined && over50 > 0) {
      out.record(school, "classSize", false, over50, 0, `超过50人的班级${formatNumber(over50)}个（未分学段），应为0`);
      continue;
    }
    if (wholeLargest !== undefined || over45 !== undefined || over50 !== undefined) {
      const seen =
        wholeLargest !== undefined
          ? `全校最大班额${formatNumber(wholeLargest)}人`
          : over45 !== undefined
            ? `全校超45人班级${formatNumber(over45)}个`
            : `全校超50人班级${formatNumber(over50 ?? 0)}个`;
      out.unverified(school, "classSize", `${seen}，未分学段，无法确定${word}班额是否不超过${formatNumber(max)}人`);
    }
  }
}

// The checks below are plain functions, and a check's words are built only when it fails: a
// province has hundreds of thousands of passing checks, whose words no surface shows.

/** The message of every passing check (the wording is kept for failures). */
export const GUARANTEE_PASSED = "达标";

/** Where the checks of {@link addGuaranteeChecks} go. */
export interface GuaranteeSink {
  /**
   * Takes one check.
   *
   * @param school - The school checked.
   * @param id - The item.
   * @param pass - Whether the school meets it.
   * @param value - The school's figure.
   * @param limit - The figure it is held against.
   * @param message - What is wrong, in words, for a failing check; {@link GUARANTEE_PASSED} for a
   *   passing one (the words are built only for failures).
   */
  record(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): void;
  /**
   * Takes a check that could not be made with the sheet's data.
   *
   * @param school - The school.
   * @param id - The item.
   * @param message - What is missing, in words.
   */
  unverified(school: SchoolRecord, id: GuaranteeCheckId, message: string): void;
}

function checkOf(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): GuaranteeCheck {
  return { id, schoolId: school.id, school: school.name, sourceRow: school.sourceRow, pass, value, limit, message };
}

/** Every check of one school, passing ones worded {@link GUARANTEE_PASSED}. */
class CheckList implements GuaranteeSink {
  readonly checks: GuaranteeCheck[] = [];
  readonly notVerified: UnverifiedCheck[] = [];
  record(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): void {
    this.checks.push(checkOf(school, id, pass, value, limit, message));
  }
  unverified(school: SchoolRecord, id: GuaranteeCheckId, message: string): void {
    this.notVerified.push({ id, schoolId: school.id, school: school.name, sourceRow: school.sourceRow, message });
  }
}

/**
 * A county's checks: per item the schools checked and failing, and the failing checks themselves.
 * Passing checks are counted, not kept: a province has hundreds of thousands of them, and every
 * surface (保障程度, notes, the JSON report) shows them as counts.
 */
export class GuaranteeTally implements GuaranteeSink {
  private readonly counts = new Map<GuaranteeCheckId, { checked: number; failing: number; unverified: number }>();
  private readonly failing: GuaranteeCheck[] = [];
  private readonly notVerified: UnverifiedCheck[] = [];

  private count(id: GuaranteeCheckId): { checked: number; failing: number; unverified: number } {
    let c = this.counts.get(id);
    if (!c) this.counts.set(id, (c = { checked: 0, failing: 0, unverified: 0 }));
    return c;
  }

  record(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): void {
    const c = this.count(id);
    c.checked += 1;
    if (pass) return;
    c.failing += 1;
    this.failing.push(checkOf(school, id, pass, value, limit, message));
  }

  unverified(school: SchoolRecord, id: GuaranteeCheckId, message: string): void {
    this.count(id).unverified += 1;
    this.notVerified.push({ id, schoolId: school.id, school: school.name, sourceRow: school.sourceRow, message });
  }

  /**
   * The tally so far.
   *
   * @returns The items checked (in the order of {@link GUARANTEE_NAMES}) and the failing checks.
   */
  summary(): GuaranteeSummary {
    const items: GuaranteeItemCount[] = [];
    for (const id of Object.keys(GUARANTEE_NAMES) as GuaranteeCheckId[]) {
      const c = this.counts.get(id);
      if (c) items.push({ id, checked: c.checked, failing: c.failing, unverified: c.unverified });
    }
    return { items, failing: this.failing, unverified: this.notVerified };
  }
}

function rooms(
  out: GuaranteeSink,
  school: SchoolRecord,
  id: "musicRooms" | "artRooms",
  have: number,
  needed: number,
  classes: number,
  label: string,
): void {
  const pass = have >= needed;
  out.record(
    school,
    id,
    pass,
    have,
    needed,
    pass ? GUARANTEE_PASSED : `${label}${formatNumber(have)}间，${formatNumber(classes)}个班应不少于${needed}间`,
  );
}

function roomArea(
  out: GuaranteeSink,
  school: SchoolRecord,
  id: "musicRoomArea" | "artRoomArea",
  area: number | undefined,
  count: number | undefined,
  min: number,
  label: string,
): void {
  if (area === undefined || count === undefined || count <= 0) return;
  const avg = area / count;
  // Every room must have the area: a total shows it for one room, and shows a failure when even
  // the average falls short; for several rooms at or above it, one room may still be smaller.
  if (count > 1 && atLeast(avg, min)) {
    out.unverified(
      school,
      id,
      `${label}${formatNumber(count)}间共${formatNumber(area)}㎡，只有总面积，无法核实每间是否不小于${formatNumber(min)}㎡`,
    );
    return;
  }
  const pass = atLeast(avg, min);
  const what =
    count === 1
      ? `${label}面积${formatNumber(area)}㎡`
      : `${label}${formatNumber(count)}间共${formatNumber(area)}㎡，平均每间${formatNumber(avg)}㎡`;
  out.record(school, id, pass, avg, min, pass ? GUARANTEE_PASSED : `${what}，每间应不小于${formatNumber(min)}㎡`);
}

function certification(out: GuaranteeSink, school: SchoolRecord, g: GuaranteeData, required: number): void {
  if (g.fullTimeTeachers === undefined || g.certifiedTeachers === undefined || g.fullTimeTeachers <= 0) return;
  const rate = g.certifiedTeachers / g.fullTimeTeachers;
  const pass = atLeast(rate, required);
  out.record(
    school,
    "certification",
    pass,
    rate,
    required,
    pass
      ? GUARANTEE_PASSED
      : `持证教师${formatNumber(g.certifiedTeachers)}人/专任教师${formatNumber(g.fullTimeTeachers)}人＝${formatRatio(rate)}，应为${formatPercent(required)}`,
  );
}
