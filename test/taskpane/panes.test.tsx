// @vitest-environment jsdom
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { runCheck } from "../../src/check/run-check";
import { checkView } from "../../src/check/check-view";
import type { WorkbookSettings } from "../../src/plan/state";
import { App } from "../../src/taskpane/App";
import type { PaneHost } from "../../src/taskpane/pane-host";
import { stringsFor } from "../../src/taskpane/strings";
import { LAYOUTS } from "../fixtures/layouts";
import { gridOf } from "../support/grid";

afterEach(cleanup);

// jsdom has no ResizeObserver; Fluent's tables and pop-ups only need it to exist.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.assign(globalThis, { ResizeObserver: (globalThis as { ResizeObserver?: unknown }).ResizeObserver ?? NoResizeObserver });

function fakeHost(layoutId: string) {
  const l = LAYOUTS.find((x) => x.id === layoutId)!;
  const outcome = runCheck({ grid: gridOf(l.rows, l.merges), sheetName: l.sheetName });
  if (!outcome.ok) throw new Error(outcome.message);
  let settings: WorkbookSettings = { version: 1 };
  const calls: string[] = [];
  const host: PaneHost = {
    check: (onProgress) => {
      onProgress("write");
      calls.push("check");
      return Promise.resolve({ ok: true, view: checkView(outcome), outcome });
    },
    clear: () => {
      calls.push("clear");
      return Promise.resolve(true);
    },
    select: (sheet, address) => {
      calls.push(`select ${sheet}!${address}`);
      return Promise.resolve();
    },
    loadSettings: () => Promise.resolve(settings),
    saveSettings: (s) => {
      settings = s;
      calls.push("save");
      return Promise.resolve();
    },
    insertChecklist: () => Promise.resolve(["评估清单", "推进规划"]),
  };
  return { host, calls, settings: () => settings };
}

const renderApp = (host: PaneHost, lang = "zh-CN") =>
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} strings={stringsFor(lang)} />
    </FluentProvider>,
  );

/** Clicks 检查达标 and waits for the results. */
async function checkAndWait(): Promise<void> {
  await act(() => {
    fireEvent.click(screen.getByTestId("check"));
    return Promise.resolve();
  });
  await screen.findByTestId("results");
}

describe("task pane", () => {
  it("checks, lists failing schools as links that select their row, and clears", async () => {
    const f = fakeHost("consolidated-3row");
    renderApp(f.host);
    await checkAndWait();
    // The verdict first, with its reason; then each level's counts, every section, the legend.
    const verdict = screen.getByTestId("verdict");
    expect(verdict.textContent).toContain("县域资源配置：未达标");
    expect(verdict.textContent).toContain("初中：1个单元未达标");
    expect(verdict.textContent).toContain("工作表：教基综合");
    for (const s of ["failing", "guarantee", "gaps", "excluded", "problems", "legend"])
      expect(screen.getByTestId(`section-${s}`)).toBeTruthy();
    expect(screen.getByTestId("level-junior").textContent).toContain("未达标");
    fireEvent.click(screen.getByLabelText("定位到该行 6：实验学校"));
    await waitFor(() => expect(f.calls).toContain("select 教基综合!A6"));
    await act(() => {
      fireEvent.click(screen.getByTestId("clear"));
      return Promise.resolve();
    });
    await screen.findByText("已清除本加载项添加的标注和结果表，原表已恢复。");
  });

  it.each([
    ["flat-basic", "excluded", "不参评"],
    ["text-numbers", "unreadable", "数据有误"],
  ])("in %s, every school listed under %s says %s, never 未达标", async (layout, section, label) => {
    renderApp(fakeHost(layout).host);
    await checkAndWait();
    const el = screen.getByTestId(`section-${section}`);
    fireEvent.click(el.querySelector("button")!);
    const summaries = await waitFor(() => {
      const found = [...el.querySelectorAll("summary")].map((x) => x.textContent);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(summaries.every((x) => x === label)).toBe(true);
  });

  it("shows English texts for English Office", () => {
    renderApp(fakeHost("flat-basic").host, "en-US");
    expect(screen.getByTestId("check").textContent).toBe("Check schools");
  });

  it("saves a branch site's parent chosen in the Sheet tab", async () => {
    const f = fakeHost("branches");
    renderApp(f.host);
    await checkAndWait();
    fireEvent.click(screen.getByRole("tab", { name: "数据表" }));
    const dropdown = screen.getByLabelText("中心小学东校区 所属学校");
    fireEvent.click(dropdown);
    fireEvent.click(await screen.findByRole("option", { name: "中心小学（第2行）" }));
    await act(() => {
      fireEvent.click(screen.getByRole("button", { name: "保存更正" }));
      return Promise.resolve();
    });
    await waitFor(() => expect(f.settings().corrections?.["校区"]?.branchParents).toEqual({ "3": 2 }));
  });

  it("shows each degree column with its part, and how sure each match is", async () => {
    const f = fakeHost("consolidated-3row");
    renderApp(f.host);
    await checkAndWait();
    fireEvent.click(screen.getByRole("tab", { name: "数据表" }));
    const e = await screen.findByLabelText("列 E 识别为");
    const f2 = screen.getByLabelText("列 F 识别为");
    expect(e.textContent).toContain("研究生");
    expect(f2.textContent).toContain("本科");
    expect(screen.getAllByText(/^(确定|较确定|请核对)$/).length).toBeGreaterThanOrEqual(19);
  });

  it("refuses invalid standards and saves valid ones as a difference from the national profile", async () => {
    const f = fakeHost("flat-basic");
    renderApp(f.host);
    fireEvent.click(screen.getByRole("tab", { name: "标准设置" }));
    const inputs = await screen.findAllByRole("spinbutton");
    fireEvent.change(inputs[0]!, { target: { value: "-1" } });
    fireEvent.click(screen.getByRole("button", { name: "保存标准" }));
    await screen.findByText(/标准设置有误/);
    fireEvent.change(inputs[0]!, { target: { value: "4.5" } });
    await act(() => {
      fireEvent.click(screen.getByRole("button", { name: "保存标准" }));
      return Promise.resolve();
    });
    // Changed but not renamed: saved under a name that does not claim to be the national standard.
    await waitFor(() => expect(f.settings().profile).toEqual({ name: "自定义标准（未命名）", standards: { degree: { primary: 4.5 } } }));
    expect(screen.getByDisplayValue("自定义标准（未命名）")).toBeTruthy();
  });

  it("asks to confirm a standard far from the national one (45 typed for 4.5) before saving it", async () => {
    const f = fakeHost("flat-basic");
    renderApp(f.host);
    fireEvent.click(screen.getByRole("tab", { name: "标准设置" }));
    const inputs = await screen.findAllByRole("spinbutton");
    // The order is the official one, 小学 then 初中: the 7th field is 教辅用房 小学.
    fireEvent.change(inputs[6]!, { target: { value: "45" } });
    fireEvent.click(screen.getByRole("button", { name: "保存标准" }));
    await screen.findByText(/45 是国家标准 4.5 的 10 倍/);
    expect(f.settings().profile).toBeUndefined();
    await act(() => {
      fireEvent.click(screen.getByRole("button", { name: "确认无误，仍然保存" }));
      return Promise.resolve();
    });
    await waitFor(() => expect(f.settings().profile).toMatchObject({ standards: { teachingArea: { primary: 45 } }, confirmed: true }));
  });
});
