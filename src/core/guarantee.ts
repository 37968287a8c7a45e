import { atLeast, atMost, formatNumber, formatPercent } from "./format";
import type { Profile } from "./profile";
import { schoolKindDefinition } from "./school-kinds";
import type { GuaranteeCheck, GuaranteeCheckId, GuaranteeData, GuaranteeItemCount, GuaranteeSummary, Level, SchoolRecord } from "./types";

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
 * The per-school 政府保障程度 checks of spec §5 that the school's data allows; a check whose data
 * is absent is not made (it is not a failure).
 *
 * - music and art rooms ≥ max(1, ceil(classes / 12)); their average area ≥ 96 / 90 ㎡;
 * - 小学/初中 ≤ 2000 students, 九年/十二年一贯制 compulsory students ≤ 2500 (完全中学: its junior part);
 * - largest class ≤ 45 (primary) / 50 (junior), or no class over the limit;
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
 * {@link guaranteeChecks} into a sink: a school's list, or a county's tally.
 *
 * @param school - The school.
 * @param profile - The limits.
 * @param out - Where the checks go.
 */
export function addGuaranteeChecks(school: SchoolRecord, profile: Profile, out: GuaranteeSink): void {
  const g = school.guarantee;
  const def = schoolKindDefinition(school.kind);
  if (!g || def.ignored || def.excluded === "vocational") return;
  const lim = profile.guarantee;
  const primary = school.students.primary ?? 0;
  const junior = school.students.junior ?? 0;
  const compulsory = primary + junior;

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

  const classes = g.classes ?? sumDefined([g.classesByLevel?.primary, g.classesByLevel?.junior, g.classesByLevel?.senior]);
  if (classes !== undefined) {
    const needed = Math.max(1, Math.ceil(classes / lim.classesPerRoom));
    if (g.musicRooms !== undefined) rooms(out, school, "musicRooms", g.musicRooms, needed, classes, "音乐专用教室");
    if (g.artRooms !== undefined) rooms(out, school, "artRooms", g.artRooms, needed, classes, "美术专用教室");
  }
  roomArea(out, school, "musicRoomArea", g.musicRoomArea, g.musicRooms, lim.musicRoomMinArea, "音乐专用教室");
  roomArea(out, school, "artRoomArea", g.artRoomArea, g.artRooms, lim.artRoomMinArea, "美术专用教室");

  const through = school.kind === "nineYear" || school.kind === "twelveYear";
  const sizeStudents = school.kind === "complete" ? junior : compulsory;
  if (sizeStudents > 0 && !school.levelRow) {
    const max = through ? lim.maxStudentsThrough : lim.maxStudentsSingleLevel;
    const what = through ? "义务教育阶段学生" : school.kind === "complete" ? "初中学生" : "学生";
    const pass = atMost(sizeStudents, max);
    out.record(
      school,
      "schoolSize",
      pass,
      sizeStudents,
      max,
      pass ? GUARANTEE_PASSED : `${what}${formatNumber(sizeStudents)}人，校额不超过${formatNumber(max)}人`,
    );
  }

  const levels = def.levels;
  const byLevel = g.largestClassByLevel;
  const classLevels = levels.filter((l) => byLevel?.[l] !== undefined);
  if (classLevels.length > 0) {
    for (const l of classLevels)
      classSize(out, school, byLevel?.[l] ?? 0, lim.maxClassSize[l], `${l === "primary" ? "小学" : "初中"}最大班额`);
  } else if (g.largestClass !== undefined && levels.length > 0) {
    const l: Level = levels.includes("junior") ? "junior" : "primary";
    classSize(out, school, g.largestClass, lim.maxClassSize[l], levels.length > 1 ? "最大班额（未分学段，按初中标准）" : "最大班额");
  } else if (g.oversizeClasses !== undefined) {
    const pass = g.oversizeClasses === 0;
    out.record(
      school,
      "classSize",
      pass,
      g.oversizeClasses,
      0,
      pass ? GUARANTEE_PASSED : `超标准班额${formatNumber(g.oversizeClasses)}个，应为0`,
    );
  }

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
}

function checkOf(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): GuaranteeCheck {
  return { id, schoolId: school.id, school: school.name, sourceRow: school.sourceRow, pass, value, limit, message };
}

/** Every check of one school, passing ones worded {@link GUARANTEE_PASSED}. */
class CheckList implements GuaranteeSink {
  readonly checks: GuaranteeCheck[] = [];
  record(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): void {
    this.checks.push(checkOf(school, id, pass, value, limit, message));
  }
}

/**
 * A county's checks: per item the schools checked and failing, and the failing checks themselves.
 * Passing checks are counted, not kept: a province has hundreds of thousands of them, and every
 * surface (保障程度, notes, the JSON report) shows them as counts.
 */
export class GuaranteeTally implements GuaranteeSink {
  private readonly counts = new Map<GuaranteeCheckId, { checked: number; failing: number }>();
  private readonly failing: GuaranteeCheck[] = [];

  record(school: SchoolRecord, id: GuaranteeCheckId, pass: boolean, value: number, limit: number, message: string): void {
    let c = this.counts.get(id);
    if (!c) this.counts.set(id, (c = { checked: 0, failing: 0 }));
    c.checked += 1;
    if (pass) return;
    c.failing += 1;
    this.failing.push(checkOf(school, id, pass, value, limit, message));
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
      if (c) items.push({ id, checked: c.checked, failing: c.failing });
    }
    return { items, failing: this.failing };
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
  const pass = atLeast(avg, min);
  out.record(
    school,
    id,
    pass,
    avg,
    min,
    pass ? GUARANTEE_PASSED : `${label}平均每间${formatNumber(avg)}㎡，每间应不小于${formatNumber(min)}㎡`,
  );
}

function classSize(out: GuaranteeSink, school: SchoolRecord, size: number, max: number, label: string): void {
  const pass = atMost(size, max);
  out.record(
    school,
    "classSize",
    pass,
    size,
    max,
    pass ? GUARANTEE_PASSED : `${label}${formatNumber(size)}人，不超过${formatNumber(max)}人`,
  );
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
      : `持证教师${formatNumber(g.certifiedTeachers)}人/专任教师${formatNumber(g.fullTimeTeachers)}人＝${formatPercent(rate)}，应为${formatPercent(required)}`,
  );
}
