import { describe, expect, it } from 'vitest';
import { nextRun } from '../../infra/local/scheduler.js';
import { cronOf, jobs } from '../../infra/manifest.js';

const paris = { hour: 6, minute: 0, timeZone: 'Europe/Paris' } as const;

describe('the local scheduler', () => {
  it.each([
    ['in winter, 06:00 Paris is 05:00 UTC', '2026-01-15T12:00:00Z', '2026-01-16T05:00:00.000Z'],
    ['in summer, 06:00 Paris is 04:00 UTC', '2026-07-15T12:00:00Z', '2026-07-16T04:00:00.000Z'],
    ['before six the same morning, it runs that morning', '2026-04-01T03:00:00Z', '2026-04-01T04:00:00.000Z'],
    ['across the spring change (29 March 2026)', '2026-03-28T06:00:00Z', '2026-03-29T04:00:00.000Z'],
    ['across the autumn change (25 October 2026)', '2026-10-24T06:00:00Z', '2026-10-25T05:00:00.000Z'],
    ['just after a run, the next day', '2026-04-01T04:00:00Z', '2026-04-02T04:00:00.000Z'],
  ])('runs the deadlines job at six o’clock Paris time: %s', (_case, from, expected) => {
    expect(nextRun(paris, new Date(from)).toISOString()).toBe(expected);
  });

  it.each([
    [
      'skips the night clocks go forward, when 02:30 does not exist (29 March 2026)',
      '2026-03-28T02:00:00Z',
      '2026-03-30T00:30:00.000Z',
    ],
    [
      'runs once the night clocks go back, when 02:30 comes twice (25 October 2026)',
      '2026-10-24T02:00:00Z',
      '2026-10-25T00:30:00.000Z',
    ],
  ])('a time between two and three in the morning %s, as EventBridge Scheduler does', (_case, from, expected) => {
    expect(nextRun({ hour: 2, minute: 30, timeZone: 'Europe/Paris' }, new Date(from)).toISOString()).toBe(expected);
  });

  it('runs the stats job every night of the year, both changes included: its local time always exists once', () => {
    let from = new Date('2026-01-01T00:00:00Z');
    const nights = new Set<string>();
    for (let run = 0; run < 365; run += 1) {
      from = nextRun(jobs.stats.schedule, from);
      nights.add(from.toISOString().slice(0, 10));
    }
    expect(nights.size).toBe(365);
    expect(from.toISOString().slice(0, 10)).toBe('2026-12-31');
  });

  it('gives EventBridge Scheduler the same local time, read in the job’s time zone', () => {
    expect(cronOf(jobs.deadlines.schedule)).toBe('cron(0 6 * * ? *)');
    expect(jobs.deadlines.schedule.timeZone).toBe('Europe/Paris');
  });
});
