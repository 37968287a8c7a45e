/**
 * Nothing leaves the workbook: the built bundles contain no network call (fetch, XHR, beacons,
 * sockets), and the task pane page allows scripts only from itself and the Office CDN.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const bundles = readdirSync("dist").filter((f) => f.endsWith(".js"));

describe("built bundles", () => {
  it("exist", () => {
    expect(bundles.sort()).toEqual(["commands.js", "functions.js", "react.js", "taskpane.js"]);
  });
  for (const f of bundles) {
    it(`${f} makes no network request`, () => {
      const code = readFileSync(`dist/${f}`, "utf8");
      for (const api of ["fetch(", "XMLHttpRequest", "sendBeacon", "new WebSocket", "EventSource", "importScripts"])
        expect(code.includes(api), `${f}: ${api}`).toBe(false);
    });
  }
  it("taskpane.html has a Content-Security-Policy allowing only its own origin and the Office script", () => {
    const html = readFileSync("dist/taskpane.html", "utf8");
    const csp = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
    const directives = new Map<string, string[]>(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]): [string, string[]] => [k ?? "", v]),
    );
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("script-src")).toEqual([
      "'self'",
      "https://appsforoffice.microsoft.com",
      "https://appsforoffice.cdn.partner.office365.cn",
    ]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect([...html.matchAll(/<script[^>]*src="?([^"\s>]+)"?/g)].map((m) => m[1]).filter((s) => /^https?:/.test(s ?? ""))).toEqual([
      "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
    ]);
  });
});
