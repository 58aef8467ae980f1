import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileName } from '../../infra/local/data-directory.js';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { loadOrCreateIssuerKeys, mintToken } from '../../infra/local/issuer.js';
import { validReferral } from '../support/fixtures.js';
import { NpmStarts, isAlive, javaPidsFor, processesUsing, stop, waitFor } from '../support/npm-start.js';

const runtimes = new NpmStarts();
afterAll(() => runtimes.cleanUp());

async function get(url: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: await response.json() };
}

async function postReferral(base: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/referrals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validReferral()),
  });
  return { status: response.status, body: await response.json() };
}

/** An `npm start` on a fresh data directory holding one referral, which a manager reads. */
async function runningWithReferral() {
  const dataDirectory = runtimes.dataDirectory();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = runtimes.start({ port, dataDirectory });
  await started.served;
  const created = await postReferral(base);
  expect(created.status).toBe(201);
  const manager = await mintToken(await loadOrCreateIssuerKeys(dataDirectory), { sub: 'm1', groups: ['manager'] });
  expect((await get(`${base}/referrals/${created.body.id}`, manager)).status).toBe(200);
  return { dataDirectory, base, started, created, manager };
}

/** Every folder and file under `root`, with its permission bits. */
function modesUnder(root: string): { path: string; kind: 'folder' | 'file'; mode: string }[] {
  const found: { path: string; kind: 'folder' | 'file'; mode: string }[] = [];
  const visit = (path: string) => {
    const stats = lstatSync(path);
    const mode = (stats.mode & 0o777).toString(8);
    if (stats.isDirectory()) {
      found.push({ path, kind: 'folder', mode });
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stats.isFile()) found.push({ path, kind: 'file', mode });
  };
  visit(root);
  return found;
}

describe('the local runtime when processes die', () => {
  it(
    'ends Java within seconds when the runtime is killed with SIGKILL, and the next start takes over the stale lock',
    { timeout: 60_000 },
    async () => {
      const dataDirectory = runtimes.dataDirectory();
      const port = await freePort();
      const first = runtimes.start({ port, dataDirectory });
      await first.served;
      expect(javaPidsFor(dataDirectory)).toHaveLength(1);

      process.kill(runtimes.runtimePid(dataDirectory), 'SIGKILL');
      await waitFor('Java to end with the runtime', () => processesUsing(dataDirectory) === '', 5000);
      await first.exited;
      expect(existsSync(join(dataDirectory, lockFileName))).toBe(true); // left behind by the killed runtime

      const second = runtimes.start({ port, dataDirectory });
      await second.served;
      expect(await get(`http://127.0.0.1:${port}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await stop(second, 'SIGTERM')).toBe(0);
      expect(processesUsing(dataDirectory)).toBe('');
    },
  );

  it('ends Java when the runtime is killed while Java is still starting', { timeout: 60_000 }, async () => {
    const dataDirectory = runtimes.dataDirectory();
    const started = runtimes.start({ port: await freePort(), dataDirectory });
    await waitFor('Java to be launched', () => javaPidsFor(dataDirectory).length > 0, 30_000);
    expect(started.output()).not.toContain('ASLL en service');

    process.kill(runtimes.runtimePid(dataDirectory), 'SIGKILL');
    await waitFor('Java to end with the runtime', () => processesUsing(dataDirectory) === '', 5000);
  });

  it('refuses a second runtime on the same data directory, naming the first one’s process', { timeout: 60_000 }, async () => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const first = runtimes.start({ port, dataDirectory });
    await first.served;
    const firstPid = runtimes.runtimePid(dataDirectory);

    const second = runtimes.start({ port: await freePort(), dataDirectory });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(
      `Le dossier de données ${dataDirectory} est déjà utilisé par un autre ASLL en marche (processus ${firstPid}).`,
    );
    expect(javaPidsFor(dataDirectory)).toHaveLength(1);
    expect(await get(`http://127.0.0.1:${port}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(isAlive(firstPid)).toBe(true);

    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(existsSync(join(dataDirectory, lockFileName))).toBe(false);
  });

  it(
    'answers 503 while DynamoDB Local is down, restarts it on the same files and keeps the data',
    { timeout: 60_000 },
    async () => {
      const { dataDirectory, base, started, created, manager } = await runningWithReferral();
      const [java] = javaPidsFor(dataDirectory);
      process.kill(java!, 'SIGKILL');
      const unavailable = {
        error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/^La base de données/), details: [] },
      };
      const [health, read, write] = await Promise.all([
        get(`${base}/health`),
        get(`${base}/referrals/${created.body.id}`, manager),
        postReferral(base),
      ]);
      expect(health).toEqual({ status: 503, body: { status: 'unavailable' } });
      expect(read).toEqual({ status: 503, body: unavailable });
      expect(write).toEqual({ status: 503, body: unavailable });

      await waitFor('the health check to be ok again', async () => (await get(`${base}/health`)).status === 200, 30_000);
      const restarted = javaPidsFor(dataDirectory);
      expect(restarted).toHaveLength(1);
      expect(restarted[0]).not.toBe(java);
      await waitFor('the runtime to report the restart', () => started.output().includes('DynamoDB Local a redémarré.'), 5000);
      const again = await get(`${base}/referrals/${created.body.id}`, manager);
      expect(again.status).toBe(200);
      expect(again.body.reference).toBe(created.body.reference);

      expect(await stop(started, 'SIGTERM')).toBe(0);
      expect(processesUsing(dataDirectory)).toBe('');
    },
  );

  it(
    'ends an orphaned Java when its watchdog is killed outright, then restarts DynamoDB Local',
    { timeout: 60_000 },
    async () => {
      const { dataDirectory, base, started, created, manager } = await runningWithReferral();
      const [java] = javaPidsFor(dataDirectory);
      const watchdog = processesUsing(dataDirectory)
        .split('\n')
        .find((line) => line.includes('java-watchdog'));
      process.kill(Number(watchdog!.split(' ')[0]), 'SIGKILL');

      await waitFor('the orphaned Java to be ended', () => !isAlive(java!), 10_000);
      await waitFor('the runtime to report the restart', () => started.output().includes('DynamoDB Local a redémarré.'), 30_000);
      expect(javaPidsFor(dataDirectory)).toHaveLength(1);
      expect((await get(`${base}/referrals/${created.body.id}`, manager)).status).toBe(200);

      expect(await stop(started, 'SIGTERM')).toBe(0);
      expect(processesUsing(dataDirectory)).toBe('');
    },
  );
});

describe('the data directory', () => {
  it('is readable by its owner only (folders 0700, files 0600), older installs included', { timeout: 60_000 }, async () => {
    const dataDirectory = runtimes.dataDirectory();
    chmodSync(dataDirectory, 0o755);
    const port = await freePort();
    const ownerOnly = (entry: { kind: string }) => ({ ...entry, mode: entry.kind === 'folder' ? '700' : '600' });

    const fresh = runtimes.start({ port, dataDirectory });
    await fresh.served;
    expect((await postReferral(`http://127.0.0.1:${port}`)).status).toBe(201);
    const created = modesUnder(dataDirectory);
    // The database file DynamoDB Local created itself is among them.
    expect(created.map((entry) => entry.path)).toContain(join(dataDirectory, 'dynamodb', 'shared-local-instance.db'));
    expect(created.map((entry) => entry.path)).toContain(join(dataDirectory, 'issuer', 'keys.json'));
    expect(created).toEqual(created.map(ownerOnly));
    expect(await stop(fresh, 'SIGTERM')).toBe(0);

    // As an install made before this rule left it.
    for (const entry of modesUnder(dataDirectory)) chmodSync(entry.path, entry.kind === 'folder' ? 0o755 : 0o644);
    const older = runtimes.start({ port, dataDirectory });
    await older.served;
    const fixed = modesUnder(dataDirectory);
    expect(fixed).toEqual(fixed.map(ownerOnly));
    expect(await stop(older, 'SIGTERM')).toBe(0);
  });
});
