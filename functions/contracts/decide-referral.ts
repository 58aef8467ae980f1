import { decisionBodySchema } from '../../lib/domain/decision.js';
import { contract } from '../shared/contract.js';

export const decideReferral = contract({ route: 'decideReferral', body: decisionBodySchema, idempotent: true });
