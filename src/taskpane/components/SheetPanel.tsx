import { Badge, Button, Dropdown, makeStyles, MessageBar, MessageBarBody, Option, Text, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { MappingLine } from "../../check/check-view";
import type { ColumnCorrection, MappingCorrections } from "../../sheet/mapping";
import { describeMapping } from "../../sheet/mapping";
import type { FieldId } from "../../sheet/vocabulary";
import type { PaneHost } from "../pane-host";
import type { Strings } from "../strings";
import type { CheckState } from "../use-check";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", gap: tokens.spacingHorizontalS, alignItems: "center" },
  // The column letter over how sure the match is, on one line each (较确定 does not break at 320 px).
  column: { display: "flex", flexDirection: "column", alignItems: "flex-start", minWidth: "36px" },
  badge: { whiteSpace: "nowrap" },
  header: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  dropdown: { minWidth: "0", width: "100%" },
});

/** The meanings a user can give a column. */
const CHOICES: readonly ColumnCorrection[] = [
  { field: "name" },
  { field: "kind" },
  { field: "students" },
  { field: "students", level: "primary" },
  { field: "students", level: "junior" },
  { field: "students", level: "senior" },
  { field: "degreeTeachers" },
  { field: "backbone" },
  { field: "backbone", level: "primary" },
  { field: "backbone", level: "junior" },
  { field: "peArtTeachers" },
  { field: "teachingArea" },
  { field: "indoorSports" },
  { field: "sportsArea" },
  { field: "outdoorSports" },
  { field: "equipment" },
  { field: "equipment", factor: 10_000 },
  { field: "multimedia" },
  { field: "classes" },
  { field: "musicRooms" },
  { field: "artRooms" },
  { field: "largestClass" },
  { field: "countsAsSchool" },
];

const label = (c: ColumnCorrection): string =>
  `${describeMapping(c)}${c.field === "equipment" ? (c.factor === 10_000 ? "（万元）" : "（元）") : ""}`;
const keyOf = (c: { field: string; level?: string; part?: string; factor?: number }): string =>
  `${c.field}|${c.level ?? ""}|${c.part ?? ""}|${c.factor && c.factor !== 1 ? c.factor : ""}`;

/** 数据表: what the reader understood, with a dropdown per column to correct it. */
export function SheetPanel({
  strings: t,
  state,
  host,
}: {
  readonly strings: Strings;
  readonly state: CheckState;
  readonly host: PaneHost;
}) {
  const styles = useStyles();
  const view = state.lastView;
  const [edits, setEdits] = useState<Record<string, ColumnCorrection | null>>({});
  const [parents, setParents] = useState<Record<string, number | null>>({});
  const [message, setMessage] = useState<string | null>(null);
  if (!view) return <Text>{t.intro}</Text>;
  const save = () => {
    host
      .loadSettings()
      .then((settings) => {
        const previous: MappingCorrections = settings.corrections?.[view.sheetName] ?? { version: 1, columns: {}, branchParents: {} };
        const corrections: MappingCorrections = {
          ...previous,
          columns: { ...previous.columns, ...edits },
          branchParents: { ...previous.branchParents, ...parents },
        };
        return host.saveSettings({ ...settings, corrections: { ...settings.corrections, [view.sheetName]: corrections } });
      })
      .then(() => setMessage(t.saved))
      .catch((e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
  };
  const options = (m: MappingLine): ColumnCorrection[] => {
    const own: ColumnCorrection = {
      field: m.field as FieldId,
      ...(m.level ? { level: m.level as "primary" } : {}),
      ...(m.part ? { part: m.part as NonNullable<ColumnCorrection["part"]> } : {}),
      ...(m.factor !== 1 ? { factor: m.factor } : {}),
    };
    return CHOICES.some((c) => keyOf(c) === keyOf(own)) ? [...CHOICES] : [own, ...CHOICES];
  };
  return (
    <section className={styles.root} aria-label={t.tabSheet}>
      <Text>
        {t.sheetFound}：{view.sheetName}；{t.headerRows}：{view.headerRows[0]}–{view.headerRows[1]}
      </Text>
      <Text weight="semibold" as="h2">
        {t.mapping}
      </Text>
      {view.mapping.map((m) => {
        const current = edits[m.column];
        const selected = current === null ? "none" : keyOf(current ?? m);
        const opts = options(m);
        return (
          <div key={m.column} className={styles.row}>
            <div className={styles.column}>
              <Text weight="semibold">{m.column}</Text>
              <Badge
                className={styles.badge}
                size="small"
                appearance="tint"
                color={m.confidence >= 0.9 ? "success" : m.confidence >= 0.7 ? "informative" : "warning"}
                title={`${t.confidence} ${Math.round(m.confidence * 100)}%`}
              >
                {m.confidence >= 0.9 ? t.sure : m.confidence >= 0.7 ? t.fairlySure : t.pleaseCheck}
              </Badge>
            </div>
            <div>
              <div className={styles.header}>{m.header}</div>
              <Dropdown
                className={styles.dropdown}
                aria-label={`${t.column} ${m.column} ${t.field}`}
                value={
                  selected === "none" ? t.ignoreColumn : label(opts.find((o) => keyOf(o) === selected) ?? (opts[0] as ColumnCorrection))
                }
                selectedOptions={[selected]}
                onOptionSelect={(_e, d) => {
                  const choice = d.optionValue === "none" ? null : (opts.find((o) => keyOf(o) === d.optionValue) ?? null);
                  setEdits((e) => ({ ...e, [m.column]: choice }));
                }}
              >
                {opts.map((o) => (
                  <Option key={keyOf(o)} value={keyOf(o)}>
                    {label(o)}
                  </Option>
                ))}
                <Option value="none">{t.ignoreColumn}</Option>
              </Dropdown>
            </div>
          </div>
        );
      })}
      {view.branches.length > 0 && (
        <>
          <Text weight="semibold" as="h2">
            {t.branches}
          </Text>
          {view.branches.map((b) => {
            const key = String(b.row);
            const chosen = key in parents ? parents[key] : b.confirmed ? b.parentRow : null;
            const label = (row: number | null | undefined) =>
              row === null || row === undefined ? t.noParent : `${view.schools.find((s) => s.row === row)?.name ?? ""}（第${row}行）`;
            return (
              <div key={key} className={styles.row}>
                <Text weight="semibold">{b.row}</Text>
                <div>
                  <div className={styles.header}>
                    {b.name}
                    {b.parentRow !== null && !b.confirmed ? `（${t.proposed}：${label(b.parentRow)}）` : ""}
                  </div>
                  <Dropdown
                    className={styles.dropdown}
                    aria-label={`${b.name} ${t.parent}`}
                    value={label(chosen)}
                    selectedOptions={[String(chosen ?? "none")]}
                    onOptionSelect={(_e, d) =>
                      setParents((p) => ({ ...p, [key]: d.optionValue === "none" ? null : Number(d.optionValue) }))
                    }
                  >
                    <Option value="none">{t.noParent}</Option>
                    {view.schools.map((s) => (
                      <Option key={s.row} value={String(s.row)}>
                        {label(s.row)}
                      </Option>
                    ))}
                  </Dropdown>
                </div>
              </div>
            );
          })}
        </>
      )}
      <Button appearance="primary" onClick={save} disabled={Object.keys(edits).length === 0 && Object.keys(parents).length === 0}>
        {t.saveMapping}
      </Button>
      {message && (
        <MessageBar>
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
