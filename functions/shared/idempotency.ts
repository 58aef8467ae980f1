import type { RouteId } from '../../infra/manifest.js';
import { ValidationError } from '../../lib/errors.js';
import { fingerprint, type IdempotencyRequest } from '../../lib/store/idempotency.js';
import { header, type ApiRequest } from './api-handler.js';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, scoped to the route, the path and the caller; none if absent. */
export function idempotencyRequest(request: ApiRequest, routeId: RouteId): IdempotencyRequest | undefined {
  const key = header(request.event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!keyPattern.test(key)) {
    throw new ValidationError([
      { path: 'Idempotency-Key', message: "La clé d'idempotence compte de 1 à 255 caractères imprimables, sans espace." },
    ]);
  }
  return {
    scope: `${routeId}#${request.event.path}#${request.caller?.id ?? 'public'}#${key}`,
    bodyHash: fingerprint(request.rawBody),
  };
}
