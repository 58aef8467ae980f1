import { z } from '../lib/domain/validation.js';
import { referralStatuses } from '../lib/domain/vocabulary.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { queryParameters } from './shared/query.js';

const filters = z.object({
  status: z
    .enum(referralStatuses.values, { error: 'Statut inconnu : received, accepted, refused ou redirected.' })
    .default('received'),
});

export const handler = apiHandler('listReferrals', async ({ event }) => {
  const { status, limit, cursor } = queryParameters(event, filters);
  return { statusCode: 200, body: await getStore().listReferrals(status, { limit, cursor }) };
});
