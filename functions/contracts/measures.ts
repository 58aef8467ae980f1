import * as z from 'zod/mini';
import { bilanBodySchema } from '../../lib/domain/bilan.js';
import { closureBodySchema } from '../../lib/domain/closure.js';
import { contractBodySchema } from '../../lib/domain/contract.js';
import { followUpBodySchema } from '../../lib/domain/follow-up.js';
import { handoverBodySchema } from '../../lib/domain/handover.js';
import { renewalBodySchema } from '../../lib/domain/renewal.js';
import { visitBodySchema } from '../../lib/domain/visit.js';
import { measureStatuses } from '../../lib/domain/vocabulary.js';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

export const listMeasures = contract({
  route: 'listMeasures',
  query: listQuery({
    status: z._default(
      z.enum(measureStatuses.values, { error: 'Statut inconnu : awaiting_contract, active ou closed.' }),
      'active',
    ),
    workerId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  }),
});

export const getMeasure = contract({ route: 'getMeasure' });

export const recordContract = contract({ route: 'recordContract', body: contractBodySchema, idempotent: true });
export const recordVisit = contract({ route: 'recordVisit', body: visitBodySchema, idempotent: true });
export const recordBilan = contract({ route: 'recordBilan', body: bilanBodySchema, idempotent: true });
export const recordRenewal = contract({ route: 'recordRenewal', body: renewalBodySchema, idempotent: true });
export const recordClosure = contract({ route: 'recordClosure', body: closureBodySchema, idempotent: true });
export const recordFollowUp = contract({ route: 'recordFollowUp', body: followUpBodySchema, idempotent: true });
export const handOverMeasure = contract({ route: 'handOverMeasure', body: handoverBodySchema, idempotent: true });
