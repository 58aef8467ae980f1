import { randomUUID } from 'node:crypto';
import { decideReferral, decisionBodySchema } from '../lib/domain/decision.js';
import { parseOrThrow } from '../lib/domain/validation.js';
import { NotFoundError } from '../lib/errors.js';
import { apiHandler } from './shared/api-handler.js';
import { getConfig } from '../lib/config.js';
import { getStore } from './shared/dependencies.js';
import { idempotencyRequest } from './shared/idempotency.js';
import { pathId } from './shared/query.js';

export const handler = apiHandler('decideReferral', async (request) => {
  const store = getStore();
  const now = new Date();
  const idempotency = idempotencyRequest(request, 'decideReferral');
  const replay = await store.findReplay(idempotency, now);
  if (replay) return replay;

  const id = pathId(request.event);
  const referral = id ? await store.getReferral(id) : null;
  if (!referral) throw new NotFoundError('Demande introuvable.');
  const body = parseOrThrow(decisionBodySchema, request.body);
  const outcome = decideReferral(referral, body, getConfig().policy, {
    managerId: request.caller!.id,
    now,
    measureId: randomUUID(),
  });
  const response = { statusCode: outcome.measure ? 201 : 200, body: outcome };
  return store.saveDecision(outcome, referral.version, { idempotency, now, response });
});
