import { categoryIndex, dimensionIds, indicators, type Dimension, type IndicatorId } from './catalogue.js';
import type { ProtectedCell } from './disclosure.js';
import { wholeDepartment } from './count.js';

/** One row of `GET /stats?format=json` (API.md "Analysts"). */
export interface StatsRow {
  period: string;
  territory: string;
  indicator: IndicatorId;
  dimension: Dimension | null;
  category: string | null;
  value: number | null;
  suppressed: boolean;
}

const indicatorOrder = new Map<string, number>(indicators.map((indicator, index) => [indicator.id, index]));
const dimensionOrder = new Map<string, number>(dimensionIds.map((dimension, index) => [dimension, index]));

const territoryRank = (territory: string) => (territory === wholeDepartment ? 0 : 1);

/**
 * The rows of the downloads, in a fixed order: period, territory (`all` first, then by name),
 * indicator (catalogue order), the total before the breakdowns (catalogue order), categories
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
        (a.dimension === null ? -1 : dimensionOrder.get(a.dimension)!) -
          (b.dimension === null ? -1 : dimensionOrder.get(b.dimension)!) ||
        (a.dimension === null ? 0 : categoryIndex(a.dimension, a.category!) - categoryIndex(a.dimension, b.category!)),
    );
}
