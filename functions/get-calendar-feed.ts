import { CalendarFeedStore } from '../lib/store/calendar-feeds.js';
import { getCalendarFeed } from './contracts/get-calendar-feed.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/** `GET /calendar-feed`: `{active, createdAt}` of the worker's feed; never its address (only its hash is kept). */
export const handler = apiHandler(getCalendarFeed, async (request) => getStore(CalendarFeedStore).status(request.caller.id));
