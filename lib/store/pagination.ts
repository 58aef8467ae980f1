import { ValidationError } from '../errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque cursor: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  if (!lastEvaluatedKey) return null;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/** DynamoDB's limit on a sort key value, in UTF-8 bytes (a partition key may have 2048). */
const maxKeyBytes = 1024;

/** A string DynamoDB accepts as a key value: not empty, well formed, within the key size limit. */
function isKeyValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.isWellFormed() && Buffer.byteLength(value, 'utf8') <= maxKeyBytes;
}

/**
 * Decodes a cursor and checks that it names exactly the key attributes of the index being read,
 * as short strings, inside the partition being read: a forged cursor can neither read elsewhere
 * nor make DynamoDB fail.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: {
    partitionAttribute: string;
    partitionValue: string;
    attributes: readonly string[];
    /** Where the query reads only sort keys of a prefix: DynamoDB refuses a start key outside it. */
    sortPrefix?: { attribute: string; prefix: string } | undefined;
  },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError([{ path: 'cursor', message: 'Curseur de pagination invalide ou périmé.' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  const names = Object.keys(key).sort();
  const expectedNames = [...expected.attributes].sort();
  if (names.length !== expectedNames.length || names.some((name, index) => name !== expectedNames[index])) throw invalid();
  if (!Object.values(key).every(isKeyValue)) throw invalid();
  if (key[expected.partitionAttribute] !== expected.partitionValue) throw invalid();
  const sortPrefix = expected.sortPrefix;
  if (sortPrefix && !String(key[sortPrefix.attribute]).startsWith(sortPrefix.prefix)) throw invalid();
  return key as Record<string, string>;
}
