import { getConfig } from '../lib/config.js';
import { runStatsJob } from '../lib/store/statistics-run.js';
import { StatsJobStore } from '../lib/store/statistics-updates.js';
import { getStore } from './shared/dependencies.js';
import { jobHandler } from './shared/job-handler.js';

/**
 * The nightly `stats` job (API.md "Scheduled jobs"): the statistics cells of the periods the day's
 * writes touched, updated from the writes' markers (lib/store/statistics-run.ts). Summary:
 * `{"job":"stats","time","periods":[…],"cells":N}`, N the cells items (period × territory) written.
 */
export async function runStats(now: Date) {
  return runStatsJob(getStore(StatsJobStore), getConfig().policy, now);
}

export const handler = jobHandler('stats', async (now) => {
  const { periods, cells } = await runStats(now);
  return { periods, cells };
});
