import { contract } from '../shared/contract.js';

/** No query, no body: the path's token is the whole request (functions/get-calendar.ts checks it). */
export const getCalendar = contract({ route: 'getCalendar' });
