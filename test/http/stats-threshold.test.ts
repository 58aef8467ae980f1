import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { count, seedStatsCells, seedStatsRun } from '../support/statistics-cells.js';
import { startTestRuntime } from '../support/runtime.js';

/**
 * A deployment that sets its own disclosure threshold (ASLL_STATS_THRESHOLD, read once per module
 * graph: this file has its own). The threshold applies when reading, so the stored cells are the same.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let analyst: string;

beforeAll(async () => {
  process.env.ASLL_STATS_THRESHOLD = '3';
  system = await startTestRuntime('meuse');
  analyst = await system.token('a-camille', 'analyst');
  await seedStatsCells(system.stores.table, 'month', '2026-03', 'all', {
    [cellKey('renewals', null, null)]: count(5),
    [cellKey('renewals', 'orientation', 'acces')]: count(3),
    [cellKey('renewals', 'orientation', 'maintien')]: count(2),
  });
  await seedStatsRun(system.stores.table, '2026-04-01T01:00:00.000Z');
});
afterAll(async () => {
  await system.stop();
  delete process.env.ASLL_STATS_THRESHOLD;
});

describe('a deployment with a threshold of 3', () => {
  it('shows a count of 3, hides one of 2 (and the cell that would give it away), and says which threshold applied', async () => {
    const answer = await system.request('GET', '/stats?from=2026-03&to=2026-03', { token: analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.threshold).toBe(3);
    const renewals = answer.body.rows.filter((row: { indicator: string }) => row.indicator === 'renewals');
    expect(renewals.map((row: { category: string | null; value: number | null }) => [row.category, row.value])).toEqual([
      [null, 5],
      ['acces', null],
      ['maintien', null],
    ]);
  });

  it('writes « s » in the files, and names the threshold of 3 in their legend', async () => {
    const answer = await system.request('GET', '/stats?from=2026-03&to=2026-03&format=csv', { token: analyst });
    expect(answer.body).toContain('Renouvellements;Orientation;');
    expect(answer.body).toMatch(/Renouvellements;Orientation;[^;\r\n]+;renouvellements;s\r\n/);
    expect(answer.body).toMatch(
      /\r\n« s » : secret statistique\. La case est masquée soit parce qu’elle porte sur moins de 3 ménages \(de 1 à 2\), /,
    );
  });
});
