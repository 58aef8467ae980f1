import { z } from 'zod';
import { ValidationError } from '../errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const startKeySchema = z.record(z.string().max(512), z.string().max(1024));

/** An opaque cursor: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  if (!lastEvaluatedKey) return null;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor and checks that it points into the partition being read, so that a forged
 * cursor can neither read elsewhere nor make DynamoDB fail.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: { partitionAttribute: string; partitionValue: string; attributes: readonly string[] },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError([{ path: 'cursor', message: 'Curseur de pagination invalide ou périmé.' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = startKeySchema.safeParse(decoded);
  if (!parsed.success) throw invalid();
  const key = parsed.data;
  const names = Object.keys(key).sort();
  const expectedNames = [...expected.attributes].sort();
  if (names.length !== expectedNames.length || names.some((name, index) => name !== expectedNames[index])) throw invalid();
  if (key[expected.partitionAttribute] !== expected.partitionValue) throw invalid();
  return key;
}
