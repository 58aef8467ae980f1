import { categoryIndex, dimensions, indicatorById, type Dimension } from './catalogue.js';
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
 * - Between the breakdowns of one indicator, which share its total: a hidden total would come back
 *   as the sum of a single-choice breakdown showing all its cells, so that breakdown hides one more
 *   (`concealHiddenTotals`).
 *
 * - Means and medians: each is over the contributions its count cell counts (catalogue `over`: the
 *   decision delays over `decisions`, by the same category). Where that count is hidden, the mean
 *   or the median is hidden too (its value with the visible ones would give the count away, and it
 *   describes the hidden households); a share is hidden with the count it is a share of. Then, in a
 *   table of means (total × visible counts − the visible categories' means × their counts = what the
 *   hidden categories add up to), one hidden category under a visible total mean would be worked
 *   out; so would several where each of them sits at the indicator's bound (a delay of 0 days
 *   or more, a duration of 1 day or more, a share up to 100 %), since their combined mean then forces
 *   every one of them to it. Either way, one more visible mean is hidden (the one over the fewest
 *   households, ties: catalogue order; in the bound case one off the bound), or the total where none
 *   is left. Medians are not additive: they get the one-hidden rule, as counts, not the bound rule.
 *
 * Out of scope, and said so in the README: other differences between tables — two breakdowns that
 * both hide cells, a quarter and its months, the department and its territories.
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

const kindOf = (cell: Cell) => indicatorById(cell.indicator)?.kind ?? 'count';
const cellId = (period: string, territory: string, indicator: string, dimension: string | null, category: string | null) =>
  [period, territory, indicator, dimension ?? '', category ?? ''].join('\u0000');

/** Catalogue order of a category cell, the tie-break of every choice. */
const orderOf = (cell: Cell) => categoryIndex(cell.dimension!, cell.category!);

/** A table: an indicator's total (index in the cells) and the categories of one of its breakdowns. */
interface Table {
  total: number | undefined;
  members: number[];
}

function tablesOf(cells: readonly Cell[]): Table[] {
  const totals = new Map<string, number>();
  const tables = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const key = tableKey(cell);
    if (cell.dimension === null) totals.set(key, index);
    else {
      const tableId = `${key}\u0000${cell.dimension}`;
      tables.set(tableId, [...(tables.get(tableId) ?? []), index]);
    }
  });
  // In a fixed order, whatever the order of the cells (an indicator's breakdowns in the catalogue's):
  // which table hides a shared total first decides what the other breakdowns of that indicator hide,
  // so the same figures always give the same cells.
  const breakdownRank = (cell: Cell) => indicatorById(cell.indicator)?.breakdowns.indexOf(cell.dimension!) ?? 0;
  return [...tables.values()]
    .map((members) => members.sort((a, b) => orderOf(cells[a]!) - orderOf(cells[b]!)))
    .sort((a, b) => {
      const [first, second] = [cells[a[0]!]!, cells[b[0]!]!];
      const [keyA, keyB] = [tableKey(first), tableKey(second)];
      return (keyA < keyB ? -1 : keyA > keyB ? 1 : 0) || breakdownRank(first) - breakdownRank(second);
    })
    .map((members) => ({ total: totals.get(tableKey(cells[members[0]!]!)), members }));
}

/**
 * Secondary suppression's one mechanism: table after table, until nothing changes, hides the cell
 * `nextToHide` names (a category, or the total where no category is left), or nothing where the
 * table gives nothing away. A table whose total is hidden (or has none) gives nothing away.
 */
function hideUntilSafe(
  tables: readonly Table[],
  hidden: boolean[],
  nextToHide: (table: { total: number; members: number[] }) => number | null,
): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const { total, members } of tables) {
      if (total === undefined || hidden[total]) continue;
      const next = nextToHide({ total, members });
      if (next === null) continue;
      hidden[next] = true;
      changed = true;
    }
  }
}

/** Secondary suppression of the tables of counts (the module's comment). */
function suppressCountTables(cells: readonly Cell[], hidden: boolean[], tables: readonly Table[]): void {
  const counts = tables.filter((table) => kindOf(cells[table.members[0]!]!) === 'count');
  hideUntilSafe(counts, hidden, ({ total, members }) => {
    const hiddenCount = members.filter((index) => hidden[index]).length;
    if (hiddenCount === 0) return null;
    // What total − visible cells gives away: one hidden cell's value, or, since a hidden cell is
    // never 0, hidden cells each worth 1 where that residual equals their number.
    const residual = members.reduce(
      (rest, index) => rest - (hidden[index] ? 0 : (cells[index]!.value ?? 0)),
      cells[total]!.value ?? 0,
    );
    if (hiddenCount > 1 && residual > hiddenCount) return null;
    const candidates = members
      .filter((index) => !hidden[index] && (cells[index]!.value ?? 0) > 0)
      .sort((a, b) => cells[a]!.value! - cells[b]!.value! || orderOf(cells[a]!) - orderOf(cells[b]!));
    return candidates[0] ?? total;
  });
}

/**
 * A hidden total stays hidden only if no other breakdown of the same indicator adds up to it: where
 * a single-choice breakdown (each item in one category) shows all its cells, their sum is the total,
 * and the first table's hidden cells come out of it again. Such a table hides its smallest non-zero
 * cell (ties: catalogue order). Only tables whose total is hidden are touched, and a cell hidden here
 * is of that table alone: nothing the rule for visible totals decided changes.
 */
function concealHiddenTotals(cells: readonly Cell[], hidden: boolean[], tables: readonly Table[]): void {
  for (const { total, members } of tables) {
    if (total === undefined || !hidden[total]) continue;
    const { dimension } = cells[members[0]!]!;
    if (kindOf(cells[total]!) !== 'count' || dimensions[dimension as Dimension].multiple) continue;
    if (members.some((index) => hidden[index])) continue;
    const smallest = members
      .filter((index) => (cells[index]!.value ?? 0) > 0)
      .sort((a, b) => cells[a]!.value! - cells[b]!.value! || orderOf(cells[a]!) - orderOf(cells[b]!))[0];
    if (smallest !== undefined) hidden[smallest] = true;
  }
}

/** A mean or a median is hidden where the count of its contributions is (and a share where its part is). */
function suppressWithTheirCounts(cells: readonly Cell[], hidden: boolean[]): void {
  const index = new Map(
    cells.map((cell, at) => [cellId(cell.period, cell.territory, cell.indicator, cell.dimension, cell.category), at]),
  );
  const isHidden = (cell: Cell, indicator: string, dimension: string | null, category: string | null) => {
    const at = index.get(cellId(cell.period, cell.territory, indicator, dimension, category));
    return at !== undefined && hidden[at] === true;
  };
  cells.forEach((cell, at) => {
    const over = indicatorById(cell.indicator)?.over;
    if (!over || hidden[at] || cell.value === null) return;
    const part = cell.dimension === null ? over.part : undefined;
    if (
      isHidden(cell, over.count, cell.dimension, cell.category) ||
      (part && isHidden(cell, over.count, part.dimension, part.category))
    )
      hidden[at] = true;
  });
}

/** Secondary suppression of the tables of means and medians (the module's comment). */
function suppressMeanTables(cells: readonly Cell[], hidden: boolean[], tables: readonly Table[]): void {
  const averages = tables.filter((table) => kindOf(cells[table.members[0]!]!) !== 'count');
  hideUntilSafe(averages, hidden, ({ total, members }) => {
    if (cells[total]!.value === null) return null;
    const indicator = indicatorById(cells[total]!.indicator)!;
    const atBound = (index: number) => {
      const value = cells[index]!.value;
      return value === indicator.over?.lowest || value === indicator.over?.highest;
    };
    const concealed = members.filter((index) => hidden[index]);
    if (concealed.length === 0) return null;
    const bound = indicator.kind === 'mean' && concealed.every(atBound);
    if (concealed.length > 1 && !bound) return null;
    const candidates = members
      .filter((index) => !hidden[index] && cells[index]!.value !== null && !(bound && atBound(index)))
      .sort((a, b) => cells[a]!.households - cells[b]!.households || orderOf(cells[a]!) - orderOf(cells[b]!));
    return candidates[0] ?? total;
  });
}

export function protect(cells: readonly Cell[], options: { threshold?: number } = {}): ProtectedCell[] {
  const threshold = options.threshold ?? defaultThreshold;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`The threshold is a whole number ≥ 1: ${threshold}`);
  const hidden = cells.map((cell) => primarilyHidden(cell, threshold));
  const tables = tablesOf(cells);
  suppressCountTables(cells, hidden, tables);
  concealHiddenTotals(cells, hidden, tables);
  suppressWithTheirCounts(cells, hidden);
  suppressMeanTables(cells, hidden, tables);

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
