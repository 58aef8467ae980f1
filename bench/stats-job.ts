import { runStats } from '../functions/stats-job.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import { addDays } from '../lib/domain/measure-dates.js';
import type { DepartmentPolicy } from '../lib/domain/policies.js';
import type { Stores } from '../lib/store/stores.js';
import { simulateDay } from './generator.js';
import { median } from './stats.js';

/**
 * The `stats` job in the benchmark, on the data the deadlines benchmark wrote (same process, same
 * runtime): the first run (a rebuild from every referral and measure), one day of activity written
 * by the store, then the night's run, measured, and a rerun for the same time.
 */

/**
 * Times `GET /stats` on the runtime once the night's cells are stored: the download latencies, in
 * ms. Null until the route exists: the lead wires it to the `GET /stats` handler after merging, and
 * `downloadP50Ms` is null in the results until then.
 */
export type StatsDownloadTimer = (runtime: LocalRuntime) => Promise<number[]>;
export const timeStatsDownloads: StatsDownloadTimer | null = null;

/** Lifecycle writes of the simulated day. */
export const statsDayWrites = 50;

export interface StatsJobRun {
  ms: number;
  itemsRead: number;
  readUnits: number;
  periods: string[];
  cells: number;
}

export interface StatsJobFigures {
  /** The day of activity (Paris) and the night's run after it. */
  day: string;
  time: string;
  dayWrites: number;
  /** Referrals and measures the day's writes changed. */
  changedItems: number;
  rebuild: StatsJobRun;
  night: StatsJobRun;
  rerun: StatsJobRun;
  downloadP50Ms: number | null;
}

async function timedRun(time: string): Promise<StatsJobRun> {
  const started = performance.now();
  const run = await runStats(new Date(time));
  const ms = performance.now() - started;
  return { ms, itemsRead: run.cost.itemsRead, readUnits: run.cost.readUnits, periods: run.periods, cells: run.cells };
}

export async function measureStatsJob(
  stores: Stores,
  runtime: LocalRuntime,
  options: { policy: DepartmentPolicy; today: string; seed: number },
): Promise<StatsJobFigures> {
  // 02:30 in Paris (UTC+1 in March): the night before the day of activity, then the night after.
  const rebuild = await timedRun(`${options.today}T01:30:00.000Z`);
  const day = await simulateDay(stores, {
    policy: options.policy,
    day: options.today,
    seed: options.seed,
    writes: statsDayWrites,
  });
  const time = `${addDays(options.today, 1)}T01:30:00.000Z`;
  const night = await timedRun(time);
  const rerun = await timedRun(time);
  const downloads = timeStatsDownloads ? await timeStatsDownloads(runtime) : null;
  return {
    day: options.today,
    time,
    dayWrites: day.writes,
    changedItems: day.changedItems,
    rebuild,
    night,
    rerun,
    downloadP50Ms: downloads && downloads.length > 0 ? median(downloads) : null,
  };
}
