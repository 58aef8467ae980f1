import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { maxBodyBytes, methodsWithBody, routes, type RouteDeclaration, type RouteId } from '../../infra/manifest.js';
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
  ValidationError,
} from '../../lib/errors.js';
import { getConfig } from '../../lib/config.js';
import type * as z from 'zod/mini';
import { deactivatedAccount, publicActor } from '../../lib/domain/staff-rules.js';
import { parseOrThrow } from '../../lib/domain/validation.js';
import type { JournalEntry } from '../../lib/store/journal.js';
import { callerOf, type Caller } from './caller.js';
import { staffDirectory } from './staff-directory.js';
import { withRequestLog } from './request-log.js';
import type { RouteContract } from './contract.js';
import { logger } from './logger.js';

/** An answer: its body JSON-encoded, with the JSON headers. */
export interface JsonResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
  raw?: undefined;
}

/**
 * An answer that is not JSON: text (an iCalendar feed, a CSV) sent as it is, or bytes (a
 * spreadsheet) sent base64-encoded with `isBase64Encoded`, which API Gateway decodes back to bytes
 * for the media types the API declares binary (infra/aws/api-stack.ts) and the local gateway always.
 */
export interface RawResponse {
  statusCode: number;
  body: string | Uint8Array;
  headers: Record<string, string> & { 'Content-Type': string };
  raw: true;
}

export type ApiResponse = JsonResponse | RawResponse;

type Middleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** What the middlewares learnt about a request, handed to the route's function. */
interface Prepared {
  caller: Caller | null;
  body: unknown;
  rawBody: string;
}
const prepared = new WeakMap<APIGatewayProxyEvent, Prepared>();

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
  // Cross-origin, a page reads only the safelisted response headers, and the name of a download
  // (GET /stats?format=xlsx) is in Content-Disposition: the pages on CloudFront would lose it.
  return origin
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Content-Disposition', Vary: 'Origin' }
    : {};
}

export function toResult(response: ApiResponse): APIGatewayProxyResult {
  const cors = corsHeaders();
  const headers: Record<string, string> = { ...baseHeaders, ...cors, ...response.headers };
  // An answer that varies with a request header of its own still varies with the Origin.
  if (cors.Vary && response.headers?.Vary) headers.Vary = `${cors.Vary}, ${response.headers.Vary}`;
  const { statusCode } = response;
  if (!response.raw) return { statusCode, headers, body: JSON.stringify(response.body) };
  if (typeof response.body === 'string') return { statusCode, headers, body: response.body };
  const bytes = response.body;
  return {
    statusCode,
    headers,
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    isBase64Encoded: true,
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

/**
 * Checks the caller against the route (API Gateway has already checked the token). A token lives
 * up to an hour and Cognito does not take back the tokens it issued, so on every route that reads
 * the table the staff directory has the last word: a member it says is inactive is refused (401),
 * and only the groups it still gives them count (a group taken away stops at once, 403). A caller
 * the directory does not know keeps the groups of their token, as Cognito issued them (the first
 * administrator, `npm run admin`). The two routes without the table (the forms' descriptions)
 * hold nothing of a person and only check the token's groups.
 */
function authorization(routeId: RouteId): Middleware {
  const route: RouteDeclaration = routes[routeId];
  const access: 'public' | readonly string[] = route.access;
  return {
    before: async (request) => {
      let caller = callerOf(request.event);
      // Kept before the checks, so that the request log names a caller refused with 403 too.
      prepared.set(request.event, { caller, body: undefined, rawBody: '' });
      if (access === 'public') return;
      if (!caller) throw new UnauthenticatedError();
      if (route.table !== 'none') {
        const directory = staffDirectory();
        // Never skipped by mistake: a function that reads the table imports dependencies.ts, which provides it.
        if (!directory) throw new Error(`route ${routeId}: the staff directory was not provided`);
        const member = await directory(caller.id);
        if (member && !member.active) throw new UnauthenticatedError(deactivatedAccount);
        if (member) {
          caller = { ...caller, groups: caller.groups.filter((group) => member.groups.includes(group)) };
          prepared.set(request.event, { caller, body: undefined, rawBody: '' });
        }
      }
      if (!caller.groups.some((group) => access.includes(group))) throw new ForbiddenError();
    },
  };
}

function decodeBody(event: APIGatewayProxyEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

const notUtf8Message = 'Le corps de la requête doit être encodé en UTF-8 (Content-Type: application/json; charset=utf-8).';
const encodedMessage = 'Le corps de la requête doit être envoyé sans compression ni autre codage (Content-Encoding).';

/**
 * The media type of a Content-Type header and its charset parameter (lower case, unquoted); an
 * absent charset is JSON's own, UTF-8 (RFC 8259).
 */
function parseContentType(value: string | undefined): { mediaType: string | undefined; charset: string | undefined } {
  const [mediaType, ...parameters] = (value ?? '').split(';');
  let charset: string | undefined;
  for (const parameter of parameters) {
    const [name, ...rest] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset')
      charset = rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return { mediaType: mediaType?.trim().toLowerCase() || undefined, charset };
}

/** True when every coding the client applied is `identity`: the functions decode no other. */
function isUnencoded(contentEncoding: string | undefined): boolean {
  if (contentEncoding === undefined) return true;
  return contentEncoding.split(',').every((coding) => ['identity', ''].includes(coding.trim().toLowerCase()));
}

const noBodyMessage = 'Cette requête ne prend pas de corps : envoyez-la sans corps, ou avec {}.';

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Size, media type (JSON, in UTF-8, not compressed) and JSON syntax of the body, in that order, on
 * routes that take one. A POST declared without a body (`body: 'none'`) is taken empty, with or
 * without a Content-Type; a body sent all the same must pass the same checks and be `{}`.
 */
function jsonBody(routeId: RouteId): Middleware {
  const route: RouteDeclaration = routes[routeId];
  const takesBody = methodsWithBody.includes(route.method);
  const bodyless = route.body === 'none';
  return {
    before: (request) => {
      if (!takesBody) return;
      const rawBody = decodeBody(request.event);
      if (Buffer.byteLength(rawBody, 'utf8') > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      if (bodyless && rawBody.trim().length === 0) return;
      const { mediaType, charset } = parseContentType(header(request.event, 'content-type'));
      if (mediaType !== 'application/json') throw new UnsupportedMediaTypeError();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new UnsupportedMediaTypeError(notUtf8Message);
      if (!isUnencoded(header(request.event, 'content-encoding'))) throw new UnsupportedMediaTypeError(encodedMessage);
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new MalformedJsonError();
      }
      if (bodyless && !isEmptyObject(body)) throw new ValidationError([{ path: '', message: noBodyMessage }], noBodyMessage);
      const known = prepared.get(request.event);
      if (known) prepared.set(request.event, { ...known, body, rawBody });
    },
  };
}

/** The caller, typed non-null on every route that is not public. */
export type CallerOf<R extends RouteId> = (typeof routes)[R]['access'] extends 'public' ? Caller | null : Caller;

type Output<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ApiRequest<C extends RouteContract = RouteContract> {
  event: APIGatewayProxyEvent;
  caller: CallerOf<C['route']>;
  /** The body, checked against the contract's schema on first read (undefined on routes without one). */
  readonly body: Output<C['body']>;
  /** The query string, checked against the contract's schema. */
  query: Output<C['query']>;
  /** The body exactly as sent, for idempotency fingerprints. */
  rawBody: string;
  /** The instant the request is handled at, read once. */
  now: Date;
  /** This request's line in a file's journal: who, with which groups, when, which route. */
  journal(action: string): JournalEntry;
}

export type Handle<C extends RouteContract, Result> = (request: ApiRequest<C>) => Promise<Result>;
export type Respond<Result> = (result: Result) => ApiResponse;

/** The default answer: 200 with the result as the body. */
export const ok = <Result>(result: Result): ApiResponse => ({ statusCode: 200, body: result });

export function buildRequest<C extends RouteContract>(contract: C, event: APIGatewayProxyEvent): ApiRequest<C> {
  const known = prepared.get(event);
  if (!known) throw new Error('request was not prepared by the middlewares');
  const route = routes[contract.route];
  const now = new Date();
  let body: { value: Output<C['body']> } | undefined;
  return {
    event,
    caller: known.caller as CallerOf<C['route']>,
    // Checked on first use, so that a route answers 404 for an unknown id before judging the body.
    get body() {
      body ??= { value: (contract.body ? parseOrThrow(contract.body, known.body) : undefined) as Output<C['body']> };
      return body.value;
    },
    query: (contract.query ? parseOrThrow(contract.query, event.queryStringParameters ?? {}) : undefined) as Output<C['query']>,
    rawBody: known.rawBody,
    now,
    journal: (action) => ({
      at: now.toISOString(),
      actor: known.caller?.id ?? publicActor,
      groups: known.caller?.groups ?? [],
      action,
      route: `${route.method} ${route.path}`,
    }),
  };
}

/**
 * A route handler: middy with error mapping, authorization and body parsing, then the contract's
 * schemas, then the route's own function (the domain call and the store), then its answer.
 * Routes that write take an Idempotency-Key: they are built with `writeHandler` instead.
 */
export function apiHandler<C extends RouteContract & { idempotent?: false }, Result>(
  contract: C,
  handle: Handle<C, Result>,
  respond: Respond<Result> = ok,
) {
  return routeHandler(contract, (event) => handle(buildRequest(contract, event)), respond);
}

/** The middy chain around a function from the event to the route's result. */
export function routeHandler<Result>(
  contract: RouteContract,
  run: (event: APIGatewayProxyEvent) => Promise<Result>,
  respond: Respond<Result>,
) {
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(errorResponses())
    .use(authorization(contract.route))
    .use(jsonBody(contract.route))
    .handler(async (event) => toResult(respond(await run(event))));
  return withRequestLog(contract.route, chain, (event) => prepared.get(event)?.caller?.id ?? null);
}
