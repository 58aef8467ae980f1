import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeStateFile, type RuntimeState } from '../../infra/local/runtime.js';
import { LocalStaffAccounts, readLocalAccounts } from '../../infra/local/staff-accounts.js';
import { putStaffMember, staffBodySchema } from '../../lib/domain/staff.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'asll-accounts-'));
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

const member = (id: string, groups: string[], active = true) =>
  putStaffMember(
    id,
    staffBodySchema.parse({ name: `Personne ${id}`, email: `${id}@asll.example.fr`, groups, active }),
    null,
    new Date(),
  );

/** `npm run --silent token -- …` against the test's data directory: its exit code, stdout and stderr. */
function token(args: string[], environment: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['tsx', 'infra/local/token.ts', ...args], {
    env: { ...process.env, ASLL_DATA_DIR: dataDirectory, ...environment },
    encoding: 'utf8',
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

describe('the local issuer’s staff accounts', () => {
  it('records every member put, written side by side without losing one, in <data>/issuer/users.json', async () => {
    const accounts = new LocalStaffAccounts(dataDirectory);
    await Promise.all([accounts.upsert(member('w-1', ['worker'])), accounts.upsert(member('m-1', ['manager', 'admin']))]);
    await accounts.upsert(member('w-2', ['worker'], false));
    expect(readLocalAccounts(dataDirectory)).toEqual({
      'w-1': { name: 'Personne w-1', email: 'w-1@asll.example.fr', groups: ['worker'], active: true },
      'm-1': { name: 'Personne m-1', email: 'm-1@asll.example.fr', groups: ['manager', 'admin'], active: true },
      'w-2': { name: 'Personne w-2', email: 'w-2@asll.example.fr', groups: ['worker'], active: false },
    });
    expect(readLocalAccounts(join(dataDirectory, 'nowhere'))).toEqual({});
  });

  it('keeps them in memory without a data directory', async () => {
    const accounts = new LocalStaffAccounts();
    await accounts.upsert(member('w-9', ['worker']));
    expect(accounts.accounts()).toEqual({ 'w-9': expect.objectContaining({ groups: ['worker'] }) });
  });

  it('lets npm run token refuse while no npm start runs on the data directory, and create no keys there', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'asll-accounts-none-'));
    try {
      const refused = token(['--sub', 'first-admin', '--group', 'admin'], { ASLL_DATA_DIR: elsewhere });
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`Aucun ASLL en marche sur le dossier de données ${elsewhere}`);
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('lets npm run token refuse an inactive member, give a member its groups, and warn about groups it lacks', () => {
    // An npm start on the directory, as its state file names it: this test's own process stands in for it.
    const running: RuntimeState = {
      pid: process.pid,
      url: 'http://127.0.0.1:3000',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      tableName: 'asll',
      policy: 'meuse',
    };
    writeFileSync(join(dataDirectory, runtimeStateFile), JSON.stringify(running));
    const refused = token(['--sub', 'w-2', '--group', 'worker']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('« w-2 » est inactif dans l’annuaire du personnel');

    const own = token(['--sub', 'm-1']);
    expect(own.status).toBe(0);
    expect(decodeJwt(own.stdout.trim())).toMatchObject({
      sub: 'm-1',
      'cognito:username': 'm-1',
      'cognito:groups': ['manager', 'admin'],
    });

    const beyond = token(['--sub', 'w-1', '--group', 'admin']);
    expect(beyond.status).toBe(0);
    expect(decodeJwt(beyond.stdout.trim())['cognito:groups']).toEqual(['admin']);
    expect(beyond.stderr).toContain('« w-1 » n’est pas du groupe admin');

    const stranger = token(['--sub', 'first-admin', '--group', 'admin']);
    expect(decodeJwt(stranger.stdout.trim())).toMatchObject({ sub: 'first-admin', 'cognito:groups': ['admin'] });
    expect(stranger.stderr).toBe('');
  });
});
