#!/usr/bin/env node
"use strict";
// The `yzjh` command: runs the CLI built by `npm run build` (dist/cli/yzjh.js).
const path = require("node:path");
const fs = require("node:fs");

const built = path.join(__dirname, "..", "dist", "cli", "yzjh.js");
if (!fs.existsSync(built)) {
  process.stderr.write("yzjh 尚未构建：请先运行 npm run build（或 npm run build:cli）。\n");
  process.exit(2);
}
// Output piped into a program that stops reading (yzjh … | head) ends the command quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e) => {
    if (e && e.code === "EPIPE") process.exit(0);
    throw e;
  });
require(built)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
