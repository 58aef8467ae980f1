import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CellAccumulator } from '../../lib/domain/statistics/cells.js';
import type { Granularity } from '../../lib/domain/statistics/count.js';
import { keys } from '../../lib/store/keys.js';
import type { Table } from '../../lib/store/table.js';

/**
 * Writes cell items and the last run exactly as the `stats` job stores them (the storage format
 * both sides agree on), so that the read side is tested on known figures without running the job.
 */
export async function seedStatsCells(
  table: Table,
  by: Granularity,
  period: string,
  territory: string,
  cells: Record<string, CellAccumulator>,
): Promise<void> {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.statsCells(by, period, territory),
        entity: 'StatsCells',
        by,
        period,
        territory,
        cells,
        updatedAt: '2026-12-01T01:00:00.000Z',
      },
    }),
  );
}

export async function seedStatsRun(table: Table, time: string): Promise<void> {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...keys.statsRun, entity: 'StatsRun', time, finishedAt: time } }),
  );
}

/** A count cell of `n` households. */
export const count = (n: number): CellAccumulator => ({ s: n, n, h: n });
