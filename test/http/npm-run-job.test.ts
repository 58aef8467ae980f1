import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { NpmStarts, stop } from '../support/npm-start.js';

const runtimes = new NpmStarts();
afterAll(() => runtimes.cleanUp());

const exec = promisify(execFile);

/** `npm run --silent <script> -- …args` as a user types it, with its exit code. */
async function npmRun(dataDirectory: string, script: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', script, '--', ...args], {
      env: { ...process.env, ASLL_DATA_DIR: dataDirectory, ASLL_POLICY: 'meuse' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run job', () => {
  it('runs the deadlines job of a running npm start for a chosen instant, prints its summary, and emails as .eml', async () => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const started = runtimes.start({ port, dataDirectory, policy: 'meuse' });
    await started.served;
    const manager = (await npmRun(dataDirectory, 'token', '--sub', 'm-claire', '--group', 'manager')).stdout.trim();
    const admin = (await npmRun(dataDirectory, 'token', '--sub', 'adm', '--group', 'admin')).stdout.trim();
    await fetch(`http://127.0.0.1:${port}/staff/m-claire`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Claire Martin', email: 'claire@asll.example.fr', groups: ['manager'] }),
    });
    expect(manager.split('.')).toHaveLength(3);
    await fetch(`http://127.0.0.1:${port}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validReferral()),
    });

    const time = `${addDays(parisToday(), 15)}T04:00:00.000Z`;
    const run = await npmRun(dataDirectory, 'job', 'deadlines', '--time', time);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ job: 'deadlines', time, created: 1, byKind: { referral_waiting: 1 }, emails: 1 });
    const again = await npmRun(dataDirectory, 'job', 'deadlines', '--time', time);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, emails: 0 });

    const mailFolder = join(dataDirectory, 'mail');
    const emails = readdirSync(mailFolder).filter((name) => name.endsWith('.eml'));
    expect(emails).toHaveLength(1);
    expect(statSync(join(mailFolder, emails[0]!)).mode & 0o777).toBe(0o600);
    expect(await stop(started, 'SIGTERM')).toBe(0);
  });

  it('answers an unknown job with one line and exit code 2', async () => {
    const run = await npmRun(runtimes.dataDirectory(), 'job', 'nightly-magic', '--time', '2026-04-01T04:00:00Z');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('Tâche inconnue : « nightly-magic »');
    expect(run.stdout).toBe('');
  });

  it('says that npm start must run first, rather than run against no database', async () => {
    const run = await npmRun(runtimes.dataDirectory(), 'job', 'deadlines', '--time', '2026-04-01T04:00:00Z');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lancez d’abord npm start');
  });
});
