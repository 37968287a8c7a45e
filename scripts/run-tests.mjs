// The test command (`npm test`): builds dist/ when it is missing (the formula-engine, manifest and
// browser tests use the built files), runs vitest with the JSON reporter, and ends with the plain
// line "N passed, N failed" that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1;

if (!existsSync("dist/functions.json") || !existsSync("dist/cli/yzjh.js") || process.env.CI) {
  if (run("npx", ["webpack", "--mode", "production"]) !== 0) {
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}
rmSync("vitest-report.json", { force: true });
const status = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=vitest-report.json",
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
if (existsSync("vitest-report.json")) {
  const r = JSON.parse(readFileSync("vitest-report.json", "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  const failedSuites = (r.testResults ?? []).filter((s) => s.status === "failed" && (s.assertionResults ?? []).length === 0).length;
  failed += failedSuites;
} else failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
