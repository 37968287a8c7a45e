/**
 * The offline page in a real browser, as a staffer without Office or Node uses it: Debian's
 * Chromium opens dist/offline/优质均衡检查.html from file:// with every request refused, a county
 * workbook is chosen, 检查达标 shows the results, and the annotated copy and report are downloaded.
 * The download must be what the CLI writes for the same file, and must open in LibreOffice.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync } from "fflate";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCounty } from "../../src/demo/sample-county";
import { sampleWorkbookBytes } from "../../src/demo/sample-workbook";
import { checkFile } from "../../src/xlsx/check-file";
import { HAS_LIBREOFFICE, libreOfficeFailures, libreOfficeSaveAs } from "../support/consumers";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const PAGE = path.resolve("dist/offline/优质均衡检查.html");
const SHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots";

/**
 * The parts in which two packages differ once the time of the check is blanked (检查时间 on 检查信息,
 * checkedAt in the stored record, the document's dates); a part only one of them has counts.
 */
function differingParts(fileA: string, fileB: string): string[] {
  const a = unzipSync(new Uint8Array(readFileSync(fileA)));
  const b = unzipSync(new Uint8Array(readFileSync(fileB)));
  const time = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?Z?)?(?:（UTC[+-]\d{2}:\d{2}）)?/g;
  const text = (u: Uint8Array | undefined) => (u ? new TextDecoder().decode(u).replace(time, "<time>") : null);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((name) => text(a[name]) !== text(b[name]));
}

describe.skipIf(!CHROMIUM)("the offline page, opened from disk with no network", () => {
  let browser: Browser;
  let dir = "";
  let input = "";
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "yzjh-offline-"));
    input = path.join(dir, "示例县2024.xlsx");
    writeFileSync(input, await sampleWorkbookBytes(sampleCounty()));
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A 20 000-school county (made once). */
  let big = "";
  const bigFile = async () => {
    if (!big) {
      big = path.join(dir, "大样本.xlsx");
      writeFileSync(big, await sampleWorkbookBytes(sampleCounty({ schools: 20_000, seed: 7 })));
    }
    return big;
  };

  it("checks a county workbook chosen in the page and downloads what the CLI writes, asking nothing of the network", async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: "zh-CN", acceptDownloads: true });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith("file://") ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on("requestfailed", (r) => blocked.push(r.url()));
    await page.goto(pathToFileURL(PAGE).href);
    await page.getByTestId("file").setInputFiles(input);
    await page.getByTestId("check").click();
    await page.getByTestId("results").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("verdict").textContent()).toMatch(/县域资源配置：未达标小学：\d+个单元未达标/);
    await page.screenshot({ path: `${SHOTS}/offline-zh-CN.png` });
    // The page's own next steps: the copy is what is annotated; nothing offers to select a row.
    const body = await page.locator("#container").innerText();
    expect(body).toContain("下载标注副本，用 Excel 或 WPS 打开");
    expect(body).not.toContain("点击学校名定位");
    expect(await page.getByLabel(/定位到该行/).count()).toBe(0);

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    expect(xlsx.suggestedFilename()).toBe("示例县2024.检查结果.xlsx");
    const downloaded = path.join(dir, "下载.xlsx");
    await xlsx.saveAs(downloaded);
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
    expect(json.suggestedFilename()).toBe("示例县2024.report.json");
    const report = JSON.parse(readFileSync(await json.path(), "utf8")) as unknown;

    // The CLI on the same file: the same report, the same annotations part by part (the parts that
    // hold the time of the check aside).
    const cli = await checkFile(input, { out: path.join(dir, "cli.xlsx") });
    expect(report).toEqual(JSON.parse(JSON.stringify(cli.report)));
    expect(differingParts(downloaded, cli.output)).toEqual([]);

    // Nothing but the page itself was asked for; nothing was refused because nothing went out.
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
    expect(blocked.filter((u) => !u.startsWith("blob:"))).toEqual([]);
    if (HAS_LIBREOFFICE) expect(libreOfficeFailures([downloaded])).toEqual([]);
    await context.close();
  }, 180_000);

  it("checks a 20 000-school file in a worker: step text shown, the page answering throughout, a cancel that stops it", async () => {
    const big = await bigFile();
    const page = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: "zh-CN" });
    await page.goto(pathToFileURL(PAGE).href);
    await page.getByTestId("file").setInputFiles(big);
    await page.getByTestId("check").click();
    // While the worker reads and evaluates, the page's own thread answers at once and says the step.
    await page
      .getByText(/读取工作表…|逐校评估…|写入标注和结果表…/)
      .first()
      .waitFor({ timeout: 30_000 });
    const slowest: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await page.evaluate(() => 1);
      slowest.push(Date.now() - t);
      await page.waitForTimeout(200);
    }
    expect(Math.max(...slowest)).toBeLessThan(500);
    await page.getByTestId("results").waitFor({ timeout: 180_000 });
    expect(await page.getByTestId("level-primary").textContent()).toMatch(/评估单元/);
    // A second check, cancelled: the worker ends and nothing is offered for download.
    await page.getByTestId("check").click();
    await page.getByTestId("cancel").click();
    await page.getByText(/已取消/).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("download").count()).toBe(0);
    await page.close();
  }, 300_000);

  it.skipIf(!HAS_LIBREOFFICE)(
    "checks an .xls through an .xlsx copy made in the worker, says so, and downloads what the CLI writes for the same .xls",
    async () => {
      const xls = path.join(libreOfficeSaveAs([input], "xls"), "示例县2024.xls");
      const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: "zh-CN", acceptDownloads: true });
      const outside: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (!url.startsWith("file://")) outside.push(url);
        return url.startsWith("file://") ? route.continue() : route.abort();
      });
      const page = await context.newPage();
      await page.goto(pathToFileURL(PAGE).href);
      await page.getByTestId("file").setInputFiles(xls);
      await page.getByTestId("converted").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("converted").textContent()).toContain("原文件是 Excel 97-2003 工作簿（.xls），不能原样标注");
      await page.getByTestId("check").click();
      await page.getByTestId("results").waitFor({ timeout: 60_000 });
      await page.screenshot({ path: `${SHOTS}/offline-xls-zh-CN.png` });
      const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
      expect(xlsx.suggestedFilename()).toBe("示例县2024.检查结果.xlsx");
      const downloaded = path.join(dir, "下载-xls.xlsx");
      await xlsx.saveAs(downloaded);
      const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
      const report = JSON.parse(readFileSync(await json.path(), "utf8")) as unknown;
      const cli = await checkFile(xls, { out: path.join(dir, "cli-xls.xlsx") });
      expect(cli.converted).toBe("xls");
      expect(report).toEqual(JSON.parse(JSON.stringify(cli.report)));
      expect(differingParts(downloaded, cli.output)).toEqual([]);
      expect(outside).toEqual([]);
      expect(libreOfficeFailures([downloaded])).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it.skipIf(!HAS_LIBREOFFICE)(
    "converts a 20 000-school .xls in the worker with the page answering, and a cancel stops it",
    async () => {
      const xls = path.join(libreOfficeSaveAs([await bigFile()], "xls"), "大样本.xls");
      const page = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: "zh-CN" });
      await page.goto(pathToFileURL(PAGE).href);
      await page.getByTestId("file").setInputFiles(xls);
      await page.getByTestId("converting").waitFor({ timeout: 30_000 });
      const t = Date.now();
      await page.evaluate(() => 1);
      expect(Date.now() - t).toBeLessThan(500);
      await page.getByTestId("cancel-convert").click();
      await page.getByText("“大样本.xls”：已取消转换").waitFor({ timeout: 5_000 });
      expect(await page.getByTestId("check").count()).toBe(0);
      expect(await page.getByTestId("converting").count()).toBe(0);
      await page.close();
    },
    300_000,
  );

  it("refuses, in Chinese and naming it, a file that is not a workbook", async () => {
    const page = await browser.newPage({ locale: "zh-CN" });
    await page.goto(pathToFileURL(PAGE).href);
    const csv = path.join(dir, "名单.xls");
    writeFileSync(csv, "学校名称,在校生数\n一小,300\n");
    await page.getByTestId("file").setInputFiles(csv);
    await page.getByText(/“名单\.xls”：不是 Excel 工作簿.*CSV/).waitFor();
    const txt = path.join(dir, "说明.txt");
    writeFileSync(txt, "x");
    await page.getByTestId("file").setInputFiles(txt);
    await page.getByText(/“说明\.txt”：不是可检查的工作簿/).waitFor();
    expect(await page.getByTestId("check").count()).toBe(0);
    await page.close();
  });

  it("speaks English in an English browser", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(pathToFileURL(PAGE).href);
    await page.getByText("Choose the school data workbook (.xlsx, .xls, .et, .ods)").waitFor();
    await page.getByText(/nothing is uploaded and this page makes no network connection/).waitFor();
    await page.close();
  });

  it("allows no connection: its Content-Security-Policy says connect-src 'none'", () => {
    const html = readFileSync(PAGE, "utf8");
    expect(html).toMatch(/Content-Security-Policy"? content="[^"]*default-src 'none'[^"]*connect-src 'none'/);
    // One file: no script or style is loaded from anywhere.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
  });
});
