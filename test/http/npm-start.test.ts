import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { validReferral } from '../support/fixtures.js';
import { NpmStarts, processesUsing, stop } from '../support/npm-start.js';

const runtimes = new NpmStarts();
afterAll(() => runtimes.cleanUp());

function token(dataDirectory: string): string {
  return execFileSync('npm', ['run', '--silent', 'token', '--', '--sub', 'm1', '--group', 'manager'], {
    env: { ...process.env, ASLL_DATA_DIR: dataDirectory },
    encoding: 'utf8',
  }).trim();
}

describe('npm start, as API.md describes it', () => {
  it('serves, stops every process on SIGTERM or SIGINT, and keeps the data across a restart', { timeout: 240_000 }, async () => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const first = runtimes.start({ port, dataDirectory });
    await first.served;
    const created = await fetch(`http://127.0.0.1:${port}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validReferral()),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(processesUsing(dataDirectory)).toBe('');

    const second = runtimes.start({ port, dataDirectory });
    await second.served;
    const managerToken = token(dataDirectory);
    expect(managerToken.split('.')).toHaveLength(3);
    const list = await fetch(`http://127.0.0.1:${port}/referrals`, { headers: { authorization: `Bearer ${managerToken}` } });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);

    expect(await stop(second, 'SIGINT')).toBe(0);
    expect(processesUsing(dataDirectory)).toBe('');
  });

  // A setting npm start cannot use stops it at once, saying why, rather than serving with it (a bad
  // threshold would answer 500 to every GET /stats; a bad LOG_LEVEL would log at info unasked).
  it.each([
    ['ASLL_STATS_THRESHOLD', '1', 'ASLL_STATS_THRESHOLD doit être un nombre entier de 2 à 100 : 1'],
    ['ASLL_STATS_THRESHOLD', '101', 'ASLL_STATS_THRESHOLD doit être un nombre entier de 2 à 100 : 101'],
    ['ASLL_STATS_THRESHOLD', 'cinq', 'ASLL_STATS_THRESHOLD doit être un nombre entier de 2 à 100 : cinq'],
    ['LOG_LEVEL', 'bavard', 'LOG_LEVEL invalide : « bavard ». Valeurs admises : debug, info, warn, error.'],
    [
      'ASLL_STATS_ONGOING',
      'masque',
      'ASLL_STATS_ONGOING doit valoir provisional (chiffres provisoires de la période en cours) ou hidden (période en cours masquée jusqu’à sa fin) : masque',
    ],
  ])('refuses to start with %s=%s, saying why', { timeout: 60_000 }, async (name, value, message) => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const started = runtimes.start({ port, dataDirectory, environment: { [name]: value } });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain(message);
    expect(started.output()).not.toContain(`http://127.0.0.1:${port}`);
    expect(processesUsing(dataDirectory)).toBe('');
  });
});
