/**
 * Offline structural checks of manifest.xml (office-addin-manifest validate needs the network):
 * well-formed, element order, resource ids, one runtime resid, https on one host, limits, GUID,
 * and every locale override served by a built file.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { manifestFor } = require("../../scripts/manifest-url") as { manifestFor: (manifest: string, url: string) => string };

type Node = Record<string, unknown>;
const source = readFileSync("manifest.xml", "utf8");
const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "@" }).parse(source) as Node[];
function childNames(nodes: Node[]): string[] {
  return nodes.map((n) => Object.keys(n).find((k) => k !== ":@")!).filter((k) => k !== "#text");
}
function find(nodes: Node[], name: string): Node[] {
  const n = nodes.find((x) => name in x);
  if (!n) throw new Error(`no ${name}`);
  return n[name] as Node[];
}

describe("manifest.xml", () => {
  it("is well-formed XML", () => {
    expect(XMLValidator.validate(source)).toBe(true);
  });

  it("has a GUID id and the top-level elements in schema order", () => {
    const app = find(ordered, "OfficeApp");
    expect(childNames(app)).toEqual([
      "Id",
      "Version",
      "ProviderName",
      "DefaultLocale",
      "DisplayName",
      "Description",
      "IconUrl",
      "HighResolutionIconUrl",
      "SupportUrl",
      "AppDomains",
      "Hosts",
      "Requirements",
      "DefaultSettings",
      "Permissions",
      "VersionOverrides",
    ]);
    const id = (find(app, "Id")[0] as { "#text": string })["#text"];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("orders the Workbook host: Runtimes, AllFormFactors, DesktopFormFactor; Script, Page, Metadata, Namespace", () => {
    const host = find(find(find(find(ordered, "OfficeApp"), "VersionOverrides"), "Hosts"), "Host");
    expect(childNames(host)).toEqual(["Runtimes", "AllFormFactors", "DesktopFormFactor"]);
    const ep = find(find(host, "AllFormFactors"), "ExtensionPoint");
    expect(childNames(ep)).toEqual(["Script", "Page", "Metadata", "Namespace"]);
  });

  it("declares the shared runtime and uses one resid for runtime, page, function file and pane", () => {
    expect(source).toMatch(/<Set Name="SharedRuntime" MinVersion="1.1"\/>/);
    const runtime = /<Runtime resid="([^"]+)" lifetime="long"\/>/.exec(source)?.[1];
    expect(runtime).toBe("Taskpane.Url");
    const pageResid = /<Page>\s*<SourceLocation resid="([^"]+)"/.exec(source)?.[1];
    const functionFile = /<FunctionFile resid="([^"]+)"/.exec(source)?.[1];
    const pane = /<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="([^"]+)"/.exec(source)?.[1];
    expect([pageResid, functionFile, pane]).toEqual([runtime, runtime, runtime]);
  });

  it("resolves every resid to a resource, within 32 characters", () => {
    const defined = new Set([...source.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]!));
    const used = [...source.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(5);
    for (const r of used) expect(defined.has(r), r).toBe(true);
    for (const r of defined) expect(r.length, r).toBeLessThanOrEqual(32);
  });

  it("keeps strings within their limits", () => {
    const short = /<bt:ShortStrings>([\s\S]*?)<\/bt:ShortStrings>/.exec(source)?.[1] ?? "";
    const long = /<bt:LongStrings>([\s\S]*?)<\/bt:LongStrings>/.exec(source)?.[1] ?? "";
    for (const m of short.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length, m[1]).toBeLessThanOrEqual(125);
    for (const m of long.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length, m[1]).toBeLessThanOrEqual(250);
    expect(/<DisplayName DefaultValue="([^"]*)"/.exec(source)?.[1]?.length).toBeLessThanOrEqual(125);
    expect(/<Description DefaultValue="([^"]*)"/.exec(source)?.[1]?.length).toBeLessThanOrEqual(250);
  });

  it("uses https URLs on one host, within 2048 characters", () => {
    const urls = [...source.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]*)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) {
      expect(u.startsWith("https://"), u).toBe(true);
      expect(u.length).toBeLessThanOrEqual(2048);
    }
    expect(new Set(urls.map((u) => new URL(u).host)).size).toBe(1);
  });

  it("localizes to zh-CN with Override, and every URL and override points at a built file", () => {
    expect(source).toContain('<Override Locale="zh-CN" Value="优质均衡检查"/>');
    expect(source).toContain('<bt:Override Locale="zh-CN" Value="https://localhost:3000/functions.zh-cn.json"/>');
    expect(source).not.toMatch(/Locale="zh"/);
    const files = [...source.matchAll(/(?:DefaultValue|Value)="https:\/\/localhost:3000\/([^"]*)"/g)].map((m) => m[1]!);
    for (const f of new Set(files)) expect(existsSync(`dist/${f}`), f).toBe(true);
  });

  it("moves every URL and the AppDomain to the address it is built for, and refuses http", () => {
    const published = manifestFor(source, "https://addin.example.edu.cn/yzjh/");
    expect(published).not.toContain("localhost");
    expect(published).toContain("<AppDomain>https://addin.example.edu.cn</AppDomain>");
    expect(published).toContain('<SourceLocation DefaultValue="https://addin.example.edu.cn/yzjh/taskpane.html"/>');
    expect(manifestFor(source, "https://addin.example.edu.cn/yzjh")).toBe(published);
    expect(() => manifestFor(source, "http://addin.example.edu.cn/")).toThrow(/https/);
  });

  it("is copied into dist with the same content when no ADDIN_URL is set", () => {
    expect(readFileSync("dist/manifest.xml", "utf8")).toBe(source);
  });
});

describe("the set-up scripts", () => {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const origin = /<SourceLocation DefaultValue="(https:\/\/[^/"]+)/.exec(source)?.[1] ?? "";

  it("sideload the built manifest into desktop Excel and stop with one pinned office-addin-debugging", () => {
    const tool = /npx --yes (office-addin-debugging@\d+\.\d+\.\d+) /;
    expect(scripts["start:desktop"]).toMatch(tool);
    expect(scripts.stop).toMatch(tool);
    expect(tool.exec(scripts.stop ?? "")?.[1]).toBe(tool.exec(scripts["start:desktop"] ?? "")?.[1]);
    expect(scripts["start:desktop"]).toContain(" start dist/manifest.xml desktop --app excel ");
    expect(scripts.stop).toContain(" stop dist/manifest.xml");
  });

  it("serve the add-in where the manifest points (npm start, HTTPS, the manifest's port)", () => {
    expect(origin).toBe("https://localhost:3000");
    expect(scripts["start:desktop"]).toContain('--dev-server "npm start" --dev-server-port 3000');
    expect(scripts.start).toMatch(/webpack serve .*--env https/);
  });
});
