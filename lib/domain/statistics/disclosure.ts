import { categoryIndex, indicatorById } from './catalogue.js';
import type { Cell } from './count.js';

/**
 * Disclosure control of the PDALPD statistics (DOMAIN.md: statistics describe groups, never a
 * person). Pure: cells in, the same cells out with `suppressed` set and hidden values null.
 *
 * - Primary suppression: a count over 1 to threshold − 1 households is hidden; zero stays visible.
 *   A mean or a median over fewer than threshold households is hidden (over none it is null, not hidden).
 * - Secondary suppression, for counts: a table is one period × territory × indicator × breakdown, and
 *   its total is the indicator's cell with no breakdown. Where the total is visible and exactly one
 *   cell of the table is hidden, total − visible cells would give it away; so would it where several
 *   are hidden but that residual equals their number (a hidden cell is never 0: each would be 1).
 *   Then the smallest visible non-zero cell is hidden too (ties: the catalogue's category order);
 *   where no such cell is left, the total is hidden. Repeated until nothing changes.
 *
 * Out of scope, and said so in the README: differences between tables — between two breakdowns of
 * one indicator, between a quarter and its months, between the department and its territories.
 */

export const defaultThreshold = 5;

/** A cell as it may be shown: its value, or null where disclosure control hid it. */
export interface ProtectedCell extends Omit<Cell, 'households' | 'value'> {
  value: number | null;
  suppressed: boolean;
}

const tableKey = (cell: Cell) => [cell.period, cell.territory, cell.indicator].join('\u0000');

function primarilyHidden(cell: Cell, threshold: number): boolean {
  const kind = indicatorById(cell.indicator)?.kind ?? 'count';
  if (kind === 'count') return cell.households >= 1 && cell.households < threshold;
  return cell.value !== null && cell.households < threshold;
}

export function protect(cells: readonly Cell[], options: { threshold?: number } = {}): ProtectedCell[] {
  const threshold = options.threshold ?? defaultThreshold;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`The threshold is a whole number ≥ 1: ${threshold}`);
  const hidden = cells.map((cell) => primarilyHidden(cell, threshold));

  // Tables of counts: the total's index and, per breakdown, the indexes of its categories.
  const totals = new Map<string, number>();
  const tables = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    if (indicatorById(cell.indicator)?.kind !== 'count') return;
    const key = tableKey(cell);
    if (cell.dimension === null) totals.set(key, index);
    else {
      const tableId = `${key}\u0000${cell.dimension}`;
      tables.set(tableId, [...(tables.get(tableId) ?? []), index]);
    }
  });
  const order = (index: number) => {
    const cell = cells[index]!;
    return categoryIndex(cell.dimension!, cell.category!);
  };

  for (let changed = true; changed;) {
    changed = false;
    for (const members of tables.values()) {
      const total = totals.get(tableKey(cells[members[0]!]!));
      if (total === undefined || hidden[total]) continue;
      const hiddenCount = members.filter((index) => hidden[index]).length;
      if (hiddenCount === 0) continue;
      // What total − visible cells gives away: one hidden cell's value, or, since a hidden cell is
      // never 0, hidden cells each worth 1 where that residual equals their number.
      const residual = members.reduce(
        (rest, index) => rest - (hidden[index] ? 0 : (cells[index]!.value ?? 0)),
        cells[total]!.value ?? 0,
      );
      if (hiddenCount > 1 && residual > hiddenCount) continue;
      const candidates = members
        .filter((index) => !hidden[index] && (cells[index]!.value ?? 0) > 0)
        .sort((a, b) => cells[a]!.value! - cells[b]!.value! || order(a) - order(b));
      hidden[candidates[0] ?? total] = true;
      changed = true;
    }
  }

  return cells.map((cell, index) => ({
    period: cell.period,
    territory: cell.territory,
    indicator: cell.indicator,
    dimension: cell.dimension,
    category: cell.category,
    value: hidden[index] ? null : cell.value,
    suppressed: hidden[index]!,
  }));
}
