import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createServer, type Socket } from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callerOf } from '../../functions/shared/caller.js';
import { freePort } from '../../infra/local/dynamodb-local.js';
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

describe('reading the caller from the Cognito authorizer claims', () => {
  it.each([
    ['a single group', 'manager', ['manager']],
    ['groups joined by commas', 'worker,manager', ['worker', 'manager']],
    ['groups in brackets, as API Gateway writes a list', '[worker manager]', ['worker', 'manager']],
    ['a JSON array', ['analyst'], ['analyst']],
    ['an unknown group, ignored', 'superuser', []],
  ])('understands %s', (_shape, groups, expected) => {
    expect(callerOf(withClaims({ sub: 'u1', 'cognito:groups': groups }))).toEqual({ id: 'u1', groups: expected });
  });

  it('sees nobody when there is no sub claim', () => {
    expect(callerOf(event())).toBeNull();
    expect(callerOf(withClaims({ 'cognito:groups': 'manager' }))).toBeNull();
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
    const handler = apiHandler('openapi', async () => {
      await client.send(new DescribeTableCommand({ TableName: 'asll' }));
      return { statusCode: 200, body: {} };
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
    const handler = apiHandler('openapi', async () => {
      await client.send(new DescribeTableCommand({ TableName: 'asll' }));
      return { statusCode: 200, body: {} };
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
