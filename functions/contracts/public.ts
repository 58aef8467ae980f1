import { contract } from '../shared/contract.js';

export const health = contract({ route: 'health' });
export const openapi = contract({ route: 'openapi' });
export const referralForm = contract({ route: 'referralForm' });
