import { Button, Card, makeStyles, mergeClasses, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import { useMemo, useRef, useState } from "react";
import { App } from "../taskpane/App";
import type { Strings } from "../taskpane/strings";
import { convertedNotice, INPUT_NAME, legacyFormat } from "../xlsx/legacy-format";
import { notAPackage } from "../xlsx/zip-archive";
import type { WorkbookFile } from "./file-check";
import { fileHost, type FileHost } from "./file-host";
import { convertInWorker, inWorker } from "./worker-runner";

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
  const text = strings.offline;
  const [file, setFile] = useState<WorkbookFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [converting, setConverting] = useState<AbortController | null>(null);
  const [ready, setReady] = useState<{ name: string; bytes: Uint8Array; report: string } | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // The file being taken: choosing another ends the conversion of this one, and a result that comes
  // back for a file no longer chosen is dropped.
  const taking = useRef<AbortController | null>(null);

  const take = (f: File | undefined) => {
    if (!f) return;
    taking.current?.abort();
    const current = new AbortController();
    taking.current = current;
    const stale = () => taking.current !== current;
    setReady(null);
    setConverting(null);
    setFile(null);
    if (!INPUT_NAME.test(f.name)) {
      setError(`“${f.name}”：${text.notWorkbook}`);
      return;
    }
    setError(null);
    f.arrayBuffer()
      .then(async (b) => {
        if (stale()) return;
        const bytes = new Uint8Array(b);
        const format = legacyFormat(bytes, f.name);
        if (format === null) {
          const not = notAPackage(bytes);
          if (not) return setError(`“${f.name}”：${not}`);
          return setFile({ name: f.name, bytes, source: null });
        }
        // An .xls, .et, .ods or web-page table: its .xlsx copy is what the page checks and annotates.
        setConverting(current);
        const converted = await convertInWorker(f.name, bytes, format, current.signal);
        if (stale()) return;
        setConverting(null);
        if (converted.ok) setFile({ name: f.name, bytes: converted.bytes, source: `${f.name}：${convertedNotice(format)}` });
        else setError(converted.message);
      })
      .catch(() => {
        if (!stale()) setError(`“${f.name}”${text.unreadable}`);
      });
  };

  // The host tells the page when a check has written its copy.
  const host = useMemo<FileHost | null>(() => {
    if (!file) return null;
    const h = fileHost(file, inWorker);
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
          {strings.title}
          {text.title}
        </Text>
        <div className={styles.actions}>
          <Button appearance={file ? "secondary" : "primary"} onClick={() => input.current?.click()}>
            {text.choose}
          </Button>
          <Text className={styles.small}>{file ? file.name : text.drop}</Text>
        </div>
        <input
          ref={input}
          type="file"
          accept=".xlsx,.xls,.et,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet"
          hidden
          data-testid="file"
          onChange={(e) => take(e.target.files?.[0])}
        />
        <Text className={styles.small}>{text.privacy}</Text>
      </Card>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {converting && (
        <div className={styles.actions}>
          <Spinner size="small" label={text.converting} data-testid="converting" />
          <Button size="small" data-testid="cancel-convert" onClick={() => converting.abort()}>
            {text.cancel}
          </Button>
        </div>
      )}
      {file?.source && (
        <MessageBar intent="warning" data-testid="converted">
          <MessageBarBody>{file.source}</MessageBarBody>
        </MessageBar>
      )}
      {ready && (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            data-testid="download"
            onClick={() => download(ready.name, ready.bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
          >
            {text.download}
          </Button>
          <Button
            data-testid="download-report"
            onClick={() => download(ready.name.replace(/(\.检查结果)?\.xlsx$/, ".report.json"), ready.report, "application/json")}
          >
            {text.report}
          </Button>
          <Text className={styles.small}>{text.downloaded}</Text>
        </div>
      )}
      {host && file && <App key={file.name + String(file.bytes.length)} host={host} strings={strings} inWorkbook={false} />}
    </main>
  );
}
