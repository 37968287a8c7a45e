import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Card,
  Field,
  Link,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import type { CheckView, LevelView, SchoolLine } from "../../check/check-view";
import { MARK_COLORS, MARK_LEGEND } from "../../plan/mark-styles";
import type { Strings } from "../strings";
import type { CheckState } from "../use-check";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  level: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  tiles: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(60px, 1fr))", gap: tokens.spacingHorizontalXS },
  tile: { padding: tokens.spacingVerticalXS, alignItems: "center", minWidth: 0 },
  tileNumber: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  cvRow: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 5.5em) minmax(0, 1fr) auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
  },
  nowrap: { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  chips: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXXS },
  schoolHeader: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalXXS, minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  legendRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  swatch: { width: "14px", height: "14px", flexShrink: 0, border: `1px solid ${tokens.colorNeutralStroke1}` },
  table: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) auto auto",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
});

const cvText = (cv: number | null) => (cv === null ? "—" : cv.toFixed(4));

/** 检查达标: the actions, progress, and the results as a dashboard read top-down. */
export function CheckPanel(props: {
  readonly strings: Strings;
  readonly state: CheckState;
  readonly onCheck: () => void;
  readonly onClear: () => void;
  readonly onSelect: (sheet: string, address: string) => void;
  readonly onChecklist: () => void;
  /** False on the offline page, where there is no open workbook to clear or add sheets to. */
  readonly inWorkbook?: boolean;
}) {
  const { strings: t, state } = props;
  const inWorkbook = props.inWorkbook ?? true;
  const styles = useStyles();
  const s = state.status;
  const stepText: Record<string, string> = { read: t.stepRead, evaluate: t.stepEvaluate, write: t.stepWrite, clear: t.clearing };
  return (
    <section className={styles.root} aria-label={t.tabCheck}>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={props.onCheck} disabled={state.busy} data-testid="check">
          {t.check}
        </Button>
        {inWorkbook && (
          <Button size="small" appearance="subtle" onClick={props.onClear} disabled={state.busy} data-testid="clear">
            {t.clear}
          </Button>
        )}
        {inWorkbook && (
          <Button size="small" appearance="subtle" onClick={props.onChecklist} disabled={state.busy} data-testid="checklist">
            {t.checklist}
          </Button>
        )}
      </div>
      {s.kind === "idle" && (
        <Text className={mergeClasses(styles.small, styles.muted)}>{inWorkbook ? t.introShort : t.offline.introShort}</Text>
      )}
      {s.kind === "running" && (
        <div className={styles.actions} aria-live="polite">
          <Field validationMessage={stepText[s.step] ?? t.checking} validationState="none" style={{ flexGrow: 1 }}>
            <ProgressBar aria-label={stepText[s.step] ?? t.checking} />
          </Field>
          {s.step !== "clear" && s.step !== "checklist" && (
            <Button size="small" onClick={state.cancel} data-testid="cancel">
              {t.cancel}
            </Button>
          )}
        </div>
      )}
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
      {s.kind === "done" && <Results view={s.view} strings={t} {...(inWorkbook ? { onSelect: props.onSelect } : {})} />}
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
  /** Selects a cell of the workbook; none where there is no workbook open (the offline page). */
  readonly onSelect?: (sheet: string, address: string) => void;
}) {
  const styles = useStyles();
  const [verdict, ...reason] = view.verdict.split("——");
  return (
    <div className={styles.root} data-testid="results">
      {/* The county verdict and its reason come first. */}
      <MessageBar intent={view.resourcePass ? "success" : "error"} layout="multiline" data-testid="verdict">
        <MessageBarBody>
          <MessageBarTitle>{verdict}</MessageBarTitle>
          <div className={styles.small}>{reason.join("——")}</div>
          <div className={mergeClasses(styles.small, styles.muted)}>
            {t.checkedSheet}：{view.sheetName} · {t.standardUsed}：{view.profileName}
          </div>
        </MessageBarBody>
      </MessageBar>
      {view.levels.map((l) => (
        <LevelCard key={l.level} level={l} strings={t} />
      ))}
      {view.splitUnits > 0 && (
        <Text className={styles.small}>
          {view.splitUnits}
          {t.splitUnits}
        </Text>
      )}
      <Accordion multiple collapsible defaultOpenItems={["failing"]}>
        <Section value="failing" title={`${t.failingSchools}（${view.failing.length}）`}>
          <SchoolList lines={view.failing} sheet={view.sheetName} onSelect={onSelect} strings={t} label={t.failing} chips />
        </Section>
        {view.unreadable.length > 0 && (
          <Section value="unreadable" title={`${t.unreadableUnits}（${view.unreadable.length}）`}>
            <SchoolList lines={view.unreadable} sheet={view.sheetName} onSelect={onSelect} strings={t} label={t.unreadable} />
          </Section>
        )}
        <Section value="guarantee" title={`${t.guaranteeTitle}（${view.guaranteeFailing}）`}>
          <div className={styles.table} data-testid="guarantee">
            {view.guarantee.map((g) => (
              <SummaryRow
                key={g.name}
                label={g.name}
                detail={`${t.checkedCount}${g.checked}${g.unverified > 0 ? ` · ${t.unverifiedCount}${g.unverified}` : ""}`}
                value={g.failing > 0 ? `${g.failing} ${t.fail}` : g.unverified > 0 ? t.unverifiedCount : t.pass}
                tone={g.failing > 0 ? "fail" : g.unverified > 0 ? "muted" : "pass"}
              />
            ))}
          </div>
        </Section>
        <Section value="gaps" title={`${t.gapsTitle}（${view.gaps.length}）`}>
          <div className={styles.table} data-testid="gaps">
            {view.gaps.map((g) => (
              <SummaryRow key={`${g.level}${g.name}`} label={`${g.level} ${g.name}`} detail={`${g.units}${t.schoolsShort}`} value={g.gap} />
            ))}
          </div>
        </Section>
        {view.tracking.length > 0 && (
          <Section value="tracking" title={t.trackingTitle}>
            <div className={styles.table}>
              {view.tracking.map((l) => (
                <SummaryRow
                  key={`${l.level}${l.name}`}
                  label={`${l.level} ${l.name}`}
                  detail={`${t.target}${l.target} · ${t.actual}${l.actual}`}
                  value={l.onPlan === null ? t.noTarget : l.onPlan ? t.onPlan : t.behind}
                  tone={l.onPlan === false ? "fail" : "pass"}
                />
              ))}
            </div>
          </Section>
        )}
        <Section value="excluded" title={`${t.excludedUnits}（${view.excluded.length}）`}>
          <SchoolList lines={view.excluded} sheet={view.sheetName} onSelect={onSelect} strings={t} label={t.excluded} />
        </Section>
        <Section value="problems" title={`${t.problems}（${view.problems.length}）`}>
          {view.problems.length === 0 ? (
            <Text className={styles.small}>{t.noProblems}</Text>
          ) : (
            <ul className={styles.list}>
              {view.problems.slice(0, 200).map((p, i) => (
                <li key={`${p.cell}-${i}`} className={styles.small}>
                  {onSelect ? <Link onClick={() => onSelect(view.sheetName, p.cell)}>{p.cell}</Link> : p.cell}
                  {/* The message names its cell first; the link already shows it. */}
                  {p.message.startsWith(`${p.cell}：`) ? `：${p.message.slice(p.cell.length + 1)}` : ` ${p.message}`}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section value="legend" title={t.legendTitle}>
          <div className={styles.list} data-testid="legend">
            {MARK_LEGEND.map((m) => (
              <div key={m.style} className={styles.legendRow}>
                <span className={styles.swatch} style={{ backgroundColor: `#${MARK_COLORS[m.style].slice(2)}` }} aria-hidden="true" />
                <Text className={styles.small}>{m.label}</Text>
              </div>
            ))}
          </div>
        </Section>
      </Accordion>
      <div>
        <Text weight="semibold" as="h2">
          {t.nextTitle}
        </Text>
        <ol className={styles.list}>
          {(onSelect ? [t.next1, t.next2, t.next3, t.next4] : [t.offline.next1, t.next2, t.offline.next3, t.offline.next4]).map((n) => (
            <li key={n} className={styles.small}>
              {n}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

function Section(props: { readonly value: string; readonly title: string; readonly children: React.ReactNode }) {
  return (
    <AccordionItem value={props.value} data-testid={`section-${props.value}`}>
      <AccordionHeader size="small" as="h2">
        {props.title}
      </AccordionHeader>
      <AccordionPanel>{props.children}</AccordionPanel>
    </AccordionItem>
  );
}

/** One level: tiles for its counts, then each CV against its limit as a bar. */
function LevelCard({ level: l, strings: t }: { readonly level: LevelView; readonly strings: Strings }) {
  const styles = useStyles();
  const tiles: [string, number, string | undefined][] = [
    [t.units, l.units, undefined],
    [t.passing, l.passing, styles.pass],
    [t.failing, l.failing, l.failing > 0 ? styles.fail : undefined],
    ...(l.unreadable > 0 ? ([[t.unreadable, l.unreadable, styles.fail]] as [string, number, string][]) : []),
    [t.excluded, l.excluded, undefined],
  ];
  return (
    <Card className={styles.level} size="small" data-testid={`level-${l.level}`}>
      <Text weight="semibold" as="h2">
        {l.name}：<span className={l.pass ? styles.pass : styles.fail}>{l.pass === null ? "—" : l.pass ? t.pass : t.fail}</span>
      </Text>
      {l.reason && <Text className={styles.small}>{l.reason}</Text>}
      <div className={styles.tiles}>
        {tiles.map(([label, n, cls]) => (
          <Card key={label} className={styles.tile} appearance="filled-alternative" size="small">
            <span className={mergeClasses(styles.tileNumber, cls ?? "")}>{n}</span>
            <Text className={styles.small}>{label}</Text>
          </Card>
        ))}
      </div>
      <div role="table" aria-label={`${l.name}${t.cvTable}`}>
        {l.cv.map((c) => (
          <div role="row" key={c.name} className={styles.cvRow}>
            <Tooltip content={`${c.fullName}：${c.sentence}`} relationship="description">
              <Text role="cell" className={styles.small} truncate wrap={false}>
                {c.name}
              </Text>
            </Tooltip>
            <ProgressBar
              role="cell"
              aria-label={`${c.name} ${t.cvChart}`}
              value={c.cv === null ? 0 : Math.min(1, c.cv / c.limit)}
              color={c.pass === false ? "error" : "success"}
              thickness="large"
            />
            <span role="cell" className={mergeClasses(styles.small, styles.nowrap, c.pass === false ? styles.fail : styles.pass)}>
              {c.pass === null ? "—" : c.pass ? "✓" : "✗"} {cvText(c.cv)}≤{c.limit}
            </span>
          </div>
        ))}
      </div>
    </Card>
  );
}

/** One line of a three-column summary: what, a muted detail, and the value in its tone. */
function SummaryRow(props: {
  readonly label: string;
  readonly detail: string;
  readonly value: string;
  readonly tone?: "pass" | "fail" | "muted";
}) {
  const styles = useStyles();
  return (
    <>
      <Text className={styles.small}>{props.label}</Text>
      <span className={mergeClasses(styles.small, styles.nowrap, styles.muted)}>{props.detail}</span>
      <span className={mergeClasses(styles.small, styles.nowrap, props.tone && styles[props.tone])}>{props.value}</span>
    </>
  );
}

/**
 * Schools one line each (chips for the missed indicators); the gaps, else what the list is (未达标,
 * 不参评, 数据有误), open to the reason; click to select the row.
 */
function SchoolList(props: {
  readonly lines: readonly SchoolLine[];
  readonly sheet: string;
  /** Selects the school's row; without it the names are plain text. */
  readonly onSelect: ((sheet: string, address: string) => void) | undefined;
  readonly strings: Strings;
  /** What every school of the list is, shown where a school has no gaps to show. */
  readonly label: string;
  readonly chips?: boolean;
}) {
  const styles = useStyles();
  const shown = props.lines.slice(0, 100);
  return (
    <ul className={styles.list}>
      {shown.map((l) => (
        <li key={`${l.row}-${l.level}`} className={styles.schoolHeader}>
          {props.onSelect ? (
            <Link
              className={styles.small}
              onClick={() => props.onSelect?.(props.sheet, l.address)}
              aria-label={`${props.strings.selectRow} ${l.row}：${l.school}`}
            >
              {l.school}（{l.level}，第{l.row}行）
            </Link>
          ) : (
            <Text className={styles.small}>
              {l.school}（{l.level}，第{l.row}行）
            </Text>
          )}
          {props.chips && l.missed.length > 0 && (
            <div className={styles.chips}>
              {l.missed.map((m) => (
                <Badge key={m} size="small" appearance="tint" color="danger">
                  {m}
                </Badge>
              ))}
            </div>
          )}
          <details>
            <summary className={mergeClasses(styles.small, styles.muted)}>{l.gaps || props.label}</summary>
            <Text className={styles.small}>{l.reason}</Text>
          </details>
        </li>
      ))}
      {props.lines.length > shown.length && (
        <li className={mergeClasses(styles.small, styles.muted)}>
          …{props.lines.length - shown.length}，{props.strings.more}
        </li>
      )}
    </ul>
  );
}
