import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { StatisticsStore } from '../../lib/store/statistics.js';
import { count, seedStatsCells, seedStatsRun } from '../support/statistics-cells.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
let store: StatisticsStore;
beforeAll(async () => {
  table = await freshTable();
  store = new StatisticsStore(table.stores.table);
});
afterAll(async () => table.drop());

const received = cellKey('referrals_received', null, null);

describe('the statistics store on DynamoDB Local', () => {
  it('says the job never ran before its first run, then gives the last run’s time', async () => {
    expect(await store.lastRun()).toBeNull();
    await seedStatsRun(table.stores.table, '2026-11-30T23:00:00.000Z');
    expect(await store.lastRun()).toEqual({ time: '2026-11-30T23:00:00.000Z', finishedAt: '2026-11-30T23:00:00.000Z' });
  });

  it('reads the cells of a range of quarters, every territory, and nothing outside the range or of another granularity', async () => {
    const shared = table.stores.table;
    await seedStatsCells(shared, 'quarter', '2025-Q4', 'all', { [received]: count(99) });
    await seedStatsCells(shared, 'quarter', '2026-Q1', 'all', { [received]: count(12) });
    await seedStatsCells(shared, 'quarter', '2026-Q1', 'UTAS Nord', { [received]: count(7) });
    await seedStatsCells(shared, 'quarter', '2026-Q2', 'all', { [received]: count(20) });
    await seedStatsCells(shared, 'quarter', '2027-Q1', 'all', { [received]: count(1) });
    await seedStatsCells(shared, 'month', '2026-03', 'all', { [received]: count(5) });
    await seedStatsCells(shared, 'year', '2026', 'all', { [received]: count(32) });

    const periods = await store.cells('quarter', '2026-Q1', '2026-Q4');
    expect([...periods.keys()]).toEqual(['2026-Q1', '2026-Q2']);
    expect(periods.get('2026-Q1')?.get('all')?.[received]).toEqual(count(12));
    expect(periods.get('2026-Q1')?.get('UTAS Nord')?.[received]).toEqual(count(7));
    expect([...(periods.get('2026-Q2')?.keys() ?? [])]).toEqual(['all']);

    expect([...(await store.cells('year', '2026', '2026')).keys()]).toEqual(['2026']);
    expect((await store.cells('month', '2026-01', '2026-12')).get('2026-03')?.get('all')?.[received]).toEqual(count(5));
  });

  it('reads a range whose cells span several pages of DynamoDB’s 1 MB', async () => {
    // A month item near its largest (every category of every indicator, a histogram of durations).
    const big = Object.fromEntries(
      Array.from({ length: 400 }, (_, index) => [
        `measure_days_median|orientation|x${index}`,
        { s: 1, n: 1, h: 1, d: { [index]: 1 } },
      ]),
    );
    for (let month = 1; month <= 12; month++) {
      const period = `2030-${String(month).padStart(2, '0')}`;
      for (const territory of ['all', 'A', 'B', 'C', 'D', 'E', 'F', 'G'])
        await seedStatsCells(table.stores.table, 'month', period, territory, big);
    }
    const periods = await store.cells('month', '2030-01', '2030-12');
    expect(periods.size).toBe(12);
    for (const territories of periods.values()) expect(territories.size).toBe(8);
  });
});
