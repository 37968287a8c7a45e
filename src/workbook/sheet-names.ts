/**
 * The names the result sheets are written under, chosen in one place for every host: a previous
 * check's sheet of the same role is replaced under its name; otherwise the preferred name, or the
 * preferred name with "(2)", "(3)" … when the user has a sheet of that name. Excel compares sheet
 * names without regard to case.
 *
 * @param preferred - The preferred names, in order.
 * @param existing - The workbook's sheet names now.
 * @param previous - The previous check's result sheets (removed or replaced by this one).
 * @returns The names, in the order of `preferred`.
 * @example chooseSheetNames(["达标结果"], ["达标结果"], []) // ["达标结果(2)"]
 */
export function chooseSheetNames(preferred: readonly string[], existing: readonly string[], previous: readonly string[]): string[] {
  const key = (s: string): string => s.toLowerCase();
  const previousNow = previous.filter((p) => existing.some((e) => key(e) === key(p)));
  const taken = new Set(existing.filter((e) => !previousNow.some((p) => key(p) === key(e))).map(key));
  const out: string[] = [];
  for (const name of preferred) {
    const same = (p: string): boolean => p === name || (p.startsWith(`${name}(`) && /^\(\d+\)$/.test(p.slice(name.length)));
    const reuse = previousNow.find((p) => same(p) && !taken.has(key(p)));
    let chosen = reuse ?? name;
    for (let i = 2; taken.has(key(chosen)); i++) chosen = `${name}(${i})`;
    taken.add(key(chosen));
    out.push(chosen);
  }
  return out;
}
