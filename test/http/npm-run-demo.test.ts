import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.js';
import { loadOrCreateIssuerKeys, localAudience, mintToken } from '../../infra/local/issuer.js';
import { parisToday } from '../support/dates.js';
import { NpmStarts, stop } from '../support/npm-start.js';

const runtimes = new NpmStarts();
afterAll(() => runtimes.cleanUp());

const exec = promisify(execFile);

interface Row {
  period: string;
  territory: string;
  indicator: string;
  dimension: string | null;
  value: number | null;
}

describe('npm run demo', () => {
  it('fills the running system with a fictitious year whose statistics show at once, and adds nothing the second time', async () => {
    const dataDirectory = runtimes.dataDirectory();
    const port = await freePort();
    const started = runtimes.start({ port, dataDirectory, policy: 'meuse' });
    await started.served;
    const demo = () =>
      exec('npm', ['run', '--silent', 'demo'], { env: { ...process.env, ASLL_DATA_DIR: dataDirectory }, timeout: 240_000 });

    const first = await demo();
    expect(first.stdout).toMatch(/460 demandes, 320 mesures/);
    expect(first.stdout).toContain('"job":"stats"');

    const token = await mintToken(await loadOrCreateIssuerKeys(dataDirectory), { sub: 'demo-analyst', groups: ['analyst'] });
    // The twelve months up to this one: the demo's year, whatever today's month.
    const to = parisToday().slice(0, 7);
    const [year, month] = to.split('-').map(Number) as [number, number];
    const from = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
    const answer = await fetch(`http://127.0.0.1:${port}/stats?from=${from}&to=${to}&by=month`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { generatedAt: string | null; rows: Row[] };
    expect(body.generatedAt).not.toBeNull();
    const received = body.rows
      .filter((row) => row.indicator === 'referrals_received' && row.dimension === null && row.territory === 'all')
      .reduce((sum, row) => sum + (row.value ?? 0), 0);
    // The demo's referrals, spread over the year: nearly all fall within these twelve months.
    expect(received).toBeGreaterThan(300);
    // Fictitious, plainly: the directory's people are « Exemple ».
    const staff = await fetch(`http://127.0.0.1:${port}/staff?limit=100`, {
      headers: {
        authorization: `Bearer ${await mintToken(await loadOrCreateIssuerKeys(dataDirectory), { sub: 'adm', groups: ['admin'] })}`,
      },
    });
    const members = ((await staff.json()) as { items: { name: string }[] }).items;
    expect(members.length).toBeGreaterThan(0);
    for (const member of members) expect(member.name).toContain('Exemple');
    // And they can sign in to the staff pages: the local sign-in page lists them.
    const signInPage = await fetch(
      `http://127.0.0.1:${port}/oauth2/authorize?${new URLSearchParams({
        client_id: localAudience,
        redirect_uri: `http://127.0.0.1:${port}/staff/`,
        response_type: 'code',
        scope: 'openid email profile',
        state: 'demo',
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
    );
    const listed = await signInPage.text();
    for (const name of ['Intervenant Exemple 1', 'Responsable Exemple 1', 'Chargée d’études Exemple'])
      expect(listed).toContain(name);

    const second = await demo();
    expect(second.stdout).toContain('déjà là');
    expect(await stop(started, 'SIGTERM')).toBe(0);
  }, 300_000);
});
