import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

const event = (claims?: Record<string, string>) =>
  ({
    path: '/openapi.json',
    httpMethod: 'GET',
    headers: {},
    requestContext: { requestId: 'gw-1', authorizer: claims ? { claims } : null },
  }) as unknown as APIGatewayProxyEvent;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('the request log', () => {
  it('writes one JSON line per request with ids, route, caller id, status, duration and the cold start', async () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await import('../../functions/openapi.js');
    await handler(event(), { awsRequestId: 'req-1' } as Context);
    await handler(event(), { awsRequestId: 'req-2' } as Context);
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      level: 'info',
      requestId: 'req-1',
      gatewayRequestId: 'gw-1',
      route: 'GET /openapi.json',
      callerId: null,
      status: 200,
      coldStart: true,
      durationMs: expect.any(Number),
    });
    expect(requests[1]).toMatchObject({ requestId: 'req-2', coldStart: false });
  });

  it('names the caller by id only, never by name or email', async () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await import('../../functions/openapi.js');
    const now = new Date();
    const javaDate = (date: Date) => date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4');
    await handler(
      event({
        sub: 'w-lucie',
        name: 'Lucie Bernard',
        email: 'lucie@example.fr',
        'cognito:groups': 'worker',
        iat: javaDate(new Date(now.getTime() - 1000)),
        exp: javaDate(new Date(now.getTime() + 3_000_000)),
      }),
      { awsRequestId: 'req-3' } as Context,
    );
    const line = lines.find((text) => text.includes('"request"'))!;
    expect(JSON.parse(line).callerId).toBe('w-lucie');
    expect(line).not.toMatch(/Lucie Bernard|lucie@example/);
  });
});
