import type { Profile } from "./profile";
import type { StudentLevel, StudentsByLevel } from "./types";

/**
 * The weight of one student of each level relative to a primary student (spec §2):
 * primary 1, junior 1.1, senior 1.1 × 1.2 = 1.32 with the national profile.
 *
 * @param profile - Supplies the junior weight and the senior-to-junior weight.
 * @returns The weight per level.
 */
export function levelWeights(profile: Pick<Profile, "juniorWeight" | "seniorToJuniorWeight">): Readonly<Record<StudentLevel, number>> {
  return {
    primary: 1,
    junior: profile.juniorWeight,
    senior: profile.juniorWeight * profile.seniorToJuniorWeight,
  };
}

/**
 * Each level's share of a school's whole resources (拆分, spec §2): the level's weighted students
 * over the school's weighted students, over the levels listed.
 * 九年一贯制: A / (A + 1.1B) and 1.1B / (A + 1.1B); 完全中学: B / (B + 1.2C);
 * 十二年一贯制: A / (A + 1.1B + 1.32C), ….
 *
 * @param students - Students per level.
 * @param levels - The levels that share the resources (the school kind's levels).
 * @param profile - The weights.
 * @returns The share per listed level (summing to 1), or null when no listed level has students.
 * @example splitShares({ primary: 166, junior: 210 }, ["primary", "junior"], NATIONAL_PROFILE)
 *   // { primary: 0.4181…, junior: 0.5818… }
 */
export function splitShares(
  students: StudentsByLevel,
  levels: readonly StudentLevel[],
  profile: Pick<Profile, "juniorWeight" | "seniorToJuniorWeight">,
): Partial<Record<StudentLevel, number>> | null {
  const w = levelWeights(profile);
  let total = 0;
  for (const l of levels) total += w[l] * Math.max(0, students[l] ?? 0);
  if (!(total > 0)) return null;
  const out: Partial<Record<StudentLevel, number>> = {};
  for (const l of levels) out[l] = (w[l] * Math.max(0, students[l] ?? 0)) / total;
  return out;
}

/**
 * Splits one whole-school resource between levels by weighted students.
 *
 * @param resource - The whole-school amount (㎡, 元, rooms, people, books…).
 * @param students - Students per level.
 * @param levels - The levels that share it.
 * @param profile - The weights.
 * @returns The amount per level (summing to `resource`), or null when there are no students.
 * @example splitResource(23226, { primary: 166, junior: 210 }, ["primary", "junior"], NATIONAL_PROFILE)
 *   // { primary: 9711.6, junior: 13514.4 }
 */
export function splitResource(
  resource: number,
  students: StudentsByLevel,
  levels: readonly StudentLevel[],
  profile: Pick<Profile, "juniorWeight" | "seniorToJuniorWeight">,
): Partial<Record<StudentLevel, number>> | null {
  const shares = splitShares(students, levels, profile);
  if (!shares) return null;
  const out: Partial<Record<StudentLevel, number>> = {};
  for (const l of levels) out[l] = resource * (shares[l] ?? 0);
  return out;
}
