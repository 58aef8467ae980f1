import { visitBodySchema } from '../../lib/domain/visit.js';
import { contract } from '../shared/contract.js';

export const recordVisit = contract({ route: 'recordVisit', body: visitBodySchema, idempotent: true });
