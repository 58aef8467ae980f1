import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { count, seedStatsCells, seedStatsRun } from '../support/statistics-cells.js';
import { startTestRuntime } from '../support/runtime.js';

/**
 * A deployment that hides a period under way until it ends (ASLL_STATS_ONGOING=hidden, read once
 * per module graph: this file has its own), so that two nightly downloads cannot be compared to see
 * one household. The same stored cells are published by the first run after the period's last day.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let analyst: string;
const received = cellKey('referrals_received', null, null);

beforeAll(async () => {
  process.env.ASLL_STATS_ONGOING = 'hidden';
  system = await startTestRuntime('meuse');
  analyst = await system.token('a-camille', 'analyst');
  await seedStatsCells(system.stores.table, 'month', '2026-04', 'all', { [received]: count(20) });
  await seedStatsCells(system.stores.table, 'month', '2026-05', 'all', { [received]: count(7) });
});
afterAll(async () => {
  await system.stop();
  delete process.env.ASLL_STATS_ONGOING;
});

const totals = async () => {
  const answer = await system.request('GET', '/stats?from=2026-04&to=2026-05&by=month', { token: analyst });
  expect(answer.status).toBe(200);
  const rows = answer.body.rows as {
    period: string;
    indicator: string;
    dimension: string | null;
    value: number | null;
    suppressed: boolean;
  }[];
  const of = (period: string) =>
    rows.find((row) => row.period === period && row.indicator === 'referrals_received' && row.dimension === null);
  return { rows, april: of('2026-04'), may: of('2026-05') };
};

describe('a deployment that hides the period under way', () => {
  it('answers every cell of it suppressed while it runs, says so, and shows the ended months', async () => {
    await seedStatsRun(system.stores.table, '2026-05-31T01:30:00.000Z'); // 31 May, 03:30 in Paris
    const { rows, april, may } = await totals();
    expect(april).toMatchObject({ value: 20, suppressed: false });
    expect(may).toMatchObject({ value: null, suppressed: true });
    expect(rows.filter((row) => row.period === '2026-05').every((row) => row.value === null && row.suppressed)).toBe(true);
    const csv = await system.request('GET', '/stats?from=2026-04&to=2026-05&by=month&format=csv', { token: analyst });
    expect(csv.body).toContain('Période en cours, publiée à sa fin : la période mai 2026 est en cours.');
  });

  it('publishes it from the same stored cells at the first run after its last day', async () => {
    await seedStatsRun(system.stores.table, '2026-05-31T22:30:00.000Z'); // already 1 June in Paris
    const { may } = await totals();
    expect(may).toMatchObject({ value: 7, suppressed: false });
  });
});
