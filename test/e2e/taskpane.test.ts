/**
 * End to end in a real browser: Debian's Chromium (playwright-core) loads the built task pane page
 * unchanged; office.js is served from the npm package instead of the CDN, every other host is
 * refused, and a fake Excel host (test/support/fake-excel.js) holds a sample sheet. The test clicks
 * 检查达标, checks the results shown and the annotations applied, clicks 清除标注 and checks the sheet
 * is restored. It saves screenshots for the README.
 */
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCounty } from "../../src/demo/sample-county";
import { LAYOUTS } from "../fixtures/layouts";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const OFFICE_JS = path.resolve("node_modules/@microsoft/office-js/dist");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** Screenshots go to test-results/; with UPDATE_SCREENSHOTS=1 also to docs/screenshots/ for the README. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots";

if (!CHROMIUM && process.env.CI) throw new Error("Chromium is required in CI: apt-get install -y chromium fonts-wqy-microhei");

describe.skipIf(!CHROMIUM)("task pane in Chromium", () => {
  let server: http.Server;
  let origin = "";
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  /** A pane of the given size over a fake Excel holding the sheets, office.js given the fake's requirement sets. */
  async function openPane(
    width: number,
    height: number,
    sheets: readonly { name: string; rows: unknown; merges: unknown }[],
  ): Promise<Page> {
    // Reduced motion: a screenshot never catches a section half open.
    const context = await browser.newContext({ viewport: { width, height }, locale: "zh-CN", reducedMotion: "reduce" });
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      requested.push(url.host);
      if (url.origin === origin) return route.continue();
      if (url.host === "appsforoffice.microsoft.com" && url.pathname.startsWith("/lib/1/hosted/")) {
        const file = path.join(OFFICE_JS, url.pathname.slice("/lib/1/hosted/".length));
        if (existsSync(file)) return route.fulfill({ status: 200, contentType: "text/javascript", body: readFileSync(file) });
        return route.fulfill({ status: 404, body: "" });
      }
      return route.abort();
    });
    await context.addInitScript({ path: path.resolve("test/support/fake-excel.js") });
    await context.addInitScript((specs) => {
      const fake = (globalThis as unknown as { createFakeExcel: (o: unknown) => { Excel: unknown } }).createFakeExcel({ sheets: specs });
      Object.assign(globalThis, { Excel: fake.Excel, __fake: fake });
    }, sheets);
    const p = await context.newPage();
    await p.goto(`${origin}/taskpane.html`);
    await p.waitForFunction(() => typeof (globalThis as unknown as { Office?: unknown }).Office !== "undefined");
    await p.evaluate(() => {
      const g = globalThis as unknown as {
        Office: { context?: Record<string, unknown> };
        __fake: { Office: { context: { requirements: unknown } } };
      };
      g.Office.context ??= {};
      g.Office.context.requirements = g.__fake.Office.context.requirements;
    });
    return p;
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const file = path.join("dist", decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/"));
      if (!file.startsWith("dist") || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const layout = LAYOUTS.find((l) => l.id === "consolidated-3row")!;
    page = await openPane(380, 900, [
      { name: "教基综合", rows: layout.rows, merges: layout.merges ?? [] },
      { name: "说明", rows: [["统计科填报"]], merges: [] },
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("shows the pane in Chinese", async () => {
    await page.getByTestId("check").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("优质均衡 资源配置检查");
    await page.screenshot({ path: `${SHOTS}/pane-zh-CN.png`, fullPage: true });
  });

  it("检查达标 shows the results and annotates the sheet", async () => {
    await page.getByTestId("check").click();
    const results = page.getByTestId("results");
    await results.waitFor({ timeout: 30_000 });
    const text = await results.textContent();
    expect(await page.getByTestId("verdict").textContent()).toContain("县域资源配置：未达标");
    expect(await page.getByTestId("level-primary").textContent()).toMatch(/小学：达标.*评估单元.*2.*达标.*2/);
    expect(text).toContain("实验学校（初中，第6行）");
    const state = await page.evaluate(() => {
      const f = (
        globalThis as unknown as {
          __fake: { state: { sheets: { name: string; notes: Map<string, string>; cfs: unknown[]; visibility: string }[] } };
        }
      ).__fake;
      return f.state.sheets.map((s) => ({ name: s.name, notes: [...s.notes.keys()].sort(), cfs: s.cfs.length, visibility: s.visibility }));
    });
    expect(state.map((s) => s.name)).toEqual([
      "教基综合",
      "说明",
      "达标结果",
      "差异系数",
      "缺口汇总",
      "保障程度",
      "数据问题",
      "检查信息",
      "_yzjh",
    ]);
    // The 初中 unit fails 高学历教师 and 仪器设备: its degree teachers are 研究生 + 本科 (E, F); 专科 (G)
    // counts for the 小学 only, which passes, so G6 gets no note.
    expect(state[0]).toEqual({ name: "教基综合", notes: ["A6", "E6", "F6", "R6"], cfs: 2, visibility: "Visible" });
    await page.screenshot({ path: `${SHOTS}/check-zh-CN.png`, fullPage: true });
  });

  it("a failing school links to its row", async () => {
    await page.getByLabel("定位到该行 6").first().click();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { __fake: { state: { selected?: string } } }).__fake.state.selected))
      .toBe("教基综合!A6");
  });

  it("清除标注 restores the sheet", async () => {
    await page.getByTestId("clear").click();
    await page.getByText("已清除本加载项添加的标注和结果表").waitFor();
    const state = await page.evaluate(() => {
      const f = (globalThis as unknown as { __fake: { state: { sheets: { name: string; notes: Map<string, string>; cfs: unknown[] }[] } } })
        .__fake;
      return f.state.sheets.map((s) => ({ name: s.name, notes: s.notes.size, cfs: s.cfs.length }));
    });
    expect(state).toEqual([
      { name: "教基综合", notes: 0, cfs: 0 },
      { name: "说明", notes: 0, cfs: 0 },
    ]);
    await page.screenshot({ path: `${SHOTS}/cleared-zh-CN.png`, fullPage: true });
  });

  it("at 320 px, on the 67-school sample: the verdict and its reason on the first screen, no horizontal scroll, every section", async () => {
    const sample = sampleCounty();
    const narrow = await openPane(320, 640, [{ name: sample.name, rows: sample.rows, merges: sample.merges }]);
    await narrow.getByTestId("check").click();
    await narrow.getByTestId("results").waitFor({ timeout: 60_000 });
    const verdict = narrow.getByTestId("verdict");
    expect(await verdict.textContent()).toMatch(/县域资源配置：未达标小学：\d+个单元未达标/);
    const box = await verdict.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(640);
    const widths = await narrow.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    for (const s of ["failing", "guarantee", "gaps", "excluded", "problems", "legend"]) await narrow.getByTestId(`section-${s}`).waitFor();
    await narrow.screenshot({ path: `${SHOTS}/check-320-zh-CN.png` });
    // Opened, the sections hold no line wider than the pane either.
    for (const s of ["guarantee", "gaps", "legend"]) await narrow.getByTestId(`section-${s}`).getByRole("button").first().click();
    const open = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(open).toBeLessThanOrEqual(0);
    await narrow.screenshot({ path: `${SHOTS}/check-320-sections-zh-CN.png`, fullPage: true });
    // 标准设置 fits too.
    await narrow.getByRole("tab", { name: "标准设置" }).click();
    await narrow.getByRole("button", { name: "保存标准" }).waitFor();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await narrow.context().close();
  }, 120_000);

  it("requests nothing but its own origin and office.js", () => {
    expect(new Set(requested.filter((h) => h !== new URL(origin).host))).toEqual(new Set(["appsforoffice.microsoft.com"]));
  });
});
