import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { maxBodyBytes, routes, type RouteId } from '../../infra/manifest.js';
import {
  AppError,
  internalErrorMessage,
  ForbiddenError,
  isDatabaseUnreachable,
  MalformedJsonError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from '../../lib/errors.js';
import { getConfig } from '../../lib/config.js';
import { callerOf, type Caller } from './caller.js';
import { logger } from './logger.js';

export interface ApiRequest {
  event: APIGatewayProxyEvent;
  /** The authenticated caller; null only on public routes. */
  caller: Caller | null;
  /** The parsed JSON body, on routes that take one. */
  body: unknown;
  /** The body exactly as sent, for idempotency fingerprints. */
  rawBody: string;
}

export interface ApiResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Middleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** What the middlewares learnt about a request, handed to the route's function. */
const prepared = new WeakMap<APIGatewayProxyEvent, ApiRequest>();

const baseHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

function corsHeaders(): Record<string, string> {
  let origin: string | undefined;
  try {
    origin = getConfig().allowedOrigin;
  } catch {
    // A broken configuration is logged by the error handler; the answer must still go out.
    return {};
  }
  return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
}

export function toResult(response: ApiResponse): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode,
    headers: { ...baseHeaders, ...corsHeaders(), ...response.headers },
    body: JSON.stringify(response.body),
  };
}

export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** Maps every error to API.md's shape; anything unexpected becomes a 500 that says nothing more. */
const errorResponses = (): Middleware => ({
  onError: (request) => {
    let error: unknown = request.error;
    if (isDatabaseUnreachable(error)) {
      logger.error('database unreachable', { error: { name: error.name, message: error.message } });
      error = new ServiceUnavailableError();
    }
    if (error instanceof AppError) {
      request.response = toResult({
        statusCode: error.statusCode,
        body: { error: { code: error.code, message: error.message, details: error.details } },
      });
      return;
    }
    logger.error('unexpected error', {
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
    request.response = toResult({
      statusCode: 500,
      body: { error: { code: 'INTERNAL', message: internalErrorMessage, details: [] } },
    });
  },
});

/** Checks the caller's groups against the route's (API Gateway has already checked the token). */
function authorization(routeId: RouteId): Middleware {
  const access: 'public' | readonly string[] = routes[routeId].access;
  return {
    before: (request) => {
      const caller = callerOf(request.event);
      if (access !== 'public') {
        if (!caller) throw new UnauthenticatedError();
        if (!caller.groups.some((group) => access.includes(group))) throw new ForbiddenError();
      }
      prepared.set(request.event, { event: request.event, caller, body: undefined, rawBody: '' });
    },
  };
}

function decodeBody(event: APIGatewayProxyEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/** Size, media type and JSON syntax of the body, in that order, on routes that take one. */
function jsonBody(routeId: RouteId): Middleware {
  const takesBody = routes[routeId].method === 'POST';
  return {
    before: (request) => {
      if (!takesBody) return;
      const rawBody = decodeBody(request.event);
      if (Buffer.byteLength(rawBody, 'utf8') > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      const mediaType = header(request.event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json') throw new UnsupportedMediaTypeError();
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new MalformedJsonError();
      }
      const known = prepared.get(request.event);
      if (known) prepared.set(request.event, { ...known, body, rawBody });
    },
  };
}

/**
 * A route handler: middy with error mapping, authorization and body parsing, then the route's
 * own function, which validates with zod, calls the domain and the store, and answers.
 */
export function apiHandler(routeId: RouteId, handle: (request: ApiRequest) => Promise<ApiResponse>) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(errorResponses())
    .use(authorization(routeId))
    .use(jsonBody(routeId))
    .handler(async (event) => {
      const request = prepared.get(event);
      if (!request) throw new Error('request was not prepared by the middlewares');
      return toResult(await handle(request));
    });
}
