import { Button, Card, makeStyles, mergeClasses, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { useMemo, useRef, useState } from "react";
import { App } from "../taskpane/App";
import type { Strings } from "../taskpane/strings";
import { fileHost, type FileHost } from "./file-host";
import { inWorker } from "./worker-runner";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, maxWidth: "720px" },
  drop: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    alignItems: "flex-start",
    padding: tokens.spacingHorizontalL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

/** What the offline page says (zh-CN; English where Office would be English is not needed here). */
const TEXT = {
  choose: "选择学校数据表（.xlsx）",
  drop: "或把文件拖到这里",
  privacy: "文件只在本机浏览器中读取和处理，不会上传，本页面不连接网络。",
  notXlsx: "只支持 .xlsx：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再选择（.xls、.et、.ods 无法原样标注）。",
  download: "下载标注副本（.xlsx）",
  report: "下载 JSON 报告",
  downloaded: "原文件不会被修改；标注副本和报告保存在浏览器的下载文件夹。",
} as const;

/** Saves bytes as a download (the browser's own save dialog; nothing leaves the machine). */
function download(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === "string" ? data : data.slice().buffer], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The offline page: choose or drop a workbook, then the same pane as in Excel (检查达标, 数据表,
 * 标准设置) over the file, and the annotated copy and JSON report to download.
 */
export function OfflineApp({ strings }: { readonly strings: Strings }) {
  const styles = useStyles();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState<{ name: string; bytes: Uint8Array; report: string } | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const take = (f: File | undefined) => {
    if (!f) return;
    setReady(null);
    if (!/\.xlsx$/i.test(f.name)) {
      setError(`“${f.name}”：${TEXT.notXlsx}`);
      return;
    }
    setError(null);
    f.arrayBuffer()
      .then((b) => setFile({ name: f.name, bytes: new Uint8Array(b) }))
      .catch(() => setError(`“${f.name}”无法读取`));
  };

  // The host tells the page when a check has written its copy.
  const host = useMemo<FileHost | null>(() => {
    if (!file) return null;
    const h = fileHost(file.name, file.bytes, inWorker);
    return {
      ...h,
      check: async (onProgress, signal) => {
        const r = await h.check(onProgress, signal);
        setReady(r.ok ? h.output() : null);
        return r;
      },
    };
  }, [file]);

  return (
    <main className={styles.root}>
      <Card
        className={mergeClasses(styles.drop, over && styles.dropActive)}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer.files[0]);
        }}
        data-testid="drop"
      >
        <Text as="h1" size={500} weight="semibold">
          {strings.title}（离线版）
        </Text>
        <div className={styles.actions}>
          <Button appearance={file ? "secondary" : "primary"} onClick={() => input.current?.click()}>
            {TEXT.choose}
          </Button>
          <Text className={styles.small}>{file ? file.name : TEXT.drop}</Text>
        </div>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          data-testid="file"
          onChange={(e) => take(e.target.files?.[0])}
        />
        <Text className={styles.small}>{TEXT.privacy}</Text>
      </Card>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {ready && (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            data-testid="download"
            onClick={() => download(ready.name, ready.bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
          >
            {TEXT.download}
          </Button>
          <Button
            data-testid="download-report"
            onClick={() => download(ready.name.replace(/\.xlsx$/, ".report.json"), ready.report, "application/json")}
          >
            {TEXT.report}
          </Button>
          <Text className={styles.small}>{TEXT.downloaded}</Text>
        </div>
      )}
      {host && file && <App key={file.name + String(file.bytes.length)} host={host} strings={strings} inWorkbook={false} />}
    </main>
  );
}
