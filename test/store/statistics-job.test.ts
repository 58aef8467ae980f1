import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { carryOut, carryOutReferral, planMeasures, planReferrals, simulateDay, type Sink } from '../../bench/generator.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import type { Measure } from '../../lib/domain/measure.js';
import { policies, type DepartmentPolicy } from '../../lib/domain/policies.js';
import type { Referral } from '../../lib/domain/referral.js';
import { completeCells, type CellAccumulator } from '../../lib/domain/statistics/cells.js';
import { aggregate, contributions, territoryMapping, type Granularity } from '../../lib/domain/statistics/count.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { measureStatuses, referralStatuses } from '../../lib/domain/vocabulary.js';
import { keys } from '../../lib/store/keys.js';
import { runStatsJob } from '../../lib/store/statistics-run.js';
import { StatsJobStore, StatsMarkerConflictError } from '../../lib/store/statistics-updates.js';
import type { Stores } from '../../lib/store/stores.js';
import { freshTable } from '../support/store.js';

/**
 * The `stats` job against DynamoDB Local: whatever the order of lifecycle writes and runs, the cells
 * it stores are those the pure counting (`aggregate`) gives over the same referrals and measures.
 */

/** Meuse, with two territories by postcode (the generator's other departments are unmapped). */
const policy: DepartmentPolicy = {
  ...policies.meuse,
  territories: [
    { name: 'UTAS Nord', postcodePrefixes: ['551', '557'] },
    { name: 'UTAS Sud', postcodePrefixes: ['550', '552', '553', '554', '555'] },
  ],
};
const mapping = territoryMapping(policy)!;
const today = '2026-03-18';

type Table = Awaited<ReturnType<typeof freshTable>>;
const tables: Table[] = [];
afterAll(async () => {
  for (const table of tables) await table.drop();
});
async function newTable() {
  const table = await freshTable();
  tables.push(table);
  return { table, job: new StatsJobStore(table.stores.table) };
}

interface Write {
  day: string;
  apply: () => Promise<unknown>;
}

/** The generator's history as single writes, in the order they happened (each item's steps in order). */
async function historyWrites(stores: Stores, seed: number, count: number): Promise<Write[]> {
  const writes: Write[] = [];
  const push = (at: string, apply: () => Promise<unknown>) => {
    writes.push({ day: at.slice(0, 10), apply });
  };
  const sink: Sink = {
    saveNew: async (referral, journal) => push(journal.at, () => stores.referrals.saveNew(referral, { policy, journal })),
    saveDecision: async (outcome, readVersion, journal) =>
      push(journal.at, () => stores.referrals.saveDecision(outcome, readVersion, { policy, journal })),
    write: async (change, before, journal) =>
      push(journal.at, () =>
        stores.measures.write({ policy, before, change, readVersion: before.version, openTasks: [], journal }),
      ),
  };
  const plans = planMeasures({ count, due: 0, policy, today, seed });
  const others = planReferrals({ policy, today, seed, otherReferrals: Math.ceil(count / 3) });
  let sequence = 0;
  for (const plan of plans) {
    plan.sequence = ++sequence;
    await carryOut(plan, policy, sink);
  }
  for (const plan of others) {
    plan.sequence = ++sequence;
    await carryOutReferral(plan, policy, sink);
  }
  // A stable sort keeps each item's writes in their order.
  return writes.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Every referral and every measure (visits included) the table holds, through the status lists. */
async function everything(stores: Stores) {
  const referrals: Referral[] = [];
  const measures: Measure[] = [];
  for (const status of referralStatuses.values) {
    let cursor: string | undefined;
    do {
      const page = await stores.referrals.list(status, { limit: 100, cursor });
      referrals.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  for (const status of measureStatuses.values) {
    let cursor: string | undefined;
    do {
      const page = await stores.measures.list(status, 'all', { limit: 100, cursor });
      for (const head of page.items) {
        const { tasks: _tasks, ...measure } = (await stores.measures.getFile(head.id))!;
        measures.push(measure);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { referrals, measures };
}

/** Every stored cells item, by granularity, period and territory (tests only read whole partitions). */
async function storedCells(stores: Stores) {
  const out = new Map<string, Record<string, CellAccumulator>>();
  for (const by of ['month', 'quarter', 'year'] as const) {
    const result = await stores.table.client.send(
      new QueryCommand({
        TableName: stores.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.statsCellsPartition(by) },
      }),
    );
    for (const item of result.Items ?? []) {
      expect(item).toMatchObject({ entity: 'StatsCells', by, ...keys.statsCells(by, item.period, item.territory) });
      out.set(`${by}|${item.period}|${item.territory}`, item.cells as Record<string, CellAccumulator>);
    }
  }
  return out;
}

/** The stored cells, completed with zeros, against `aggregate` over the same data as of `asOf`. */
async function expectCellsMatchOracle(stores: Stores, asOf: string) {
  const data = await everything(stores);
  const items = contributions(data, { policy, asOf });
  const stored = await storedCells(stores);
  const seen = new Set<string>();
  for (const by of ['month', 'quarter', 'year'] as Granularity[]) {
    const expected = aggregate(items, { by, from: '2024-01', to: asOf.slice(0, 7), ...mapping });
    const groups = new Map<string, typeof expected>();
    for (const cell of expected) {
      const key = `${by}|${cell.period}|${cell.territory}`;
      groups.set(key, [...(groups.get(key) ?? []), cell]);
    }
    for (const [key, cells] of groups) {
      const [, period, territory] = key.split('|') as [string, string, string];
      seen.add(key);
      expect(completeCells(period, territory, stored.get(key) ?? {}), key).toEqual(cells);
    }
  }
  // Nothing stored outside the periods counted (an emptied item may remain, with no cell).
  for (const [key, cells] of stored) if (!seen.has(key)) expect(cells, key).toEqual({});
  return data;
}

const timeOf = (day: string) => new Date(`${day}T20:00:00.000Z`);

describe('the stats job on DynamoDB Local', () => {
  it('stores, after any sequence of lifecycle writes and runs, the cells the pure counting gives, and a rerun changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 420 }), { minLength: 1, maxLength: 5 }),
        async (seed, runOffsets) => {
          const { table, job } = await newTable();
          const writes = await historyWrites(table.stores, seed, 8);
          const runDays = [...runOffsets.map((offset) => addDays(today, -offset - 1)), addDays(today, -1)]
            .filter((day, index, all) => all.indexOf(day) === index)
            .sort();
          let next = 0;
          for (const day of runDays) {
            while (next < writes.length && writes[next]!.day <= day) await writes[next++]!.apply();
            await runStatsJob(job, policy, timeOf(day));
            await expectCellsMatchOracle(table.stores, day);
          }
          const last = runDays.at(-1)!;
          const before = await storedCells(table.stores);
          const rerun = await runStatsJob(job, policy, timeOf(last));
          expect(rerun).toMatchObject({ periods: [], cells: 0, rebuilt: false });
          expect(await storedCells(table.stores)).toEqual(before);
        },
      ),
      { numRuns: 4 },
    );
  }, 240_000);

  it('reads, the night after a day of activity, at most twice the items that day changed', async () => {
    const { table, job } = await newTable();
    for (const write of await historyWrites(table.stores, 42, 60)) await write.apply();
    const first = await runStatsJob(job, policy, timeOf(addDays(today, -1)));
    expect(first.rebuilt).toBe(true);
    const day = await simulateDay(table.stores, { policy, day: today, seed: 3, writes: 50 });
    const night = await runStatsJob(job, policy, timeOf(today));
    expect(night.rebuilt).toBe(false);
    expect(night.cost.itemsRead).toBeLessThanOrEqual(2 * day.changedItems);
    expect(night.periods).toEqual(['2026', '2026-03', '2026-Q1']);
    await expectCellsMatchOracle(table.stores, today);
  }, 120_000);

  it('keeps the latest run’s time for the downloads when a run comes for an earlier instant (an event delivered late)', async () => {
    const { table, job } = await newTable();
    for (const write of await historyWrites(table.stores, 7, 20)) await write.apply();
    await runStatsJob(job, policy, timeOf(today));
    await runStatsJob(job, policy, timeOf(addDays(today, -40)));
    expect(await job.runState()).toEqual({ time: timeOf(today).toISOString(), stockDay: today });
    await expectCellsMatchOracle(table.stores, today);
  }, 60_000);

  it('loses no write that races the run, and two runs at once apply each change once', async () => {
    const { table, job } = await newTable();
    const writes = await historyWrites(table.stores, 7, 12);
    for (const write of writes.filter((each) => each.day < '2026-01-01')) await write.apply();
    await runStatsJob(job, policy, timeOf('2025-12-31'));
    for (const write of writes.filter((each) => each.day >= '2026-01-01')) await write.apply();

    // While the run works on the markers it read, a visit lands on a measure it is applying, and a
    // new visit on another.
    const { measures } = await everything(table.stores);
    const running = measures.filter((measure) => measure.status === 'active').slice(0, 2);
    expect(running).toHaveLength(2);
    const visitOn = async (measure: Measure, day: string) => {
      const { tasks, ...current } = (await table.stores.measures.getFile(measure.id))!;
      const change = recordVisit(
        current,
        { date: day, kind: 'domicile', durationMinutes: 45, axes: [current.axes[0]!] },
        policy,
        {
          today: day,
          now: timeOf(day),
          actorId: current.workerId,
          recordId: `race-${measure.id}-${current.version}`,
        },
      );
      await table.stores.measures.write({
        policy,
        before: current,
        change,
        readVersion: current.version,
        openTasks: tasks,
        journal: { at: timeOf(day).toISOString(), actor: current.workerId, groups: ['worker'], action: 'visit', route: 'test' },
      });
    };
    const day = addDays(today, -1);
    await visitOn(running[0]!, day);
    await runStatsJob(job, policy, timeOf(day), {
      afterMarkersRead: async () => {
        await visitOn(running[0]!, day);
        await visitOn(running[1]!, day);
      },
    });
    // The markers changed under the run were read again and applied as they now are: nothing is lost.
    expect(await job.pendingMarkers()).toEqual([]);
    await expectCellsMatchOracle(table.stores, day);

    await visitOn(running[1]!, day);
    const [a, b] = await Promise.all([runStatsJob(job, policy, timeOf(day)), runStatsJob(job, policy, timeOf(day))]);
    // The second waited for the first's lease, then found nothing left to apply.
    expect([a.cells, b.cells].filter((cells) => cells > 0)).toHaveLength(1);
    expect(await job.pendingMarkers()).toEqual([]);
    await expectCellsMatchOracle(table.stores, day);
  }, 120_000);

  it('never applies twice a marker the index still shows once another run settled it', async () => {
    const { table, job } = await newTable();
    for (const write of (await historyWrites(table.stores, 11, 3)).slice(0, 6)) await write.apply();
    await runStatsJob(job, policy, timeOf(today));
    const [write] = (await historyWrites(table.stores, 12, 1)).slice(0, 1);
    await write!.apply();
    // What a lagging index would still return after the run below settled it.
    const [stale] = await job.pendingMarkers();
    await runStatsJob(job, policy, timeOf(today));
    expect(await job.pendingMarker(stale!.subjectPartition)).toBeNull();
    await expect(job.commit([], [{ marker: stale!, applied: stale!.afterEncoded }], new Date().toISOString())).rejects.toThrow(
      StatsMarkerConflictError,
    );
    await expectCellsMatchOracle(table.stores, today);
  }, 60_000);
});
