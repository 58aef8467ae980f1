import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callerOf } from '../../functions/shared/caller.js';

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
    const { handler } = await import('../../functions/health.js');
    const result = await handler(event({ path: '/health' }), {} as Context);
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
