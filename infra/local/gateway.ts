import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { gatewayErrors, type GatewayErrorBody } from '../gateway-errors.js';
import { allowedMethods, cors, routes, type RouteDeclaration, type RouteId } from '../manifest.js';
import type { BuiltFile } from '../web-build.js';
import { verifyToken, type IssuerKeys } from './issuer.js';
import type { LocalSignIn } from './sign-in.js';

/** API Gateway's own limit on a request body; the handlers enforce the contract's 64 KB. */
export const gatewayBodyLimitBytes = 10 * 1024 * 1024;

/** Time a client has to send a whole request (headers and body) before its socket is closed. */
const defaultRequestTimeoutMs = 10_000;
/** How long an idle kept-alive connection stays open between two requests. */
const keepAliveTimeoutMs = 5_000;

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface CompiledRoute {
  id: RouteId;
  declaration: RouteDeclaration;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(id: RouteId, declaration: RouteDeclaration): CompiledRoute {
  const parameterNames: string[] = [];
  const source = declaration.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_match, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { id, declaration, pattern: new RegExp(`^${source}$`), parameterNames };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** A path segment as API Gateway decodes it; null when the client sent a broken escape (answered 404). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The names this machine's own pages and commands reach the runtime by. The server listens on
 * 127.0.0.1 only, but a web page elsewhere can still make its own name resolve to 127.0.0.1 (DNS
 * rebinding) and so become same-origin with the runtime; its requests then carry its own name in
 * `Host`, and are refused. A request without `Host` comes from no browser.
 */
const loopbackHost = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

function isLoopbackHost(host: string | undefined): boolean {
  return host === undefined || loopbackHost.test(host);
}

const misdirectedMessage =
  'Cette installation locale ne répond qu’aux adresses http://127.0.0.1 et http://localhost : ouvrez-la par l’une d’elles.';

function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(text);
}

/**
 * The whole body; past API Gateway's limit the rest is still read (and dropped) until the client has
 * sent it all, so that the 413 can be answered and the socket closed without resetting a connection
 * the client is still writing to. The request timeout bounds how long that may take.
 */
export async function readBody(
  request: IncomingMessage,
  limitBytes = gatewayBodyLimitBytes,
): Promise<Buffer | 'too-large' | 'aborted'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size <= limitBytes) chunks.push(chunk as Buffer);
    }
  } catch {
    return 'aborted';
  }
  if (size > limitBytes) return 'too-large';
  return Buffer.concat(chunks);
}

/**
 * Path and query of a request target in origin form. A target that is not (`//host/path`, an
 * absolute URL, `*`) or a path with an empty segment is never routed to another path: null (404).
 */
function parseTarget(target: string): { pathname: string; search: URLSearchParams } | null {
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
  if (!pathname.startsWith('/')) return null;
  // `/staff/` is the staff pages' address (infra/web-build.ts): the one path that ends with a slash.
  if (
    pathname !== '/' &&
    pathname !== '/staff/' &&
    pathname
      .slice(1)
      .split('/')
      .some((segment) => segment === '')
  )
    return null;
  return { pathname, search: new URLSearchParams(query) };
}

function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 29_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface GatewayOptions {
  projectRoot: string;
  issuerKeys: IssuerKeys;
  /** Folder of static pages served for every path that is not an API route. */
  webRoot: string;
  /** Loads a handler module; the default imports the manifest's entry. */
  loadHandler?: (entry: string) => Promise<LambdaHandler>;
  /** The web pages' origin for CORS, as on AWS; default ALLOWED_ORIGIN, absent locally (same origin). */
  allowedOrigin?: string | undefined;
  /** Time a client has to send a whole request; default 10 s. Headers must arrive within it too. */
  requestTimeoutMs?: number;
  /**
   * The staff pages as built (infra/web-build.ts), served under `/staff/` instead of web/staff/'s
   * sources; `page` is true when the page itself (`/staff/`) is asked for, not one of its assets.
   */
  staffApp?: (page: boolean) => Promise<BuiltFile[]>;
  /** The local issuer's sign-in endpoints and the pages' config.json (infra/local/sign-in.ts). */
  signIn?: LocalSignIn;
}

/**
 * An API Gateway REST API on this machine: routes from the manifest, JWTs checked as the Cognito
 * authorizer would, the same proxy events and results as on AWS, and the static pages of web/.
 */
export function createGateway(options: GatewayOptions): Server {
  const compiled = (Object.entries(routes) as [RouteId, RouteDeclaration][]).map(([id, declaration]) => compile(id, declaration));
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const load =
    options.loadHandler ??
    (async (entry: string) => ((await import(resolve(options.projectRoot, entry))) as { handler: LambdaHandler }).handler);
  const handlerFor = (entry: string) => {
    let handler = handlers.get(entry);
    if (!handler) {
      handler = load(entry);
      handlers.set(entry, handler);
    }
    return handler;
  };

  const sendFile = (response: ServerResponse, name: string, content: Uint8Array) => {
    response.writeHead(200, {
      'Content-Type': contentTypes[extname(name)] ?? 'application/octet-stream',
      'Content-Length': String(content.length),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      // As CloudFront's response headers policy sets them (infra/aws/web-stack.ts), HSTS aside (plain HTTP here).
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    response.end(content);
  };

  /** Under `/staff/`, only what the build made (its sources are not pages); `/staff/` is its index.html. */
  async function serveStaffApp(pathname: string, response: ServerResponse): Promise<boolean> {
    if (!options.staffApp) return false;
    const wanted = pathname === '/staff/' ? 'staff/index.html' : pathname.slice(1);
    const file = (await options.staffApp(pathname === '/staff/')).find((built) => built.path === wanted);
    if (!file) return false;
    sendFile(response, file.path, file.content);
    return true;
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<boolean> {
    if (options.staffApp && pathname.startsWith('/staff/')) return serveStaffApp(pathname, response);
    const requested = pathname === '/' ? '/index.html' : decodeSegment(pathname);
    if (requested === null) return false;
    const file = normalize(join(options.webRoot, requested));
    if (!file.startsWith(options.webRoot + sep)) return false;
    try {
      sendFile(response, file, await readFile(file));
      return true;
    } catch {
      return false;
    }
  }

  const allowedOrigin = 'allowedOrigin' in options ? options.allowedOrigin : process.env.ALLOWED_ORIGIN || undefined;
  /** What API Gateway adds to the answers it makes itself (gateway responses, preflights). */
  const corsOrigin: Record<string, string> = allowedOrigin
    ? { 'Access-Control-Allow-Origin': allowedOrigin, Vary: 'Origin' }
    : {};

  function sendGatewayError(response: ServerResponse, error: GatewayErrorBody, headers: Record<string, string> = {}): void {
    sendJson(
      response,
      error.statusCode,
      { error: { code: error.code, message: error.message, details: [] } },
      {
        ...corsOrigin,
        ...headers,
      },
    );
  }

  /** The CORS preflight API Gateway answers on every resource (a MOCK integration the CDK app declares). */
  function sendPreflight(response: ServerResponse): void {
    response.writeHead(204, {
      ...corsOrigin,
      'Access-Control-Allow-Headers': cors.allowHeaders.join(','),
      'Access-Control-Allow-Methods': cors.allowMethods.join(','),
      'Access-Control-Max-Age': String(cors.maxAgeSeconds),
    });
    response.end();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isLoopbackHost(request.headers.host)) {
      sendJson(response, 421, { error: { code: 'MISDIRECTED_REQUEST', message: misdirectedMessage, details: [] } });
      return;
    }
    const target = parseTarget(request.url ?? '/');
    if (!target) {
      sendGatewayError(response, gatewayErrors.notFound);
      return;
    }
    const { pathname, search } = target;
    const method = (request.method ?? 'GET').toUpperCase();
    // API Gateway gets a HEAD method next to each GET, with the same function and authorizer.
    const routedMethod = method === 'HEAD' ? 'GET' : method;
    let resource: string | undefined;
    let match: { route: CompiledRoute; parameters: Record<string, string> } | undefined;
    for (const route of compiled) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const values = route.parameterNames.map((_name, index) => decodeSegment(found[index + 1]!));
      if (values.some((value) => value === null)) continue;
      resource ??= route.declaration.path;
      if (route.declaration.method === routedMethod) {
        match = { route, parameters: Object.fromEntries(route.parameterNames.map((name, index) => [name, values[index]!])) };
        break;
      }
    }
    if (!match) {
      if (resource && method === 'OPTIONS') sendPreflight(response);
      else if (resource)
        sendGatewayError(response, gatewayErrors.methodNotAllowed, { Allow: allowedMethods(resource).join(', ') });
      else if (options.signIn && (await options.signIn.handle(request, response, pathname, search))) return;
      else if (!((method === 'GET' || method === 'HEAD') && (await serveStatic(pathname, response)))) {
        sendGatewayError(response, gatewayErrors.notFound);
      }
      return;
    }

    const { route, parameters } = match;
    let claims: Record<string, string> | null = null;
    if (route.declaration.access !== 'public') {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      claims = token ? await verifyToken(options.issuerKeys, token) : null;
      if (!claims) {
        sendGatewayError(response, gatewayErrors.unauthorized, { 'WWW-Authenticate': 'Bearer' });
        return;
      }
    }
    const body = await readBody(request);
    if (body === 'aborted') return;
    if (body === 'too-large') {
      // The whole body has been read: closing now sends a FIN after the answer, not a reset.
      sendGatewayError(response, gatewayErrors.tooLarge, { Connection: 'close' });
      return;
    }

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(request.headersDistinct)) {
      if (!value) continue;
      headers[name] = value.join(',');
      multiValueHeaders[name] = value;
    }
    // API Gateway sets the scheme the client used, whatever the client claimed: here, plain HTTP.
    headers['x-forwarded-proto'] = 'http';
    multiValueHeaders['x-forwarded-proto'] = ['http'];
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [name, value] of search) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    const hasQuery = Object.keys(query).length > 0;
    const requestId = randomUUID();
    const event: APIGatewayProxyEvent = {
      resource: route.declaration.path,
      path: pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: hasQuery ? query : null,
      multiValueQueryStringParameters: hasQuery ? multiQuery : null,
      pathParameters: route.parameterNames.length > 0 ? parameters : null,
      stageVariables: null,
      body: body.length > 0 ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: `HTTP/${request.httpVersion}`,
        httpMethod: method,
        identity: {
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: request.headers['user-agent'] ?? null,
        } as APIGatewayProxyEvent['requestContext']['identity'],
        // The path the client asked for, as API Gateway gives it (with the stage there, none here).
        path: pathname,
        domainName: request.headers.host,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.id,
        resourcePath: route.declaration.path,
      },
    };
    const handler = await handlerFor(route.declaration.entry);
    const result = await handler(event, lambdaContext(route.id));
    const responseHeaders: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) responseHeaders[name] = values.map(String);
    const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
    // The length a GET answer has, on a HEAD answer too (Node sends no body for HEAD).
    if (!Object.keys(responseHeaders).some((name) => name.toLowerCase() === 'content-length')) {
      responseHeaders['Content-Length'] = String(payload.length);
    }
    response.writeHead(result.statusCode, responseHeaders);
    response.end(payload);
  }

  const requestTimeout = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      keepAliveTimeout: Math.min(keepAliveTimeoutMs, requestTimeout),
      // How often Node looks for requests past their time (default 30 s: far longer than the limit).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 4))),
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        process.stderr.write(`[passerelle locale] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        if (!response.headersSent) {
          sendJson(response, 502, { error: { code: 'BAD_GATEWAY', message: 'La fonction a échoué.', details: [] } });
        } else response.end();
      });
    },
  );
  server.on('clientError', answerMalformedRequest);
  return server;
}

/** What Node answers itself to a request it cannot read, in API.md's error shape rather than an empty body. */
const unreadableRequests: Record<string, { statusCode: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    statusCode: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'Les en-têtes de la requête (adresse comprise) sont trop volumineux.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    statusCode: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'La requête n’est pas arrivée entière à temps.',
  },
};

function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler: a socket already closed, or answering, is only destroyed.
  const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const known = unreadableRequests[error.code ?? ''] ?? {
    statusCode: 400,
    code: 'BAD_REQUEST',
    message: 'La requête HTTP est mal formée.',
  };
  const body = JSON.stringify({ error: { code: known.code, message: known.message, details: [] } });
  socket.end(
    `HTTP/1.1 ${known.statusCode} ${STATUS_CODES[known.statusCode]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}
