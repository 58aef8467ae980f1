import { categoryIndex, indicators, type Indicator } from './catalogue.js';
import type { ProtectedCell } from './disclosure.js';
import { wholeDepartment } from './count.js';

/** One row of `GET /stats?format=json` (API.md "Analysts"): a protected cell, nothing more. */
export type StatsRow = ProtectedCell;

const indicatorOrder = new Map<string, number>(indicators.map((indicator, index) => [indicator.id, index]));
const breakdownOrder = new Map<string, number>(
  (indicators as readonly Indicator[]).flatMap((indicator) =>
    indicator.breakdowns.map((dimension, index) => [`${indicator.id}.${dimension}`, index] as const),
  ),
);
const dimensionRank = (row: StatsRow) =>
  row.dimension === null ? -1 : (breakdownOrder.get(`${row.indicator}.${row.dimension}`) ?? 99);

const territoryRank = (territory: string) => (territory === wholeDepartment ? 0 : 1);

/**
 * The rows of the downloads, in a fixed order: period, territory (`all` first, then by name),
 * indicator (catalogue order), the total before the breakdowns (in the indicator's order), categories
 * (vocabulary order). Only the fields API.md names: no household count ever leaves.
 */
export function statsRows(cells: readonly ProtectedCell[]): StatsRow[] {
  return cells
    .map(({ period, territory, indicator, dimension, category, value, suppressed }) => ({
      period,
      territory,
      indicator,
      dimension,
      category,
      value: suppressed ? null : value,
      suppressed,
    }))
    .sort(
      (a, b) =>
        (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
        territoryRank(a.territory) - territoryRank(b.territory) ||
        (a.territory < b.territory ? -1 : a.territory > b.territory ? 1 : 0) ||
        indicatorOrder.get(a.indicator)! - indicatorOrder.get(b.indicator)! ||
        dimensionRank(a) - dimensionRank(b) ||
        (a.dimension === null ? 0 : categoryIndex(a.dimension, a.category!) - categoryIndex(a.dimension, b.category!)),
    );
}
