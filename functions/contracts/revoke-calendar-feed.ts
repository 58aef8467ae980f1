import { contract } from '../shared/contract.js';

/** No body (the manifest declares the route `body: 'none'`). */
export const revokeCalendarFeed = contract({ route: 'revokeCalendarFeed', idempotent: true });
