import type { Indicator, IndicatorId } from './catalogue.js';
import { catalogueCells, type Cell } from './count.js';

/**
 * Pre-aggregated statistics cells, as the `stats` job stores them and `GET /stats` reads them.
 *
 * One accumulator per (period, territory, indicator, dimension, category). It merges: the job adds
 * what a changed referral or measure now contributes and subtracts what it contributed before, so
 * a night's work follows the day's changes, not the history. Distinct households merge because the
 * job knows, for the changed item alone, whether it was in the cell before and whether it is now.
 */
export interface CellAccumulator {
  /** Sum of the contributions' values (a count, or total days…). */
  s: number;
  /** Number of contributions (the denominator of a mean). */
  n: number;
  /** Distinct households (referrals or measures) with a contribution in the cell. */
  h: number;
  /** Median indicators only: how many contributions have each value (`{"12": 3}`). */
  d?: Record<string, number>;
}

/** The key of one cell inside a period's item: `indicator|dimension|category`, empty for a total. */
export const cellKey = (indicator: string, dimension: string | null, category: string | null) =>
  `${indicator}|${dimension ?? ''}|${category ?? ''}`;

export function parseCellKey(key: string): { indicator: string; dimension: string | null; category: string | null } {
  const [indicator = '', dimension = '', category = ''] = key.split('|');
  return { indicator, dimension: dimension || null, category: category || null };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The median of a histogram of values (the mean of the two middle values for an even count). */
export function histogramMedian(histogram: Readonly<Record<string, number>>): number | null {
  const entries = Object.entries(histogram)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [value, count] of entries) {
      seen += count;
      if (rank < seen) return value;
    }
    return entries.at(-1)![0];
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

/** A cell's shown value from its accumulator: a count, a mean to a tenth, a median; null over nothing. */
export function accumulatedValue(indicator: Indicator, accumulator: CellAccumulator | undefined): number | null {
  if (indicator.kind === 'count') return accumulator?.s ?? 0;
  if (!accumulator || accumulator.n === 0) return null;
  if (indicator.kind === 'mean') return round1(accumulator.s / accumulator.n);
  return histogramMedian(accumulator.d ?? {});
}

/**
 * Every cell of one period and territory — each indicator's total and every category of its
 * breakdowns, zeros included, in catalogue order — from the accumulators stored for it.
 */
export function completeCells(
  period: string,
  territory: string,
  accumulators: ReadonlyMap<string, CellAccumulator> | Readonly<Record<string, CellAccumulator>>,
): Cell[] {
  const lookup = (key: string) =>
    accumulators instanceof Map ? accumulators.get(key) : (accumulators as Record<string, CellAccumulator>)[key];
  return catalogueCells(period, territory, (indicator, dimension, category) => {
    const accumulator = lookup(cellKey(indicator.id as IndicatorId, dimension, category));
    return { value: accumulatedValue(indicator, accumulator), households: accumulator?.h ?? 0 };
  });
}
