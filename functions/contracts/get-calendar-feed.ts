import { contract } from '../shared/contract.js';

export const getCalendarFeed = contract({ route: 'getCalendarFeed' });
