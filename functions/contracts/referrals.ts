import * as z from 'zod/mini';
import { decisionBodySchema } from '../../lib/domain/decision.js';
import { referralBodySchema } from '../../lib/domain/referral.js';
import { referralStatuses } from '../../lib/domain/vocabulary.js';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

export const createReferral = contract({ route: 'createReferral', body: referralBodySchema, idempotent: true });

export const listReferrals = contract({
  route: 'listReferrals',
  query: listQuery({
    status: z._default(
      z.enum(referralStatuses.values, { error: 'Statut inconnu : received, accepted, refused ou redirected.' }),
      'received',
    ),
  }),
});

export const getReferral = contract({ route: 'getReferral' });

export const decideReferral = contract({ route: 'decideReferral', body: decisionBodySchema, idempotent: true });
