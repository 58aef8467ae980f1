import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { gatewayErrors, type GatewayErrorBody } from '../gateway-errors.js';
import { routes, type RouteDeclaration, type RouteId } from '../manifest.js';
import { verifyToken, type IssuerKeys } from './issuer.js';

/** API Gateway's own limit on a request body; the handlers enforce the contract's 64 KB. */
const gatewayBodyLimitBytes = 10 * 1024 * 1024;

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
};

/** A path segment as API Gateway decodes it; null when the client sent a broken escape (answered 404). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendGatewayError(response: ServerResponse, error: GatewayErrorBody): void {
  sendJson(response, error.statusCode, { error: { code: error.code, message: error.message, details: [] } });
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > gatewayBodyLimitBytes) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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

  async function serveStatic(url: URL, response: ServerResponse): Promise<boolean> {
    const requested = url.pathname === '/' ? '/index.html' : decodeSegment(url.pathname);
    if (requested === null) return false;
    const file = normalize(join(options.webRoot, requested));
    if (!file.startsWith(options.webRoot + sep)) return false;
    try {
      const content = await readFile(file);
      response.writeHead(200, {
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
      });
      response.end(content);
      return true;
    } catch {
      return false;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    let match: { route: CompiledRoute; parameters: Record<string, string> } | undefined;
    for (const route of compiled) {
      const found = route.pattern.exec(url.pathname);
      if (found && route.declaration.method === method) {
        const values = route.parameterNames.map((_name, index) => decodeSegment(found[index + 1]!));
        if (values.some((value) => value === null)) break;
        match = { route, parameters: Object.fromEntries(route.parameterNames.map((name, index) => [name, values[index]!])) };
        break;
      }
    }
    if (!match) {
      if ((method === 'GET' || method === 'HEAD') && (await serveStatic(url, response))) return;
      sendGatewayError(response, gatewayErrors.notFound);
      return;
    }

    const { route, parameters } = match;
    let claims: Record<string, string> | null = null;
    if (route.declaration.access !== 'public') {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      claims = token ? await verifyToken(options.issuerKeys, token) : null;
      if (!claims) {
        sendGatewayError(response, gatewayErrors.unauthorized);
        return;
      }
    }
    const body = await readBody(request);
    if (body === 'too-large') {
      sendGatewayError(response, gatewayErrors.tooLarge);
      request.destroy();
      return;
    }

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(request.headersDistinct)) {
      if (!value) continue;
      headers[name] = value.join(',');
      multiValueHeaders[name] = value;
    }
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    const hasQuery = Object.keys(query).length > 0;
    const requestId = randomUUID();
    const event: APIGatewayProxyEvent = {
      resource: route.declaration.path,
      path: url.pathname,
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
        path: `/local${url.pathname}`,
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
    response.writeHead(result.statusCode, responseHeaders);
    response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`[passerelle locale] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!response.headersSent) {
        sendJson(response, 502, { error: { code: 'BAD_GATEWAY', message: 'La fonction a échoué.', details: [] } });
      } else response.end();
    });
  });
}
