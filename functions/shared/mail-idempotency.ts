import { createHash } from 'node:crypto';

/** The header both mailers stamp on a message sent with an idempotency key. */
export const idempotencyHeader = 'X-ASLL-Idempotency-Key';

/** The key as it travels: its SHA-256 in hex, whatever the key's length or characters. */
export function idempotencyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
