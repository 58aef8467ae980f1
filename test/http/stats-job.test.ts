import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { periodOf } from '../../lib/domain/statistics/count.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { NpmStarts, stop } from '../support/npm-start.js';

const runtimes = new NpmStarts();
afterAll(() => runtimes.cleanUp());

const exec = promisify(execFile);

async function runJob(dataDirectory: string, time: string) {
  const { stdout } = await exec('npm', ['run', '--silent', 'job', '--', 'stats', '--time', time], {
    env: { ...process.env, ASLL_DATA_DIR: dataDirectory, ASLL_POLICY: 'meuse' },
  });
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('npm run job -- stats', () => {
  it('updates the cells of the periods the day touched, prints its summary, and changes nothing when run again', async () => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const started = runtimes.start({ port, dataDirectory, policy: 'meuse' });
    await started.served;
    const receive = () =>
      fetch(`http://127.0.0.1:${port}/referrals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validReferral()),
      });
    expect((await receive()).status).toBe(201);

    const today = parisToday();
    const month = today.slice(0, 7);
    // The periods of today's referral, sorted: the year, the month, the quarter.
    const periods = [periodOf(month, 'year'), month, periodOf(month, 'quarter')].sort();
    const time = `${today}T22:30:00.000Z`;
    // The first run counts everything: the department's three cells items of today's periods.
    expect(await runJob(dataDirectory, time)).toEqual({ job: 'stats', time, periods, cells: 3 });
    expect(await runJob(dataDirectory, time)).toEqual({ job: 'stats', time, periods: [], cells: 0 });

    // The next night: only the day's change (another referral) is applied.
    expect((await receive()).status).toBe(201);
    const next = `${addDays(today, 1)}T01:30:00.000Z`;
    expect(await runJob(dataDirectory, next)).toEqual({ job: 'stats', time: next, periods, cells: 3 });
    expect(await stop(started, 'SIGTERM')).toBe(0);
  });
});
