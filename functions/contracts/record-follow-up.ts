import { followUpBodySchema } from '../../lib/domain/follow-up.js';
import { contract } from '../shared/contract.js';

export const recordFollowUp = contract({ route: 'recordFollowUp', body: followUpBodySchema, idempotent: true });
