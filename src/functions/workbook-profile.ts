import { loadProfile, NATIONAL_PROFILE, type Profile } from "../core/profile";

/**
 * The profile the custom functions use: the one saved in the workbook (标准设置), shared with the
 * task pane. The pane and the functions run in one shared runtime but are separate bundles, so the
 * state lives on `globalThis`. Until the saved profile is read, a function's answer waits for it
 * (never longer than {@link LOAD_TIMEOUT_MS}); an invalid saved profile makes every function say so.
 */

/** How long a function waits for the workbook's profile before it answers without it. */
export const LOAD_TIMEOUT_MS = 10_000;

type State =
  | { readonly status: "ready"; readonly profile: Profile }
  | { readonly status: "invalid"; readonly message: string }
  | { readonly status: "loading"; readonly done: Promise<void> };

const KEY = Symbol.for("yzjh.workbookProfile");

function holder(): { state: State } {
  const g = globalThis as unknown as Record<symbol, { state: State } | undefined>;
  g[KEY] ??= { state: { status: "ready", profile: NATIONAL_PROFILE } };
  return g[KEY];
}

/**
 * Sets the profile from the workbook's saved settings (the `profile` key), validated.
 *
 * @param saved - The saved overrides; `undefined` means the national standards.
 */
export function setWorkbookProfile(saved: unknown): void {
  if (saved === undefined) {
    holder().state = { status: "ready", profile: NATIONAL_PROFILE };
    return;
  }
  const p = loadProfile(saved);
  holder().state = p.ok
    ? { status: "ready", profile: p.profile }
    : { status: "invalid", message: `工作簿中保存的标准设置无效：${p.problems.join("；")}` };
}

/**
 * Starts reading the workbook's profile; functions called meanwhile wait for it. A read that fails
 * or takes longer than {@link LOAD_TIMEOUT_MS} leaves the national standards (the host cannot give
 * the settings, e.g. outside a shared runtime), so no cell stays at #BUSY!.
 *
 * @param read - Reads the saved `profile` setting.
 * @param timeoutMs - The longest wait.
 * @returns When reading has ended.
 */
export function loadWorkbookProfile(read: () => Promise<unknown>, timeoutMs = LOAD_TIMEOUT_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const done = Promise.race([read().then((saved) => ({ saved })), timeout])
    .then((r) => (r === "timeout" ? setWorkbookProfile(undefined) : setWorkbookProfile(r.saved)))
    .catch(() => setWorkbookProfile(undefined))
    .finally(() => clearTimeout(timer));
  holder().state = { status: "loading", done };
  return done;
}

/**
 * Runs a function with the workbook's profile: at once when it is known, else when it has been read.
 *
 * @param run - The function's work.
 * @returns Its answer, or a promise of it while the profile is being read.
 * @throws Error when the saved profile is invalid (shown as #VALUE! with the reason).
 */
export function withWorkbookProfile<T>(run: (profile: Profile) => T): T | Promise<T> {
  const state = holder().state;
  if (state.status === "loading") return state.done.then(() => withWorkbookProfile(run));
  if (state.status === "invalid") throw new Error(state.message);
  return run(state.profile);
}
