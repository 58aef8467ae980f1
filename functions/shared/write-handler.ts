import { publicActor } from '../../lib/domain/staff-rules.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AppError, ConcurrentWriteError, ValidationError } from '../../lib/errors.js';
import { findStoredResult, fingerprint, type IdempotencyRequest, type IdempotentWrite } from '../../lib/store/idempotency.js';
import { buildRequest, header, ok, routeHandler, type ApiRequest, type Respond } from './api-handler.js';
import type { RouteContract } from './contract.js';
import { getTable } from './dependencies.js';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** How many times a write that lost a race with another transaction is tried in all. */
const attempts = 4;

/** The request's `Idempotency-Key`, scoped to the route, the path and the caller; none if absent. */
function idempotencyRequest(event: APIGatewayProxyEvent, request: ApiRequest, route: string): IdempotencyRequest | undefined {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!keyPattern.test(key)) {
    throw new ValidationError([
      { path: 'Idempotency-Key', message: 'La clé d’idempotence compte de 1 à 255 caractères imprimables, sans espace.' },
    ]);
  }
  return { scope: `${route}#${event.path}#${request.caller?.id ?? publicActor}#${key}`, bodyHash: fingerprint(request.rawBody) };
}

export interface WriteRequest<C extends RouteContract> extends ApiRequest<C> {
  /** The idempotency record to write with the effect, in the same transaction; undefined without a key. */
  idempotent(result: unknown): IdempotentWrite | undefined;
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));

/**
 * A route that writes. With an `Idempotency-Key`, the first result stored under the key is the
 * answer to every retry: before the write, and after ANY refusal the write meets (the referral
 * already decided, the measure no longer in the status it needs, the key already taken), since a
 * retry that lost the race to its own first attempt must see that attempt's answer. A write that
 * lost a race with another transaction is tried again, from a fresh read. `replay` turns the stored
 * result back into the first answer (a measure's stores its file without the visits), once it has
 * checked that the caller still reaches the subject (a measure handed over since: 404).
 */
export function writeHandler<C extends RouteContract & { idempotent: true }, Result>(
  contract: C,
  handle: (request: WriteRequest<C>) => Promise<Result>,
  respond: Respond<Result> = ok,
  replay: (stored: unknown, request: WriteRequest<C>) => Promise<Result> = async (stored) => stored as Result,
) {
  return routeHandler(
    contract,
    async (event) => {
      const base = buildRequest(contract, event);
      const key = idempotencyRequest(event, base, contract.route);
      // Assigned, not spread: spreading would read (and so check) the body before the route looks its subject up.
      const request: WriteRequest<C> = Object.assign(base, {
        idempotent: (result: unknown) => (key ? { request: key, result, now: base.now } : undefined),
      });
      const stored = async () => (key ? await findStoredResult(getTable(), key, base.now) : null);
      for (let attempt = 1; ; attempt += 1) {
        const before = await stored();
        if (before) return await replay(before.result, request);
        try {
          return await handle(request);
        } catch (error) {
          if (error instanceof ConcurrentWriteError && attempt < attempts) {
            await pause(attempt);
            continue;
          }
          if (error instanceof AppError && error.statusCode < 500) {
            const winner = await stored();
            if (winner) return await replay(winner.result, request);
          }
          throw error;
        }
      }
    },
    respond,
  );
}
