import { handoverBodySchema } from '../../lib/domain/handover.js';
import { contract } from '../shared/contract.js';

export const handOverMeasure = contract({ route: 'handOverMeasure', body: handoverBodySchema, idempotent: true });
