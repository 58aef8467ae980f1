import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { validReferral } from '../support/fixtures.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'asll-start-'));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDirectory, { recursive: true, force: true });
});

/** `npm start` as a new user types it; resolves once it prints the address it serves. */
async function npmStart(port: number): Promise<ChildProcess> {
  const child = spawn('npm', ['start'], {
    env: { ...process.env, PORT: String(port), ASLL_DATA_DIR: dataDirectory, ASLL_POLICY: 'plateforme' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not serve in time:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(`http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

function processesUsing(directory: string): string {
  try {
    return execFileSync('pgrep', ['-af', directory], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

function token(): string {
  return execFileSync('npm', ['run', '--silent', 'token', '--', '--sub', 'm1', '--group', 'manager'], {
    env: { ...process.env, ASLL_DATA_DIR: dataDirectory },
    encoding: 'utf8',
  }).trim();
}

describe('npm start, as API.md describes it', () => {
  it('serves, stops every process on SIGTERM or SIGINT, and keeps the data across a restart', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const first = await npmStart(port);
    const created = await fetch(`http://127.0.0.1:${port}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validReferral()),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(processesUsing(dataDirectory)).toBe('');

    const second = await npmStart(port);
    const managerToken = token();
    expect(managerToken.split('.')).toHaveLength(3);
    const list = await fetch(`http://127.0.0.1:${port}/referrals`, { headers: { authorization: `Bearer ${managerToken}` } });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);

    expect(await stop(second, 'SIGINT')).toBe(0);
    expect(processesUsing(dataDirectory)).toBe('');
  });
});
