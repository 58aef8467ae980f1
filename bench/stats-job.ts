import { runStats } from '../functions/stats-job.js';
import { mintToken } from '../infra/local/issuer.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import { addDays } from '../lib/domain/measure-dates.js';
import type { DepartmentPolicy } from '../lib/domain/policies.js';
import type { Stores } from '../lib/store/stores.js';
import { simulateDay } from './generator.js';
import { HttpClient } from './latency.js';
import { median } from './stats.js';

/**
 * The `stats` job in the benchmark, on the data the deadlines benchmark wrote (same process, same
 * runtime): the first run (a rebuild from every referral and measure), one day of activity written
 * by the store, then the night's run, measured, and a rerun for the same time.
 */

/** Downloads timed, after a few unmeasured ones (the route's cold start, the first Query's setup). */
const downloadWarmups = 5;
const downloadSamples = 40;

/**
 * Times `GET /stats` through the runtime's gateway once the night's cells are stored, as an analyst
 * would ask for them: the twelve months up to `today`, by month, in JSON — every period and
 * territory item of that span, read by one Query. The latencies of the measured requests, in ms.
 */
export async function timeStatsDownloads(runtime: LocalRuntime, today: string): Promise<number[]> {
  const token = await mintToken(runtime.issuerKeys, { sub: 'bench-analyst', groups: ['analyst'] });
  const to = today.slice(0, 7);
  const [year, month] = to.split('-').map(Number) as [number, number];
  const from = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
  const path = `/stats?from=${from}&to=${to}&by=month&format=json`;
  const client = new HttpClient(runtime.url);
  const latencies: number[] = [];
  try {
    for (let index = 0; index < downloadWarmups + downloadSamples; index += 1) {
      const answer = await client.get(path, { authorization: `Bearer ${token}` });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
      if (index >= downloadWarmups) latencies.push(answer.ms);
    }
  } finally {
    client.close();
  }
  return latencies;
}

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
  downloadP50Ms: number;
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
  // 03:30 in Paris (UTC+1 in March), as the manifest schedules it: the night before the day of activity, then the night after.
  const rebuild = await timedRun(`${options.today}T02:30:00.000Z`);
  const day = await simulateDay(stores, {
    policy: options.policy,
    day: options.today,
    seed: options.seed,
    writes: statsDayWrites,
  });
  const time = `${addDays(options.today, 1)}T02:30:00.000Z`;
  const night = await timedRun(time);
  const rerun = await timedRun(time);
  const downloads = await timeStatsDownloads(runtime, options.today);
  return {
    day: options.today,
    time,
    dayWrites: day.writes,
    changedItems: day.changedItems,
    rebuild,
    night,
    rerun,
    downloadP50Ms: median(downloads),
  };
}
