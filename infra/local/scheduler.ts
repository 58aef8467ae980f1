import { resolve } from 'node:path';
import { jobs, type JobDeclaration, type JobId } from '../manifest.js';

type JobHandler = (event: { 'detail-type': string; source: string; time: string }) => Promise<unknown>;

const clock = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of an instant in a time zone, as numbers. */
function wallClock(instant: number, timeZone: string) {
  let format = clock.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    clock.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/**
 * The next instant after `from` at which the schedule's local time comes round in its time zone,
 * across daylight-saving changes (Europe/Paris is UTC+1 in winter, UTC+2 in summer). A local time
 * that a spring change skips is skipped that day, as EventBridge Scheduler does (the next run is the
 * day after); one that an autumn change repeats runs once (here at its first occurrence; AWS does not say which).
 */
export function nextRun(schedule: JobDeclaration['schedule'], from: Date): Date {
  const local = wallClock(from.getTime(), schedule.timeZone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset += 1) {
    const base = Date.UTC(local.year, local.month - 1, local.day + dayOffset, schedule.hour, schedule.minute);
    // Try every offset a time zone may have, earliest instant first; keep the first whose wall clock
    // shows the wanted time (of a time an autumn change repeats, its first occurrence).
    for (let offsetMinutes = 14 * 60; offsetMinutes >= -14 * 60; offsetMinutes -= 15) {
      const candidate = base - offsetMinutes * 60_000;
      const shown = wallClock(candidate, schedule.timeZone);
      if (shown.hour === schedule.hour && shown.minute === schedule.minute && candidate > from.getTime()) {
        const day = new Date(base);
        if (shown.day === day.getUTCDate()) return new Date(candidate);
      }
    }
  }
  // Two days running without the wanted local time: no time zone changes its offset so often.
  throw new Error(`${schedule.hour}:${schedule.minute} n’existe pas dans le fuseau ${schedule.timeZone}`);
}

/** The EventBridge Scheduler event a job receives for an instant. */
export function scheduledEvent(time: Date) {
  return { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: time.toISOString() };
}

/** Loads a job's unchanged handler, as the gateway loads a route's. */
export async function loadJob(projectRoot: string, job: JobId): Promise<JobHandler> {
  return ((await import(resolve(projectRoot, jobs[job].entry))) as { handler: JobHandler }).handler;
}

/**
 * Runs the manifest's jobs on their schedules, in their time zone, for as long as the runtime runs
 * (the local stand-in for EventBridge Scheduler). A failed run is logged; the next one still comes.
 */
export function startScheduler(projectRoot: string, log: (line: string) => void): { stop(): void } {
  const timers = new Map<JobId, NodeJS.Timeout>();
  let stopped = false;
  const plan = (job: JobId) => {
    const at = nextRun(jobs[job].schedule, new Date());
    // setTimeout takes at most about 24.8 days; a daily job is always well within.
    const timer = setTimeout(async () => {
      if (stopped) return;
      try {
        const summary = await (await loadJob(projectRoot, job))(scheduledEvent(at));
        log(JSON.stringify(summary));
      } catch (error) {
        log(`[planificateur] la tâche « ${job} » a échoué : ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!stopped) plan(job);
    }, at.getTime() - Date.now());
    timer.unref();
    timers.set(job, timer);
  };
  for (const job of Object.keys(jobs) as JobId[]) plan(job);
  return {
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
