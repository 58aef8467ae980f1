import { contract } from '../shared/contract.js';

export const getMe = contract({ route: 'getMe' });
