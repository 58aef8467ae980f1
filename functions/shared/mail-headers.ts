import type { MailMessage } from './mailer.js';
import { idempotencyDigest, idempotencyHeader } from './mail-idempotency.js';

/**
 * RFC 3834 §5: every email ASLL sends is written by a program, not a person, so out-of-office
 * and other automatic replies must not answer it (and mail filters can tell it apart).
 */
const autoSubmitted = { name: 'Auto-Submitted', value: 'auto-generated' } as const;

/**
 * The headers both mailers add to a message, beyond sender, recipient, subject and date:
 * `Auto-Submitted: auto-generated`, and the SHA-256 of its idempotency key when it has one.
 */
export function extraHeaders(message: Pick<MailMessage, 'idempotencyKey'>): { name: string; value: string }[] {
  return [
    autoSubmitted,
    ...(message.idempotencyKey === undefined
      ? []
      : [{ name: idempotencyHeader, value: idempotencyDigest(message.idempotencyKey) }]),
  ];
}
