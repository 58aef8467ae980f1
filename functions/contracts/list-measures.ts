import * as z from 'zod/mini';
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
