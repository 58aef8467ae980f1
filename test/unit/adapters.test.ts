import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createServer, type Socket } from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { SignJWT, decodeJwt, importJWK } from 'jose';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { callerOf } from '../../functions/shared/caller.js';
import { freePort } from '../../infra/local/dynamodb-local.js';
import {
  createEphemeralIssuerKeys,
  localAudience,
  localIssuer,
  mintToken,
  verifyToken,
  type IssuerKeys,
} from '../../infra/local/issuer.js';
import { idTokenValiditySeconds } from '../../infra/manifest.js';
import { createClient } from '../../lib/store/client.js';

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/',
    path: '/',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { authorizer: null } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

const withClaims = (claims: Record<string, unknown>) =>
  event({ requestContext: { authorizer: { claims } } as unknown as APIGatewayProxyEvent['requestContext'] });

/** Claims dated as the REST authorizer writes them (Java's Date.toString in UTC). */
const now = new Date('2026-03-10T09:00:00Z');
const issued = { iat: 'Tue Mar 10 08:30:00 UTC 2026', exp: 'Tue Mar 10 09:30:00 UTC 2026' };

describe('reading the caller from the Cognito authorizer claims', () => {
  it.each([
    ['a single group, bare', 'manager', ['manager']],
    ['several groups joined by commas, as the REST authorizer passes them', 'worker,manager', ['worker', 'manager']],
    ['an unknown group, ignored', 'superuser', []],
  ])('understands %s', (_shape, groups, expected) => {
    expect(callerOf(withClaims({ sub: 'u1', ...issued, 'cognito:groups': groups }), now)).toEqual({ id: 'u1', groups: expected });
  });

  it.each([
    ['the HTTP API form, in brackets', '[worker manager]'],
    ['names separated by spaces', 'worker manager'],
    ['a name with spaces around it', ' manager '],
    ['a name in another case', 'Manager'],
    ['a JSON array as text', '["manager"]'],
    ['an array instead of a string', ['manager']],
  ])('grants no group from %s: names are taken whole', (_shape, groups) => {
    expect(callerOf(withClaims({ sub: 'u1', ...issued, 'cognito:groups': groups }), now)).toEqual({ id: 'u1', groups: [] });
  });

  it('takes the staff id from cognito:username when present, as Cognito chooses the sub itself', () => {
    const claims = {
      sub: '0f5e3a52-4c7b-4a5e-9a63-1b2c3d4e5f60',
      'cognito:username': 'w-lucie',
      ...issued,
      'cognito:groups': 'worker',
    };
    expect(callerOf(withClaims(claims), now)).toEqual({ id: 'w-lucie', groups: ['worker'] });
  });

  it('sees nobody when there is no sub claim', () => {
    expect(callerOf(event(), now)).toBeNull();
    expect(callerOf(withClaims({ ...issued, 'cognito:groups': 'manager' }), now)).toBeNull();
  });

  it.each([
    ['has no exp', { iat: issued.iat }],
    ['has no iat', { exp: issued.exp }],
    ['has expired', { iat: 'Tue Mar 10 07:30:00 UTC 2026', exp: 'Tue Mar 10 08:30:00 UTC 2026' }],
    ['lives two hours', { iat: 'Tue Mar 10 08:30:00 UTC 2026', exp: 'Tue Mar 10 10:30:00 UTC 2026' }],
    ['was issued two minutes from now', { iat: 'Tue Mar 10 09:02:00 UTC 2026', exp: 'Tue Mar 10 10:00:00 UTC 2026' }],
    ['gives its dates as seconds rather than as the authorizer writes them', { iat: '1773131400', exp: '1773135000' }],
  ])('sees nobody when the token %s', (_case, dates) => {
    expect(callerOf(withClaims({ sub: 'u1', 'cognito:groups': 'manager', ...dates }), now)).toBeNull();
  });

  it('accepts a token issued a few seconds ahead of this clock', () => {
    const ahead = { iat: 'Tue Mar 10 09:00:30 UTC 2026', exp: 'Tue Mar 10 10:00:30 UTC 2026' };
    expect(callerOf(withClaims({ sub: 'u1', 'cognito:groups': 'manager', ...ahead }), now)).toEqual({
      id: 'u1',
      groups: ['manager'],
    });
  });
});

describe('the local issuer, as the Cognito authorizer', () => {
  let keys: IssuerKeys;
  beforeAll(async () => {
    keys = await createEphemeralIssuerKeys();
  });

  async function forged(payload: Record<string, unknown>): Promise<string> {
    const privateKey = await importJWK(keys.privateJwk, 'ES256');
    return new SignJWT({ token_use: 'id', ...payload })
      .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid! })
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .sign(privateKey);
  }
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  it('mints tokens for the lifetime the manifest declares', async () => {
    const claims = decodeJwt(await mintToken(keys, { sub: 'm1', groups: ['manager'] }, now));
    expect(claims.exp! - claims.iat!).toBe(idTokenValiditySeconds);
  });

  it('passes the claims as the REST authorizer does: strings, dates in Java’s form, groups joined by commas', async () => {
    const token = await mintToken(keys, { sub: 'm1', groups: ['worker', 'manager'] }, now);
    const claims = await verifyToken(keys, token, now);
    expect(claims).toMatchObject({
      sub: 'm1',
      'cognito:groups': 'worker,manager',
      iat: 'Tue Mar 10 09:00:00 UTC 2026',
      exp: 'Tue Mar 10 10:00:00 UTC 2026',
      token_use: 'id',
    });
    expect(callerOf(withClaims(claims!), now)).toEqual({ id: 'm1', groups: ['worker', 'manager'] });
  });

  it('passes no group claim rather than read one name holding a comma as two groups', async () => {
    const token = await forged({ sub: 'w1', 'cognito:groups': ['worker,manager'], iat: seconds(now), exp: seconds(now) + 600 });
    const claims = await verifyToken(keys, token, now);
    expect(claims).not.toBeNull();
    expect(claims).not.toHaveProperty('cognito:groups');
    expect(callerOf(withClaims(claims!), now)).toEqual({ id: 'w1', groups: [] });
  });

  it.each([
    ['without exp', { iat: seconds(now) }],
    ['without iat', { exp: seconds(now) + 600 }],
    ['living two hours', { iat: seconds(now), exp: seconds(now) + 2 * 60 * 60 }],
    ['issued five minutes from now', { iat: seconds(now) + 300, exp: seconds(now) + 900 }],
    ['expired', { iat: seconds(now) - 3600, exp: seconds(now) - 1 }],
  ])('refuses a token %s', async (_case, dates) => {
    expect(await verifyToken(keys, await forged({ sub: 'm1', 'cognito:groups': ['manager'], ...dates }), now)).toBeNull();
  });
});

describe('handlers that do not touch the table', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.unstubAllEnvs();
  });

  it('describe the referral form for the configured policy without any table setting', async () => {
    vi.stubEnv('ASLL_POLICY', 'asell-intensif');
    vi.stubEnv('TABLE_NAME', undefined);
    const { handler } = await import('../../functions/referral-form.js');
    const result = await handler(event({ path: '/referral-form' }), {} as Context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).allowedReferrerKinds).toEqual(['travailleur_social']);
  });

  it('answer with the CORS origin of the web pages when one is configured', async () => {
    vi.stubEnv('ALLOWED_ORIGIN', 'https://d111111abcdef8.cloudfront.net');
    const { handler } = await import('../../functions/openapi.js');
    const result = await handler(event({ path: '/openapi.json' }), {} as Context);
    expect(result.headers?.['Access-Control-Allow-Origin']).toBe('https://d111111abcdef8.cloudfront.net');
  });

  it('let the pages of another origin read the file name of a download (Content-Disposition)', async () => {
    vi.stubEnv('ALLOWED_ORIGIN', 'https://d111111abcdef8.cloudfront.net');
    const { handler } = await import('../../functions/openapi.js');
    const result = await handler(event({ path: '/openapi.json' }), {} as Context);
    // Not a CORS-safelisted response header: without this, fetch() on CloudFront reads it as null.
    expect(result.headers?.['Access-Control-Expose-Headers']).toBe('Content-Disposition');
  });

  it('keep varying with the Origin when an answer varies with a header of its own (GET /measure-form)', async () => {
    vi.stubEnv('ALLOWED_ORIGIN', 'https://d111111abcdef8.cloudfront.net');
    const { toResult } = await import('../../functions/shared/api-handler.js');
    const result = toResult({ statusCode: 200, body: {}, headers: { Vary: 'Authorization' } });
    expect(result.headers?.Vary).toBe('Origin, Authorization');
  });

  it('hide the cause of an unexpected failure behind a generic French 500', async () => {
    vi.stubEnv('ASLL_POLICY', 'atlantide');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { handler } = await import('../../functions/referral-form.js');
    const result = await handler(event({ path: '/referral-form' }), {} as Context);
    write.mockRestore();
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'INTERNAL', message: 'Une erreur interne est survenue. Réessayez plus tard.', details: [] },
    });
  });
});

describe('a database that cannot be reached', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.unstubAllEnvs();
  });

  const unavailable = {
    error: {
      code: 'SERVICE_UNAVAILABLE',
      message: 'La base de données est momentanément injoignable : réessayez dans quelques instants.',
      details: [],
    },
  };

  it('makes the health check answer 503 unavailable', async () => {
    vi.stubEnv('TABLE_NAME', 'asll-health');
    vi.stubEnv('DYNAMODB_ENDPOINT', `http://127.0.0.1:${await freePort()}`); // nothing listens there
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { handler } = await import('../../functions/health.js');
    const result = await handler(event({ path: '/health' }), {} as Context);
    write.mockRestore();
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual({ status: 'unavailable' });
  });

  it('turns the SDK’s refused connection into a French 503, not a 500', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { apiHandler } = await import('../../functions/shared/api-handler.js');
    const client = createClient({ region: 'eu-west-3', endpoint: `http://127.0.0.1:${await freePort()}` });
    const handler = apiHandler({ route: 'openapi' }, async () => {
      await client.send(new DescribeTableCommand({ TableName: 'asll' }));
      return {};
    });
    const result = await handler(event({ path: '/openapi.json' }), {} as Context);
    write.mockRestore();
    client.destroy();
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual(unavailable);
  });

  it('answers 503 within seconds when the database accepts connections but never answers', { timeout: 20_000 }, async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as { port: number };
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { apiHandler } = await import('../../functions/shared/api-handler.js');
    const client = createClient({ region: 'eu-west-3', endpoint: `http://127.0.0.1:${port}` });
    const handler = apiHandler({ route: 'openapi' }, async () => {
      await client.send(new DescribeTableCommand({ TableName: 'asll' }));
      return {};
    });
    const started = Date.now();
    const result = await handler(event({ path: '/openapi.json' }), {} as Context);
    const elapsed = Date.now() - started;
    write.mockRestore();
    client.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual(unavailable);
    // Three attempts of 2.5 s at most, below the functions' 10 s timeout.
    expect(elapsed).toBeLessThan(9000);
  });
});
