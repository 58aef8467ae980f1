import { randomUUID } from 'node:crypto';
import { assertReferrerAllowed, receiveReferral, referenceYear } from '../lib/domain/intake.js';
import { referralBodySchema } from '../lib/domain/referral.js';
import { parseOrThrow } from '../lib/domain/validation.js';
import { apiHandler } from './shared/api-handler.js';
import { getConfig } from '../lib/config.js';
import { getStore } from './shared/dependencies.js';
import { idempotencyRequest } from './shared/idempotency.js';

export const handler = apiHandler('createReferral', async (request) => {
  const { policy } = getConfig();
  const store = getStore();
  const now = new Date();
  const idempotency = idempotencyRequest(request, 'createReferral');
  const replay = await store.findReplay(idempotency, now);
  if (replay) return replay;

  const body = parseOrThrow(referralBodySchema, request.body);
  // Checked before a reference number is spent on a referral that would be refused.
  assertReferrerAllowed(policy, body.referrer.kind);
  const sequence = await store.allocateReferenceSequence(referenceYear(now));
  const referral = receiveReferral(body, policy, { id: randomUUID(), sequence, receivedAt: now });
  const { id, reference, status, screening } = referral;
  return store.saveNewReferral(referral, {
    idempotency,
    now,
    response: { statusCode: 201, body: { id, reference, status, screening } },
  });
});
