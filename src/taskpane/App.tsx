import { makeStyles, type SelectTabData, Tab, TabList, Text, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { CheckPanel } from "./components/CheckPanel";
import { ProfilePanel } from "./components/ProfilePanel";
import { SheetPanel } from "./components/SheetPanel";
import type { PaneHost } from "./pane-host";
import type { Strings } from "./strings";
import { useCheck } from "./use-check";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    minWidth: "280px",
    maxWidth: "520px",
  },
  title: { fontWeight: tokens.fontWeightSemibold },
});

/** The task pane: 检查达标, 数据表 (what was understood, corrections), 标准设置. */
export function App({
  host,
  strings,
  inWorkbook = true,
}: {
  readonly host: PaneHost;
  readonly strings: Strings;
  /** False on the offline page: no 清除标注 or 插入评估清单 (they act on an open workbook). */
  readonly inWorkbook?: boolean;
}) {
  const styles = useStyles();
  const [tab, setTab] = useState<string>("check");
  const check = useCheck(host);
  return (
    <main className={styles.root}>
      {inWorkbook && (
        <Text as="h1" size={500} className={styles.title}>
          {strings.title}
        </Text>
      )}
      <TabList selectedValue={tab} onTabSelect={(_e, d: SelectTabData) => setTab(String(d.value))} aria-label={strings.title}>
        <Tab value="check">{strings.tabCheck}</Tab>
        <Tab value="sheet">{strings.tabSheet}</Tab>
        <Tab value="profile">{strings.tabProfile}</Tab>
      </TabList>
      {tab === "check" && (
        <CheckPanel
          strings={strings}
          state={check}
          onCheck={check.run}
          onClear={check.clear}
          onSelect={check.select}
          onChecklist={check.insertChecklist}
          inWorkbook={inWorkbook}
        />
      )}
      {tab === "sheet" && <SheetPanel strings={strings} state={check} host={host} />}
      {tab === "profile" && <ProfilePanel strings={strings} host={host} />}
    </main>
  );
}
