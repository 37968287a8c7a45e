import type { MappingCorrections, BranchLink } from "./mapping";
import type { NumberStore } from "./number-store";
import { textOf, type RowData, type TextIndex } from "./read-rows";
import type { Problem, Skipped } from "./read-types";

/**
 * Branch sites (是否计校数 = 0): counted under another school, proposed to the school whose name
 * they extend, merged into it only when the user confirms, never evaluated alone (spec §1).
 */

function isBranch(row: RowData, ix: TextIndex): boolean {
  const t = textOf(row, ix, "countsAsSchool")?.replace(/\s/g, "");
  return t !== undefined && /^(0|否|不计|N|n|no|NO)$/.test(t);
}

/** A site's name without its campus part: 水江第一小学（南校区） → 水江第一小学. */
function stem(name: string): string {
  return name.replace(/\s/g, "").replace(/[（(][^)）]*[)）]$|(东|西|南|北|新|老)?(校区|分校|分部|校点)$/, "");
}

/**
 * The school each branch site (是否计校数 = 0) belongs to: the user's choice where they made one,
 * else proposed — the school whose name the site's extends (水江第一小学（南校区） → 水江第一小学),
 * never just the row above.
 */
export function linkBranches(
  rows: readonly RowData[],
  skipped: Skipped[],
  corrections: MappingCorrections,
  ix: TextIndex,
  acceptProposed = false,
): BranchLink[] {
  const links: BranchLink[] = [];
  const mains = rows.filter((r) => !isBranch(r, ix));
  for (const r of rows) {
    if (!isBranch(r, ix)) continue;
    const key = String(r.row + 1);
    const confirmed = Object.prototype.hasOwnProperty.call(corrections.branchParents, key);
    const site = stem(r.name);
    const byName = mains
      .filter((m) => stem(m.name).length >= 2 && site.startsWith(stem(m.name)))
      .sort((a, b) => stem(b.name).length - stem(a.name).length)[0];
    const chosen = confirmed ? (corrections.branchParents[key] ?? null) : byName ? byName.row + 1 : null;
    // A proposal is taken as the user's choice when they asked for it (yzjh check --merge-branches).
    links.push({ row: r.row + 1, name: r.name, parentRow: chosen, confirmed: (confirmed || acceptProposed) && chosen !== null });
    skipped.push({ row: r.row + 1, reason: "branch", text: r.name });
  }
  return links;
}

export function mergeBranches(rows: RowData[], links: readonly BranchLink[], store: NumberStore, problems: Problem[]): RowData[] {
  if (links.length === 0) return rows;
  const named = new Set(links.flatMap((l) => (l.parentRow === null ? [l.row] : [l.row, l.parentRow])));
  const byRow = new Map(rows.filter((r) => named.has(r.row + 1)).map((r) => [r.row + 1, r]));
  const branchRows = new Set(links.map((l) => l.row));
  for (const l of links) {
    const branch = byRow.get(l.row);
    if (!branch) continue;
    const parent = l.parentRow !== null ? byRow.get(l.parentRow) : undefined;
    if (!l.confirmed || !parent || branchRows.has(l.parentRow ?? -1)) {
      const hint = parent ? `，建议并入第${l.parentRow}行“${parent.name}”` : "，未找到名称相符的学校，请在映射中指定";
      problems.push({
        cell: branch.nameCell,
        row: l.row,
        severity: "warning",
        message: `${branch.nameCell}：“${branch.name}”是校区/分校（是否计校数＝否），需确认所属学校后并入${hint}；未单独评估`,
      });
      // The school it belongs to cannot be judged without it (spec §1: merged before evaluation).
      if (parent && !branchRows.has(l.parentRow ?? -1))
        parent.errors.push(
          `校区“${branch.name}”（第${l.row}行）尚未确认并入，确认前不能判定（在任务窗格“数据表”中确认所属学校，或命令行加 --merge-branches 按建议并入）`,
        );
      continue;
    }
    store.absorb({ base: parent.base, row: parent.row }, { base: branch.base, row: branch.row });
    parent.errors.push(...branch.errors);
    problems.push({
      cell: branch.nameCell,
      row: l.row,
      severity: "info",
      message: `${branch.nameCell}：“${branch.name}”已并入第${l.parentRow}行“${parent.name}”`,
    });
  }
  return rows.filter((r) => !branchRows.has(r.row + 1));
}
