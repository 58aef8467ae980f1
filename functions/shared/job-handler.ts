import type { ScheduledEvent } from 'aws-lambda';
import { jobs, type JobId } from '../../infra/manifest.js';
import { logger } from './logger.js';

/** What every job answers: its name, the instant it ran for, and its own figures. */
export type JobSummary = { job: JobId; time: string } & Record<string, unknown>;

/**
 * A scheduled job's adapter. "Now" is the event's `time` (API.md "Scheduled jobs"), so running a
 * job for any day is sending it the event for that instant. An event that is not a scheduled one,
 * or has no valid time, is refused: a job never runs for the wrong day. The summary is logged as
 * one JSON line and returned (the local `npm run job` prints it).
 */
export function jobHandler(job: JobId, run: (now: Date) => Promise<Record<string, unknown>>) {
  if (!jobs[job]) throw new Error(`unknown job ${job}`);
  return async (event: Pick<ScheduledEvent, 'detail-type' | 'time'>): Promise<JobSummary> => {
    if (event?.['detail-type'] !== 'Scheduled Event' || typeof event.time !== 'string' || Number.isNaN(Date.parse(event.time))) {
      throw new Error(`${job}: not an EventBridge scheduled event with a valid time`);
    }
    const now = new Date(event.time);
    const started = performance.now();
    const figures = await run(now);
    const summary: JobSummary = { job, time: now.toISOString(), ...figures };
    logger.info('job', { ...summary, durationMs: Math.round(performance.now() - started) });
    return summary;
  };
}
