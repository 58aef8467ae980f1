import { contract } from '../shared/contract.js';

export const getReferral = contract({ route: 'getReferral' });
