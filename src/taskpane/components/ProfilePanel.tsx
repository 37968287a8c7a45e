import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { INDICATORS } from "../../core/indicators";
import { loadProfile, NATIONAL_PROFILE, profileDifference, type Profile } from "../../core/profile";
import type { PaneHost } from "../pane-host";
import type { Strings } from "../strings";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  // Two fields side by side where they fit, one above the other from 320 px; inputs never wider than their cell.
  pair: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(120px, 1fr))", gap: tokens.spacingHorizontalS },
  input: { minWidth: 0, width: "100%" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type Draft = Record<string, string>;

function toDraft(p: Profile): Draft {
  const d: Draft = { name: p.name, "cv.primary": String(p.cvLimit.primary), "cv.junior": String(p.cvLimit.junior) };
  for (const def of INDICATORS) {
    d[`${def.id}.primary`] = String(p.standards[def.id].primary);
    d[`${def.id}.junior`] = String(p.standards[def.id].junior);
  }
  return d;
}

function fromDraft(d: Draft): unknown {
  const num = (k: string) => Number(d[k]);
  return {
    name: d.name,
    cvLimit: { primary: num("cv.primary"), junior: num("cv.junior") },
    standards: Object.fromEntries(
      INDICATORS.map((def) => [def.id, { primary: num(`${def.id}.primary`), junior: num(`${def.id}.junior`) }]),
    ),
  };
}

/** 标准设置: the standards as a profile saved in the workbook, with a way back to the national one. */
export function ProfilePanel({ strings: t, host }: { readonly strings: Strings; readonly host: PaneHost }) {
  const styles = useStyles();
  const [draft, setDraft] = useState<Draft>(toDraft(NATIONAL_PROFILE));
  const [message, setMessage] = useState<{ intent: "success" | "error" | "warning"; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    host
      .loadSettings()
      .then((s) => {
        const p = loadProfile(s.profile);
        if (p.ok) setDraft(toDraft(p.profile));
      })
      .catch(() => undefined);
  }, [host]);
  const set = (k: string) => (_e: unknown, data: { value: string }) => {
    setConfirming(false);
    setDraft((d) => ({ ...d, [k]: data.value }));
  };
  const save = (confirmed: boolean) => {
    const p = loadProfile({ ...(fromDraft(draft) as object), confirmed });
    if (!p.ok) {
      setConfirming(p.confirmable);
      setMessage({
        intent: p.confirmable ? "warning" : "error",
        text: `${p.confirmable ? t.profileFar : t.profileInvalid}：${p.problems.join("；")}`,
      });
      return;
    }
    setConfirming(false);
    setDraft(toDraft(p.profile));
    const saved = { ...profileDifference(p.profile), ...(confirmed ? { confirmed: true } : {}) };
    host
      .loadSettings()
      .then((s) => host.saveSettings({ ...s, profile: saved }))
      .then(() => setMessage({ intent: "success", text: t.saved }))
      .catch((e: unknown) => setMessage({ intent: "error", text: e instanceof Error ? e.message : String(e) }));
  };
  const reset = () => {
    setConfirming(false);
    setDraft(toDraft(NATIONAL_PROFILE));
    host
      .loadSettings()
      .then((s) => {
        const { profile: _dropped, ...rest } = s;
        return host.saveSettings(rest);
      })
      .then(() => setMessage({ intent: "success", text: t.saved }))
      .catch((e: unknown) => setMessage({ intent: "error", text: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <section className={styles.root} aria-label={t.tabProfile}>
      <Field label={t.profileName}>
        <Input className={styles.input} value={draft.name ?? ""} onChange={set("name")} />
      </Field>
      {INDICATORS.map((def) => (
        <div key={def.id}>
          <Text size={200}>{def.name}</Text>
          <div className={styles.pair}>
            <Field label={`${t.standardPrimary}（${def.unit}）`}>
              <Input className={styles.input} type="number" value={draft[`${def.id}.primary`] ?? ""} onChange={set(`${def.id}.primary`)} />
            </Field>
            <Field label={`${t.standardJunior}（${def.unit}）`}>
              <Input className={styles.input} type="number" value={draft[`${def.id}.junior`] ?? ""} onChange={set(`${def.id}.junior`)} />
            </Field>
          </div>
        </div>
      ))}
      <div className={styles.pair}>
        <Field label={`${t.cv} ${t.limit}（${t.standardPrimary}）`}>
          <Input className={styles.input} type="number" value={draft["cv.primary"] ?? ""} onChange={set("cv.primary")} />
        </Field>
        <Field label={`${t.cv} ${t.limit}（${t.standardJunior}）`}>
          <Input className={styles.input} type="number" value={draft["cv.junior"] ?? ""} onChange={set("cv.junior")} />
        </Field>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => save(false)}>
          {t.saveProfile}
        </Button>
        {confirming && <Button onClick={() => save(true)}>{t.profileConfirm}</Button>}
        <Button onClick={reset}>{t.resetProfile}</Button>
      </div>
      {message && (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
