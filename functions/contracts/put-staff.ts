import { staffBodySchema } from '../../lib/domain/staff.js';
import { contract } from '../shared/contract.js';

export const putStaff = contract({ route: 'putStaff', body: staffBodySchema, idempotent: true });
