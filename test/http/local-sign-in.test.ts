import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAudience } from '../../infra/local/issuer.js';
import { startTestRuntime } from '../support/runtime.js';
import { registerStaff } from '../support/staff-browser.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let staffPage: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  staffPage = `${system.url}/staff/`;
  await registerStaff(system, { id: 'camille', name: 'Camille Roux', groups: ['admin'], email: 'camille@asll.example.fr' });
  await registerStaff(system, { id: 'lucie', name: 'Lucie Martin', groups: ['worker'] });
  await registerStaff(system, { id: 'paul', name: 'Paul Girard', groups: ['worker'], active: false });
});
afterAll(async () => {
  await system?.stop();
});

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeParameters(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: localAudience,
    redirect_uri: staffPage,
    scope: 'openid email profile',
    state: 'etat-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body),
  redirect: 'manual' as const,
});

/** Chooses `staffId` on the sign-in page; the answer's redirect. */
async function choose(staffId: string, challenge: string, overrides: Record<string, string> = {}) {
  return fetch(
    `${system.url}/oauth2/authorize`,
    form({ ...Object.fromEntries(authorizeParameters(challenge, overrides)), staff_id: staffId }),
  );
}

async function codeFor(staffId: string, challenge: string): Promise<string> {
  const answer = await choose(staffId, challenge);
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(staffPage);
  expect(location.searchParams.get('state')).toBe('etat-1');
  return location.searchParams.get('code')!;
}

async function token(body: Record<string, string>) {
  const answer = await fetch(`${system.url}/oauth2/token`, form({ client_id: localAudience, ...body }));
  return { status: answer.status, body: (await answer.json()) as Record<string, any> };
}

async function signIn(staffId: string) {
  const { verifier, challenge } = pkce();
  const code = await codeFor(staffId, challenge);
  return token({ grant_type: 'authorization_code', code, redirect_uri: staffPage, code_verifier: verifier });
}

describe('the local sign-in (OAuth 2.0 authorization code with PKCE, as Cognito’s managed login)', () => {
  it('publishes in config.json the endpoints the staff pages sign in with, on the address the browser used', async () => {
    const config = await system.request('GET', '/config.json');
    expect(config.status).toBe(200);
    expect(config.body).toEqual({
      apiBaseUrl: '',
      auth: {
        authorizeUrl: `${system.url}/oauth2/authorize`,
        tokenUrl: `${system.url}/oauth2/token`,
        revokeUrl: `${system.url}/oauth2/revoke`,
        logoutUrl: `${system.url}/logout`,
        clientId: localAudience,
        redirectUri: staffPage,
        scopes: ['openid', 'email', 'profile'],
      },
    });
  });

  it('shows a French sign-in page listing the active staff, and says that there is no password', async () => {
    const page = await system.request('GET', `/oauth2/authorize?${authorizeParameters(pkce().challenge)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(page.body).toContain('lang="fr"');
    expect(page.body).toContain('il n’y a pas de mot de passe');
    expect(page.body).toContain('Camille Roux');
    expect(page.body).toContain('Lucie Martin');
    expect(page.body).not.toContain('Paul Girard');
  });

  it('refuses a request without PKCE, for another client, or coming back anywhere but the staff pages', async () => {
    const { challenge } = pkce();
    const refused: Record<string, string>[] = [
      { code_challenge_method: 'plain' },
      { code_challenge: '' },
      { client_id: 'autre-client' },
      { redirect_uri: 'https://ailleurs.example/staff/' },
      { redirect_uri: `${system.url}/` },
      { state: '' },
    ];
    for (const overrides of refused) {
      const page = await system.request('GET', `/oauth2/authorize?${authorizeParameters(challenge, overrides)}`);
      expect(page.status, JSON.stringify(overrides)).toBe(400);
      expect(page.body).toContain('Connexion impossible');
      expect((await choose('camille', challenge, overrides)).status, JSON.stringify(overrides)).toBe(400);
    }
  });

  it('gives no code to someone inactive or unknown', async () => {
    expect((await choose('paul', pkce().challenge)).status).toBe(400);
    expect((await choose('personne', pkce().challenge)).status).toBe(400);
  });

  it('exchanges a code, once, for the verifier of its challenge, for an ID token the API accepts', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor('camille', challenge);
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: staffPage,
      code_verifier: pkce().verifier,
    });
    expect(wrong).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    // The failed try used the code up.
    const late = await token({ grant_type: 'authorization_code', code, redirect_uri: staffPage, code_verifier: verifier });
    expect(late.body.error).toBe('invalid_grant');

    const signedIn = await signIn('camille');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
    const claims = decodeJwt(signedIn.body.id_token);
    expect(claims).toMatchObject({
      sub: 'camille',
      'cognito:username': 'camille',
      'cognito:groups': ['admin'],
      name: 'Camille Roux',
      email: 'camille@asll.example.fr',
      token_use: 'id',
    });
    const staff = await system.request('GET', '/staff', { token: signedIn.body.id_token });
    expect(staff.status).toBe(200);
  });

  it('refuses a code sent with another redirect address', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor('lucie', challenge);
    const answer = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${system.url}/`,
      code_verifier: verifier,
    });
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('renews the ID token with the directory’s groups until the member is deactivated', async () => {
    await registerStaff(system, { id: 'sami', name: 'Sami Benali', groups: ['worker'] });
    const signedIn = await signIn('sami');
    await registerStaff(system, { id: 'sami', name: 'Sami Benali', groups: ['worker', 'manager'] });
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: signedIn.body.refresh_token });
    expect(renewed.status).toBe(200);
    expect(decodeJwt(renewed.body.id_token)['cognito:groups']).toEqual(['worker', 'manager']);

    await registerStaff(system, { id: 'sami', name: 'Sami Benali', groups: ['worker'], active: false });
    const refused = await token({ grant_type: 'refresh_token', refresh_token: signedIn.body.refresh_token });
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('stops renewing a revoked refresh token', async () => {
    const signedIn = await signIn('lucie');
    const revoked = await fetch(
      `${system.url}/oauth2/revoke`,
      form({ client_id: localAudience, token: signedIn.body.refresh_token }),
    );
    expect(revoked.status).toBe(200);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: signedIn.body.refresh_token });
    expect(refused.body.error).toBe('invalid_grant');
  });

  it('refuses other grants and other clients', async () => {
    expect((await token({ grant_type: 'password', username: 'camille' })).body.error).toBe('unsupported_grant_type');
    const other = await fetch(
      `${system.url}/oauth2/token`,
      form({ client_id: 'autre', grant_type: 'refresh_token', refresh_token: 'x' }),
    );
    expect(other.status).toBe(401);
  });

  it('signs out back to the staff pages, and nowhere else', async () => {
    const out = await fetch(`${system.url}/logout?${new URLSearchParams({ client_id: localAudience, logout_uri: staffPage })}`, {
      redirect: 'manual',
    });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(staffPage);
    const elsewhere = await fetch(
      `${system.url}/logout?${new URLSearchParams({ client_id: localAudience, logout_uri: 'https://ailleurs.example/' })}`,
      { redirect: 'manual' },
    );
    expect(elsewhere.status).toBe(400);
  });

  it('serves the built staff pages at /staff/, and not their sources', async () => {
    const page = await system.request('GET', '/staff/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('assets/app.js');
    const script = await fetch(`${system.url}/staff/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${system.url}/staff/assets/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${system.url}/staff/shell.js`)).status).not.toBe(200);
    expect((await fetch(`${system.url}/staff/pages/index.js`)).status).toBe(404);
  });
});
