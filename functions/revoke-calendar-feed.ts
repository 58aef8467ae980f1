import { CalendarFeedStore } from '../lib/store/calendar-feeds.js';
import { revokeCalendarFeed } from './contracts/revoke-calendar-feed.js';
import { getStore } from './shared/dependencies.js';
import { writeHandler } from './shared/write-handler.js';

/**
 * `POST /calendar-feed/revoke`: the worker's address stops working, and none replaces it; 200
 * `{active: false, createdAt: null}`, the same when there was none.
 */
export const handler = writeHandler(revokeCalendarFeed, async (request) =>
  getStore(CalendarFeedStore).revoke(request.caller.id, request.now, request.idempotent),
);
