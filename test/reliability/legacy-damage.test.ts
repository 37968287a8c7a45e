/**
 * Damaged legacy files, as a broken download or a bad disk leaves them: the reviewer's .xls, .ods,
 * web-page and Excel 2003 XML files cut short at random points and with random bytes overwritten.
 * Each check either runs or stops with a Chinese message naming the file — never another error, an
 * English internal message or a half-written copy.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, CheckFileError } from "../../src/xlsx/check-file";

const DIR = path.join(__dirname, "..", "fixtures", "independent", "legacy");
const FILES = ["L1-jiaoji-xlwt.xls", "L3-导出.xls", "L5-spreadsheetml-2003.xls", "L6-hidden-ods.ods", "L8-libreoffice-wide.xls"];
/** Words a message may hold: format and product names. */
const ALLOWED = /Excel|WPS|Word|CSV|XML|xlsx|xls|ods|et\b|Open/g;

describe.each(FILES)("damaged copies of %s", (name) => {
  it("stop with a Chinese message naming the file, or are checked", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "yzjh-damaged-"));
    const original = readFileSync(path.join(DIR, name));
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const problems: string[] = [];
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(original);
      const damaged = i < 15 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      if (i >= 15) for (let k = 0; k <= i % 5; k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const file = path.join(tmp, `${i}.${name}`);
      const out = path.join(tmp, `${i}.out.xlsx`);
      writeFileSync(file, damaged);
      try {
        await checkFile(file, { out });
      } catch (e) {
        refused++;
        if (!(e instanceof CheckFileError)) problems.push(`#${i}: ${String(e)}`);
        else {
          // What the message quotes from the file itself (the headers it saw) may be anything.
          const said = e.message.slice(file.length).replace(/看到的表头：.*$/s, "");
          if (!e.message.startsWith(`${file}：`)) problems.push(`#${i}: the file is not named: ${e.message}`);
          if (/[A-Za-z]{4,}/.test(said.replace(ALLOWED, ""))) problems.push(`#${i}: English in the message: ${said}`);
          if (existsSync(out)) problems.push(`#${i}: a copy was written`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Cutting a file short almost always breaks it: the test did meet damaged files.
    expect(refused).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
