import type { CellAccumulator } from '../domain/statistics/cells.js';
import type { Granularity } from '../domain/statistics/count.js';
import { keys } from './keys.js';
import type { Table } from './table.js';

/** The accumulators of one period and territory, by `cellKey`; an absent one is zero. */
export type StoredCells = Readonly<Record<string, CellAccumulator>>;

/** What the `stats` job stored for a range: period → territory → its cells. */
export type StoredPeriods = Map<string, Map<string, StoredCells>>;

/** The last `stats` run: its event time (the downloads' `generatedAt`) and when it finished. */
export interface StatisticsRun {
  time: string;
  finishedAt: string;
}

/**
 * The read side of the statistics: the cells the `stats` job wrote, never the measures, so that a
 * download costs one Query over the cells of its range, whatever the history behind them.
 */
export class StatisticsStore {
  constructor(private readonly table: Table) {}

  /**
   * Every stored cell item of `by` from period `from` to period `to` (both included: `2026-Q1` to
   * `2026-Q4`), in one paginated Query on the granularity's partition. Periods of one kind sort as
   * text in time order, and `#` ends a period in the sort key (`2026-Q1#all`), so the range holds
   * exactly those periods.
   */
  async cells(by: Granularity, from: string, to: string): Promise<StoredPeriods> {
    const periods: StoredPeriods = new Map();
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.statsCellsPartition(by),
        ':from': `${from}#`,
        ':to': `${to}#\uffff`,
      },
    });
    for (const item of items) {
      const period = item.period as string;
      const territories = periods.get(period) ?? new Map<string, StoredCells>();
      territories.set(item.territory as string, (item.cells ?? {}) as StoredCells);
      periods.set(period, territories);
    }
    return periods;
  }

  /** The last run of the `stats` job, or null when it has never run. */
  async lastRun(): Promise<StatisticsRun | null> {
    const item = await this.table.get(keys.statsRun);
    if (!item || typeof item.time !== 'string') return null;
    return { time: item.time, finishedAt: typeof item.finishedAt === 'string' ? item.finishedAt : item.time };
  }
}
