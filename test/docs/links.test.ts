/**
 * The README and the guides as a newcomer follows them from a clean clone: every relative link and
 * picture resolves to a file in the repository, and every `npm run …` / `npm …` script they name
 * exists in package.json.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DOCS = [
  "README.md",
  "TESTING.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const scripts = Object.keys((JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts);

describe.each(DOCS)("%s", (doc) => {
  const text = readFileSync(doc, "utf8");

  it("links only to files that exist", () => {
    const missing = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z]+:/i.test(target))
      .filter((target) => !existsSync(path.join(path.dirname(doc), decodeURI(target))));
    expect(missing).toEqual([]);
  });

  it("names only npm scripts that exist", () => {
    const named = [...text.matchAll(/npm run(?: -s)? ([\w:-]+)/g)].map((m) => m[1]!);
    const bare = [...text.matchAll(/`npm (start|stop|test)\b/g)].map((m) => m[1]!);
    expect([...named, ...bare].filter((s) => !scripts.includes(s))).toEqual([]);
    if (doc === "README.md")
      expect([...new Set([...named, ...bare])]).toEqual(expect.arrayContaining(["start", "stop", "start:desktop", "validate"]));
  });
});
