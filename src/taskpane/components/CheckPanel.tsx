import {
  Button,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { CheckView, SchoolLine } from "../../check/check-view";
import type { Strings } from "../strings";
import type { CheckState } from "../use-check";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  progress: { minHeight: "24px" },
  level: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  small: { fontSize: tokens.fontSizeBase200 },
});

const cvText = (cv: number | null) => (cv === null ? "—" : cv.toFixed(4));

/** 检查达标: the button, progress, and the results by level. */
export function CheckPanel(props: {
  readonly strings: Strings;
  readonly state: CheckState;
  readonly onCheck: () => void;
  readonly onClear: () => void;
  readonly onSelect: (sheet: string, address: string) => void;
  readonly onChecklist: () => void;
}) {
  const { strings: t, state } = props;
  const styles = useStyles();
  const s = state.status;
  return (
    <section className={styles.root} aria-label={t.tabCheck}>
      <Text>{t.intro}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={props.onCheck} disabled={state.busy} data-testid="check">
          {t.check}
        </Button>
        <Button onClick={props.onClear} disabled={state.busy} data-testid="clear">
          {t.clear}
        </Button>
        <Button onClick={props.onChecklist} disabled={state.busy} data-testid="checklist">
          {t.checklist}
        </Button>
      </div>
      <div className={styles.progress} aria-live="polite">
        {s.kind === "running" && <ProgressBar aria-label={s.step === "clear" ? t.clearing : t.checking} />}
      </div>
      {s.kind === "failed" && (
        <MessageBar intent="error">
          <MessageBarBody>
            {t.failed}：{s.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.kind === "cleared" && (
        <MessageBar intent="success">
          <MessageBarBody>{s.removed ? t.cleared : t.nothingToClear}</MessageBarBody>
        </MessageBar>
      )}
      {s.kind === "inserted" && (
        <MessageBar intent="success">
          <MessageBarBody>
            {t.checklistInserted}：{s.sheets.join("、")}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.kind === "done" && <Results view={s.view} strings={t} onSelect={props.onSelect} />}
    </section>
  );
}

function Results({
  view,
  strings: t,
  onSelect,
}: {
  readonly view: CheckView;
  readonly strings: Strings;
  readonly onSelect: (sheet: string, address: string) => void;
}) {
  const styles = useStyles();
  const verdict = (p: boolean | null) => (p === null ? "—" : p ? t.pass : t.fail);
  return (
    <div className={styles.root} data-testid="results">
      <MessageBar intent={view.resourcePass ? "success" : "warning"}>
        <MessageBarBody>
          {t.done} {t.resource}：<strong>{verdict(view.resourcePass)}</strong>
        </MessageBarBody>
      </MessageBar>
      {view.levels.map((l) => (
        <div key={l.level} className={styles.level}>
          <Text weight="semibold" as="h2">
            {l.name}：{t.units} {l.units}，{t.passing} {l.passing}，{t.failing} {l.failing}
            {l.unreadable > 0 ? `，${t.unreadable} ${l.unreadable}` : ""}，{t.excluded} {l.excluded} —{" "}
            <span className={l.pass ? styles.pass : styles.fail}>{verdict(l.pass)}</span>
          </Text>
          {l.reason && <Text className={styles.small}>{l.reason}</Text>}
          <Table size="extra-small" aria-label={`${l.name}${t.cvTable}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.indicator}</TableHeaderCell>
                <TableHeaderCell>{t.sentence}</TableHeaderCell>
                <TableHeaderCell>{t.cv}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {l.cv.map((c) => (
                <TableRow key={c.name}>
                  <TableCell className={styles.small}>{c.name}</TableCell>
                  <TableCell className={styles.small}>{c.sentence}</TableCell>
                  <TableCell className={c.pass === false ? styles.fail : styles.pass}>
                    {c.pass === null ? "—" : c.pass ? "✓" : "✗"} {cvText(c.cv)} ≤ {c.limit}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ))}
      {view.splitUnits > 0 && (
        <Text className={styles.small}>
          {view.splitUnits}
          {t.splitUnits}
        </Text>
      )}
      <SchoolList
        title={`${t.failingSchools}（${view.failing.length}）`}
        lines={view.failing}
        sheet={view.sheetName}
        onSelect={onSelect}
        strings={t}
      />
      <SchoolList
        title={`${t.unreadableUnits}（${view.unreadable.length}）`}
        lines={view.unreadable}
        sheet={view.sheetName}
        onSelect={onSelect}
        strings={t}
      />
      <SchoolList
        title={`${t.excludedUnits}（${view.excluded.length}）`}
        lines={view.excluded}
        sheet={view.sheetName}
        onSelect={onSelect}
        strings={t}
      />
      <Text weight="semibold" as="h2">
        {t.problems}（{view.problems.length}）
      </Text>
      {view.problems.length === 0 ? (
        <Text>{t.noProblems}</Text>
      ) : (
        <ul className={styles.list}>
          {view.problems.slice(0, 200).map((p, i) => (
            <li key={`${p.cell}-${i}`} className={styles.small}>
              <Link onClick={() => onSelect(view.sheetName, p.cell)}>{p.cell}</Link> {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SchoolList(props: {
  readonly title: string;
  readonly lines: readonly SchoolLine[];
  readonly sheet: string;
  readonly onSelect: (sheet: string, address: string) => void;
  readonly strings: Strings;
}) {
  const styles = useStyles();
  if (props.lines.length === 0) return null;
  return (
    <div>
      <Text weight="semibold" as="h2">
        {props.title}
      </Text>
      <ul className={styles.list}>
        {props.lines.slice(0, 300).map((l) => (
          <li key={`${l.row}-${l.level}`} className={styles.small}>
            <Link onClick={() => props.onSelect(props.sheet, l.address)} aria-label={`${props.strings.selectRow} ${l.row}`}>
              {l.school}（{l.level}，第{l.row}行）
            </Link>
            ：{l.reason}
            {l.gaps ? `；${l.gaps}` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
