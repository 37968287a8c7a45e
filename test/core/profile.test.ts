import { describe, expect, it } from "vitest";
import { loadProfile, NATIONAL_PROFILE, profileDifference, UNNAMED_PROFILE } from "../../src/core/profile";

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

  it("rejects wrong types in Chinese, naming the key and its path, what was found and what was expected", () => {
    const r = loadProfile({ standards: { degree: { primary: "4.2" } }, minMet: 6.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.confirmable).toBe(false);
    expect(r.problems).toContain("小学 每百名学生拥有高于规定学历教师数（standards.degree.primary）：应为数字，实际为“4.2”");
    expect(r.problems).toContain("至少达标指标数（minMet）：应为整数，实际为6.5");
    for (const p of r.problems) expect(p).not.toMatch(/Invalid|expected|received/);
  });

  it("names an unknown key in Chinese", () => {
    const r = loadProfile({ standards: { degre: { primary: 4 } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(["指标标准（standards）中有无法识别的设置项：“degre”（请核对拼写）"]);
    const top = loadProfile({ standardz: {} });
    expect(!top.ok && top.problems).toEqual(["配置中有无法识别的设置项：“standardz”（请核对拼写）"]);
  });

  it("never calls a profile whose rules differ the national standard", () => {
    const r = loadProfile({ standards: { degree: { primary: 4.5 } } });
    expect(r.ok && r.profile.name).toBe(UNNAMED_PROFILE);
    const kept = loadProfile({ name: NATIONAL_PROFILE.name, cvLimit: { junior: 0.4 } });
    expect(kept.ok && kept.profile.name).toBe(UNNAMED_PROFILE);
    const own = loadProfile({ name: "安徽省标准", standards: { degree: { primary: 4.5 } } });
    expect(own.ok && own.profile.name).toBe("安徽省标准");
    // Only the region word changed: still the national rules, still the national name.
    const word = loadProfile({ regionWord: "全县" });
    expect(word.ok && word.profile.name).toBe(NATIONAL_PROFILE.name);
  });

  it("asks to confirm a standard far from the national one (45 typed for 4.5), and takes it when confirmed", () => {
    const r = loadProfile({ name: "某县", standards: { teachingArea: { primary: 45 } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.confirmable).toBe(true);
    // 45 / 4.5 = 10
    expect(r.problems).toEqual(["小学 生均教学及辅助用房面积（standards.teachingArea.primary）：45 是国家标准 4.5 的 10 倍，请核对"]);
    const low = loadProfile({ name: "某县", standards: { equipment: { junior: 250 } } });
    // 250 / 2500 = 10%
    expect(!low.ok && low.problems[0]).toContain("250 是国家标准 2500 的 10%");
    const within = loadProfile({ name: "某县", standards: { equipment: { junior: 4000 } } });
    expect(within.ok).toBe(true); // 1.6 times: a province may ask this much
    const yes = loadProfile({ name: "某县", standards: { teachingArea: { primary: 45 } }, confirmed: true });
    expect(yes.ok && yes.profile.standards.teachingArea.primary).toBe(45);
    expect(loadProfile({ confirmed: "yes" }).ok).toBe(false);
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
    expect(diff).toEqual({ name: UNNAMED_PROFILE, regionWord: "全县", guarantee: { maxClassSize: { primary: 40 } } });
    const back = loadProfile(diff);
    expect(back.ok && back.profile).toEqual(r.profile);
  });
});
