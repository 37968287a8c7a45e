import { describe, expect, it } from "vitest";
import { loadProfile, NATIONAL_PROFILE, profileDifference } from "../../src/core/profile";

describe("NATIONAL_PROFILE", () => {
  it("holds the national standards and rule parameters of spec §1–§4", () => {
    expect(NATIONAL_PROFILE.standards).toEqual({
      degree: { primary: 4.2, junior: 5.3 },
      backbone: { primary: 1, junior: 1 },
      peArt: { primary: 0.9, junior: 0.9 },
      teachingArea: { primary: 4.5, junior: 5.8 },
      sportsArea: { primary: 7.5, junior: 10.2 },
      equipment: { primary: 2000, junior: 2500 },
      multimedia: { primary: 2.3, junior: 2.4 },
    });
    expect(NATIONAL_PROFILE).toMatchObject({
      minMet: 6,
      floorRatio: 0.85,
      cvLimit: { primary: 0.5, junior: 0.45 },
      teachingPointMinStudents: 50,
      juniorWeight: 1.1,
      seniorToJuniorWeight: 1.2,
      includePrivate: true,
      includeDirectlyAdministered: true,
      teachingAreaNetOfIndoorSports: false,
    });
  });
});

describe("loadProfile", () => {
  it("gives the national profile for no overrides", () => {
    const r = loadProfile(undefined);
    expect(r.ok && r.profile).toEqual(NATIONAL_PROFILE);
  });

  it("overrides only the keys given", () => {
    const r = loadProfile({ name: "某省标准", standards: { degree: { primary: 4.5 } }, cvLimit: { junior: 0.4 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.standards.degree).toEqual({ primary: 4.5, junior: 5.3 });
    expect(r.profile.cvLimit).toEqual({ primary: 0.5, junior: 0.4 });
    expect(r.profile.standards.equipment).toEqual({ primary: 2000, junior: 2500 });
  });

  it("rejects wrong types with the key path", () => {
    const r = loadProfile({ standards: { degree: { primary: "4.2" } }, minMet: 6.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.some((p) => p.startsWith("standards.degree.primary:"))).toBe(true);
    expect(r.problems.some((p) => p.startsWith("minMet:"))).toBe(true);
  });

  it("rejects unknown keys, negative standards and non-objects", () => {
    expect(loadProfile({ standardz: {} }).ok).toBe(false);
    expect(loadProfile({ standards: { equipment: { junior: -1 } } }).ok).toBe(false);
    expect(loadProfile([1, 2]).ok).toBe(false);
    expect(loadProfile("x").ok).toBe(false);
    expect(loadProfile({ floorRatio: 1.5 }).ok).toBe(false);
  });

  it("round-trips through profileDifference", () => {
    const r = loadProfile({ regionWord: "全县", guarantee: { maxClassSize: { primary: 40 } } });
    if (!r.ok) throw new Error("invalid");
    const diff = profileDifference(r.profile);
    expect(diff).toEqual({ regionWord: "全县", guarantee: { maxClassSize: { primary: 40 } } });
    const back = loadProfile(diff);
    expect(back.ok && back.profile).toEqual(r.profile);
  });
});
