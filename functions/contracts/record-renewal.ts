import { renewalBodySchema } from '../../lib/domain/renewal.js';
import { contract } from '../shared/contract.js';

export const recordRenewal = contract({ route: 'recordRenewal', body: renewalBodySchema, idempotent: true });
