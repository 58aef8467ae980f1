import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.js';
import { keys } from './keys.js';

/** How long a key keeps answering with its first response. */
export const idempotencyRetentionSeconds = 24 * 60 * 60;

export interface IdempotencyRequest {
  /** Route, caller and client key together: keys of two callers never collide. */
  scope: string;
  /** Fingerprint of the request body, to tell a retry from a reuse. */
  bodyHash: string;
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export function fingerprint(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

export function idempotencyItem(request: IdempotencyRequest, response: StoredResponse, now: Date) {
  return {
    ...keys.idempotency(request.scope),
    entity: 'idempotency',
    bodyHash: request.bodyHash,
    statusCode: response.statusCode,
    // Stored as text: the response is replayed byte for byte, never re-interpreted.
    responseBody: JSON.stringify(response.body),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + idempotencyRetentionSeconds,
  };
}

/** The first response for this key, or a conflict when the key came with another body. */
export function replayOf(item: Record<string, unknown>, request: IdempotencyRequest, now: Date): StoredResponse | null {
  if (typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= now.getTime()) return null;
  if (item.bodyHash !== request.bodyHash) {
    throw new ConflictError("Cette clé d'idempotence a déjà servi pour une autre requête.");
  }
  return { statusCode: Number(item.statusCode), body: JSON.parse(String(item.responseBody)) };
}
