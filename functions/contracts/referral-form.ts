import { contract } from '../shared/contract.js';

export const referralForm = contract({ route: 'referralForm' });
