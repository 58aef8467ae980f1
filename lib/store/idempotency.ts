import { createHash } from 'node:crypto';
import { ConflictError } from '../errors.js';
import { keys } from './keys.js';
import type { Item, Table, TransactItem } from './table.js';

/** How long a key keeps answering with its first result. */
export const idempotencyRetentionSeconds = 24 * 60 * 60;

export interface IdempotencyRequest {
  /** Route, path, caller and client key together: keys of two callers never collide. */
  scope: string;
  /** Fingerprint of the request body, to tell a retry from a reuse. */
  bodyHash: string;
}

/** A write's idempotency record: the request it protects and the result it produced. */
export interface IdempotentWrite {
  request: IdempotencyRequest;
  result: unknown;
  now: Date;
}

export function fingerprint(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

const nowSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** The record, put in the same transaction as the write: it exists exactly when the write happened. */
export function idempotencyPut(tableName: string, write: IdempotentWrite): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.idempotency(write.request.scope),
        entity: 'idempotency',
        bodyHash: write.request.bodyHash,
        // Stored as text: the result is replayed as it was, never re-interpreted.
        result: JSON.stringify(write.result),
        createdAt: write.now.toISOString(),
        expiresAt: nowSeconds(write.now) + idempotencyRetentionSeconds,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :nowSeconds',
      ExpressionAttributeValues: { ':nowSeconds': nowSeconds(write.now) },
    },
  };
}

/** The stored result for this key, or null; a conflict when the key came with another body. */
export function storedResultOf(item: Item, request: IdempotencyRequest, now: Date): { result: unknown } | null {
  if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds(now)) return null;
  if (item.bodyHash !== request.bodyHash) {
    throw new ConflictError('Cette clé d’idempotence a déjà servi pour une autre requête.');
  }
  return { result: JSON.parse(String(item.result)) };
}

/** The result a write under this key produced, read strongly so that a lost race finds its winner. */
export async function findStoredResult(
  table: Table,
  request: IdempotencyRequest,
  now: Date,
): Promise<{ result: unknown } | null> {
  const item = await table.get(keys.idempotency(request.scope), { consistent: true });
  return item ? storedResultOf(item, request, now) : null;
}
