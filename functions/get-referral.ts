import { NotFoundError } from '../lib/errors.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { pathId } from './shared/query.js';

export const handler = apiHandler('getReferral', async ({ event }) => {
  const id = pathId(event);
  const referral = id ? await getStore().getReferral(id) : null;
  if (!referral) throw new NotFoundError('Demande introuvable.');
  return { statusCode: 200, body: referral };
});
