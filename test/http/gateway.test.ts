import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SignJWT, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, gatewayBodyLimitBytes } from '../../infra/local/gateway.js';
import { createEphemeralIssuerKeys, localAudience, localIssuer, mintToken } from '../../infra/local/issuer.js';
import { projectRoot } from '../../infra/local/runtime.js';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
});
afterAll(async () => system.stop());

const port = () => Number(new URL(system.url).port);

/** One raw HTTP/1.1 exchange on its own socket: what the server wrote until it closed the connection. */
function rawExchange(url: string, text: string): Promise<string> {
  const { port: target } = new URL(url);
  return new Promise((resolveExchange, reject) => {
    const socket = connect(Number(target), '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolveExchange(received));
  });
}

function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request with node:http, body bytes as sent; the promise fails on any socket error (ECONNRESET…). */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer; agent?: Agent } = {},
): Promise<RawAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port: port(), method, path, headers: options.headers, agent: options.agent },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolveAnswer({ status: incoming.statusCode!, headers: incoming.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const errorShape = (code: string) => ({ error: { code, message: expect.any(String), details: [] } });

describe('the local gateway answers as API Gateway would', () => {
  it('answers 405 with an Allow header listing the path’s methods to another method on a known path, before any token check', async () => {
    const deleted = await system.request('DELETE', '/referrals');
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect(deleted.body).toEqual(errorShape('METHOD_NOT_ALLOWED'));
    expect(deleted.body.error.message).toMatch(/méthode/);

    const put = await system.request('PUT', '/referrals/00000000-0000-4000-8000-000000000000/decision', { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('OPTIONS, POST');
    expect((await system.request('POST', '/health')).headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers HEAD on a GET route with the headers of the GET and no body', async () => {
    const get = await send('GET', '/health');
    const head = await send('HEAD', '/health');
    expect(get.status).toBe(200);
    expect(head.status).toBe(200);
    expect(get.body.length).toBeGreaterThan(0);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'cache-control']) expect(head.headers[name]).toBe(get.headers[name]);
    expect(Number(head.headers['content-length'])).toBe(get.body.length);

    const guarded = await send('HEAD', '/referrals?status=received');
    expect(guarded.status).toBe(401);
    expect(guarded.body.length).toBe(0);
    const manager = await system.token('m1', 'manager');
    const allowed = await send('HEAD', '/referrals?status=received', { headers: { authorization: `Bearer ${manager}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.body.length).toBe(0);
  });

  it.each([
    ['a target naming a host', 'GET //127.0.0.1/health HTTP/1.1'],
    ['a path starting with //', 'GET //health HTTP/1.1'],
    ['a path with an empty segment', 'GET /referrals//decision HTTP/1.1'],
    ['a trailing empty segment', 'GET /health/ HTTP/1.1'],
  ])('answers 404 to %s rather than route it to another path', async (_case, requestLine) => {
    const raw = await rawExchange(system.url, `${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(statusOf(raw)).toBe(404);
    expect(raw).toContain('"code":"NOT_FOUND"');
  });

  it('answers the CORS preflight of a route with the allowed methods and headers, and 404 for a path that is no route', async () => {
    const preflight = await system.request('OPTIONS', '/referrals', {
      headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Idempotency-Key');
    expect(preflight.headers.get('access-control-max-age')).toBe('3600');
    // Locally the pages are served from the same origin: no origin is configured, none is allowed.
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const unknown = await system.request('OPTIONS', '/nowhere', { headers: { 'access-control-request-method': 'GET' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorShape('NOT_FOUND'));
  });

  it('answers a request it cannot read in the error shape too: headers too large (431), a broken request line (400)', async () => {
    const huge = await rawExchange(system.url, `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(statusOf(huge)).toBe(431);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toEqual(errorShape('HEADERS_TOO_LARGE'));
    const broken = await rawExchange(system.url, 'NOT A REQUEST\r\n\r\n');
    expect(statusOf(broken)).toBe(400);
    expect(JSON.parse(broken.slice(broken.indexOf('\r\n\r\n') + 4))).toEqual(errorShape('BAD_REQUEST'));
  });

  it('serves the pages with the security headers CloudFront gives them on AWS', async () => {
    for (const path of ['/', '/staff/']) {
      const page = await send('GET', path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(page.headers, path).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
    }
  });

  it('answers only to its loopback names, so that a page whose name was rebound to 127.0.0.1 reads nothing (421)', async () => {
    for (const path of ['/health', '/config.json', '/oauth2/authorize', '/staff/', '/referrals?status=received']) {
      const rebound = await send('GET', path, { headers: { host: `rebind.attacker.example:${port()}` } });
      expect(rebound.status, path).toBe(421);
      expect(JSON.parse(rebound.body.toString('utf8'))).toEqual(errorShape('MISDIRECTED_REQUEST'));
    }
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST:${port()}`, `[::1]:${port()}`]) {
      expect((await send('GET', '/health', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('tells a caller without a valid token to send a bearer token (WWW-Authenticate on the 401)', async () => {
    const answer = await system.request('GET', '/referrals?status=received', { token: 'not-a-jwt' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toEqual(errorShape('UNAUTHENTICATED'));
  });

  it.each([
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=latin1' }, /UTF-8/],
    ['a quoted charset other than UTF-8', { 'content-type': 'application/json; charset="ISO-8859-1"' }, /UTF-8/],
    ['a gzip Content-Encoding', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, /compression/],
    ['a br Content-Encoding', { 'content-type': 'application/json', 'content-encoding': 'br' }, /compression/],
    [
      'encodings stacked on identity',
      { 'content-type': 'application/json', 'content-encoding': 'identity, deflate' },
      /compression/,
    ],
  ])('answers 415 to a body sent with %s', async (_case, headers, message) => {
    const answer = await system.request('POST', '/referrals', { rawBody: JSON.stringify(validReferral()), headers });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(errorShape('UNSUPPORTED_MEDIA_TYPE'));
    expect(answer.body.error.message).toMatch(message);
  });

  it('takes a JSON body declared as UTF-8 or with the identity encoding', async () => {
    const declarations: Record<string, string>[] = [
      { 'content-type': 'application/json; charset=UTF-8' },
      { 'content-type': 'application/json;charset=utf-8', 'content-encoding': 'identity' },
    ];
    for (const headers of declarations) {
      const answer = await system.request('POST', '/referrals', { rawBody: JSON.stringify(validReferral()), headers });
      expect(answer.status).toBe(201);
    }
  });

  it('refuses, naming each field, the texts whose bytes were not UTF-8 (Latin-1 sent as JSON without a charset)', async () => {
    const json = JSON.stringify({ ...validReferral(), message: 'Loyer payé en retard' });
    const latin1 = Buffer.from(json, 'latin1');
    const answer = await send('POST', '/referrals', { headers: { 'content-type': 'application/json' }, body: latin1 });
    expect(answer.status).toBe(422);
    const body = JSON.parse(answer.body.toString('utf8'));
    expect(body.error.code).toBe('VALIDATION_FAILED');
    // Every text with an accent came out garbled; each is named, the message among them.
    expect(body.error.details).toContainEqual({ path: 'message', message: expect.stringMatching(/pas été envoyé en UTF-8/) });
    for (const detail of body.error.details) expect(detail.message).toMatch(/pas été envoyé en UTF-8/);
  });

  it('answers 413 to a body over API Gateway’s limit with Connection: close, then closes without a reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooLarge = await send('POST', '/referrals', {
        agent,
        headers: { 'content-type': 'application/json' },
        body: Buffer.alloc(gatewayBodyLimitBytes + 1024, 0x20),
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.connection).toBe('close');
      expect(JSON.parse(tooLarge.body.toString('utf8'))).toEqual(errorShape('PAYLOAD_TOO_LARGE'));
      // The same keep-alive agent goes on: its next request is answered, not reset.
      const next = await send('GET', '/health', { agent });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('the local gateway, with its own limits', () => {
  const requestTimeoutMs = 1_000;
  let url: string;
  let server: ReturnType<typeof createGateway>;

  beforeAll(async () => {
    server = createGateway({
      projectRoot,
      issuerKeys: await createEphemeralIssuerKeys(),
      webRoot: resolve(projectRoot, 'web'),
      allowedOrigin: 'https://pages.example.fr',
      requestTimeoutMs,
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  });

  it('drops a client that sends the headers and then none of the body it announced, within the limit', async () => {
    const started = Date.now();
    const raw = await rawExchange(
      url,
      'POST /referrals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ref',
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(requestTimeoutMs - 100);
    expect(elapsed).toBeLessThan(requestTimeoutMs + 2_000);
    if (raw !== '') expect(statusOf(raw)).toBe(408);
  });

  it('drops a client that never finishes its headers, within the limit', async () => {
    const started = Date.now();
    await rawExchange(url, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(Date.now() - started).toBeLessThan(requestTimeoutMs + 2_000);
  });

  it('names the configured origin in its preflights and in its own errors', async () => {
    const preflight = await fetch(`${url}/referrals`, { method: 'OPTIONS', headers: { origin: 'https://pages.example.fr' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://pages.example.fr');
    expect(preflight.headers.get('vary')).toBe('Origin');
    const notAllowed = await fetch(`${url}/referrals`, { method: 'PATCH' });
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.get('access-control-allow-origin')).toBe('https://pages.example.fr');
  });
});

describe('tokens the local authorizer refuses, and groups taken whole', () => {
  const seconds = () => Math.floor(Date.now() / 1000);

  async function forged(payload: Record<string, unknown>): Promise<string> {
    const privateKey = await importJWK(system.issuerKeys.privateJwk, 'ES256');
    return new SignJWT({ token_use: 'id', ...payload })
      .setProtectedHeader({ alg: 'ES256', kid: system.issuerKeys.privateJwk.kid!, typ: 'JWT' })
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .sign(privateKey);
  }

  it('answers 403 on a manager route to a token whose one group is named "worker,manager"', async () => {
    const token = await forged({ sub: 'w1', 'cognito:groups': ['worker,manager'], iat: seconds(), exp: seconds() + 600 });
    const answer = await system.request('GET', '/referrals?status=received', { token });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(errorShape('FORBIDDEN'));
  });

  it('still lets a token holding both groups, as two names, act as a manager', async () => {
    const token = await system.token('m2', 'worker', 'manager');
    expect((await system.request('GET', '/referrals?status=received', { token })).status).toBe(200);
  });

  it.each([
    ['has no exp', async () => forged({ sub: 'm1', 'cognito:groups': ['manager'], iat: seconds() })],
    ['has no iat', async () => forged({ sub: 'm1', 'cognito:groups': ['manager'], exp: seconds() + 600 })],
    [
      'lives two hours',
      async () => mintToken(system.issuerKeys, { sub: 'm1', groups: ['manager'], lifetimeSeconds: 2 * 60 * 60 }),
    ],
    [
      'was issued five minutes from now',
      async () => mintToken(system.issuerKeys, { sub: 'm1', groups: ['manager'] }, new Date(Date.now() + 5 * 60 * 1000)),
    ],
  ])('answers 401 to a token that %s', async (_case, make) => {
    const answer = await system.request('GET', '/referrals?status=received', { token: await make() });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });
});
