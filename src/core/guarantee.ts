import { atLeast, atMost, formatNumber, formatPercent } from "./format";
import type { Profile } from "./profile";
import { schoolKindDefinition } from "./school-kinds";
import type { GuaranteeCheck, GuaranteeCheckId, GuaranteeData, Level, SchoolRecord } from "./types";

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
  const out: GuaranteeCheck[] = [];
  addGuaranteeChecks(school, profile, out);
  return out;
}

/**
 * {@link guaranteeChecks} into the county's list (no list per school).
 *
 * @param school - The school.
 * @param profile - The limits.
 * @param out - Where the checks go.
 */
export function addGuaranteeChecks(school: SchoolRecord, profile: Profile, out: GuaranteeCheck[]): void {
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
      add(
        out,
        school,
        "specialFunding",
        atLeast(perStudent, lim.specialFundPerStudent),
        perStudent,
        lim.specialFundPerStudent,
        () => `生均公用经费${formatNumber(perStudent, 0)}元，标准不低于${formatNumber(lim.specialFundPerStudent)}元`,
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
    add(
      out,
      school,
      "schoolSize",
      atMost(sizeStudents, max),
      sizeStudents,
      max,
      () => `${what}${formatNumber(sizeStudents)}人，校额不超过${formatNumber(max)}人`,
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
    add(
      out,
      school,
      "classSize",
      g.oversizeClasses === 0,
      g.oversizeClasses,
      0,
      () => `超标准班额${formatNumber(g.oversizeClasses)}个，应为0`,
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
    add(
      out,
      school,
      "smallSchoolFunding",
      atLeast(g.publicFunds, required),
      g.publicFunds,
      required,
      () =>
        `学生${formatNumber(compulsory)}人，按${formatNumber(lim.smallSchoolFundedAs)}人核定公用经费应不少于${formatNumber(required)}元，实拨${formatNumber(g.publicFunds)}元`,
    );
  }
  certification(out, school, g, lim.certificationRate);
}

// The checks below are plain functions, not closures: a province's schools would otherwise
// allocate five closures each.

/** The message of every passing check (the wording is kept for failures). */
export const GUARANTEE_PASSED = "达标";

/**
 * Records a check. The wording is built only for a failing check: a province has hundreds of
 * thousands of passing ones, whose words no surface shows.
 */
function add(
  out: GuaranteeCheck[],
  school: SchoolRecord,
  id: GuaranteeCheckId,
  pass: boolean,
  value: number,
  limit: number,
  message: () => string,
): void {
  out.push({
    id,
    schoolId: school.id,
    school: school.name,
    sourceRow: school.sourceRow,
    pass,
    value,
    limit,
    message: pass ? GUARANTEE_PASSED : message(),
  });
}

function rooms(
  out: GuaranteeCheck[],
  school: SchoolRecord,
  id: "musicRooms" | "artRooms",
  have: number,
  needed: number,
  classes: number,
  label: string,
): void {
  add(
    out,
    school,
    id,
    have >= needed,
    have,
    needed,
    () => `${label}${formatNumber(have)}间，${formatNumber(classes)}个班应不少于${needed}间`,
  );
}

function roomArea(
  out: GuaranteeCheck[],
  school: SchoolRecord,
  id: "musicRoomArea" | "artRoomArea",
  area: number | undefined,
  count: number | undefined,
  min: number,
  label: string,
): void {
  if (area === undefined || count === undefined || count <= 0) return;
  const avg = area / count;
  add(out, school, id, atLeast(avg, min), avg, min, () => `${label}平均每间${formatNumber(avg)}㎡，每间应不小于${formatNumber(min)}㎡`);
}

function classSize(out: GuaranteeCheck[], school: SchoolRecord, size: number, max: number, label: string): void {
  add(out, school, "classSize", atMost(size, max), size, max, () => `${label}${formatNumber(size)}人，不超过${formatNumber(max)}人`);
}

function certification(out: GuaranteeCheck[], school: SchoolRecord, g: GuaranteeData, required: number): void {
  if (g.fullTimeTeachers === undefined || g.certifiedTeachers === undefined || g.fullTimeTeachers <= 0) return;
  const rate = g.certifiedTeachers / g.fullTimeTeachers;
  add(
    out,
    school,
    "certification",
    atLeast(rate, required),
    rate,
    required,
    () =>
      `持证教师${formatNumber(g.certifiedTeachers)}人/专任教师${formatNumber(g.fullTimeTeachers)}人＝${formatPercent(rate)}，应为${formatPercent(required)}`,
  );
}
