import { contract } from '../shared/contract.js';

export const openapi = contract({ route: 'openapi' });
