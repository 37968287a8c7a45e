import en from "../i18n/ui.en-US.json";
import zh from "../i18n/ui.zh-CN.json";

/** The pane's texts. */
export type Strings = typeof zh;

/**
 * The pane's texts for Office's display language: zh-CN by default, en-US for English Office.
 *
 * @param displayLanguage - e.g. "zh-CN", "en-US"; undefined outside Office.
 * @returns The texts.
 */
export function stringsFor(displayLanguage: string | undefined): Strings {
  return displayLanguage?.toLowerCase().startsWith("en") ? en : zh;
}
