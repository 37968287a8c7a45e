// The test command (`npm test`): builds dist/ when it is missing or older than its sources (the
// formula-engine, manifest, CLI and browser tests use the built files), runs vitest with the JSON
// reporter, says how many tests were skipped and why, and ends with the plain line
// "N passed, N failed" that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1;

/** The newest modification time under the given files and folders. */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newest(readdirSync(p).map((n) => path.join(p, n))));
    else t = Math.max(t, st.mtimeMs);
  }
  return t;
}

const BUILT = ["dist/functions.json", "dist/cli/yzjh.js", "dist/taskpane.html", "dist/offline/优质均衡检查.html"];
const stale =
  BUILT.some((f) => !existsSync(f)) ||
  newest(["src", "cli", "assets", "manifest.xml", "webpack.config.js", "localize-functions-plugin.js", "package-lock.json"]) >
    Math.min(...BUILT.map((f) => statSync(f).mtimeMs));
if (stale || process.env.CI) {
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
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (skipped > 0) {
    // The suites that skip themselves do so when a real consumer or browser is missing.
    const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
    const missing = [
      ...(["chromium", "chromium-browser"].some(has) ? [] : ["Chromium (browser tests)"]),
      ...(has("soffice") ? [] : ["LibreOffice (.xls and .ods inputs, file consumer tests)"]),
      ...(spawnSync("/usr/bin/python3", ["-c", "import openpyxl"]).status === 0 ? [] : ["python3-openpyxl (file consumer tests)"]),
    ];
    console.log(`${skipped} skipped${missing.length ? `: not installed here: ${missing.join(", ")}` : ""}`);
  }
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  const failedSuites = (r.testResults ?? []).filter((s) => s.status === "failed" && (s.assertionResults ?? []).length === 0).length;
  failed += failedSuites;
} else failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
