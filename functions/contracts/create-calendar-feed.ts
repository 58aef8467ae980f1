import { contract } from '../shared/contract.js';

/**
 * No body (the manifest declares the route `body: 'none'`). An Idempotency-Key is taken, but its
 * record keeps no token: a retry under the same key is answered 409, never with a second secret.
 */
export const createCalendarFeed = contract({ route: 'createCalendarFeed', idempotent: true });
