import { routes } from '../infra/manifest.js';
import { feedUrl } from '../lib/domain/calendar-feed.js';
import { CalendarFeedStore } from '../lib/store/calendar-feeds.js';
import { createCalendarFeed } from './contracts/create-calendar-feed.js';
import { apiBaseUrl } from './shared/api-base-url.js';
import type { ApiResponse } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { writeHandler } from './shared/write-handler.js';

/** The answer that carries the secret, once. */
interface IssuedFeed {
  url: string;
  createdAt: string;
}

/** What an Idempotency-Key keeps of the answer: the token is never stored, so it cannot be replayed. */
interface ShownOnce {
  shownOnce: true;
  createdAt: string;
}

const replayMessage =
  'Cette adresse d’agenda a déjà été remise sous cette clé d’idempotence et ne se montre qu’une fois. ' +
  'Refaites la demande sans clé (ou avec une autre) : une nouvelle adresse remplacera celle-ci.';

/**
 * `POST /calendar-feed`: a new private address of the worker's calendar, replacing the previous
 * one, which stops working with this write. 201 `{url, createdAt}`. The same Idempotency-Key again
 * gets 409 and stores nothing: answering it with a second token would hand out a secret the first
 * answer did not, and the first token is not kept to be shown again.
 */
export const handler = writeHandler(
  createCalendarFeed,
  async (request): Promise<IssuedFeed | ShownOnce> => {
    const created = await getStore(CalendarFeedStore).replace(request.caller.id, request.now, ({ createdAt }) =>
      request.idempotent({ shownOnce: true, createdAt } satisfies ShownOnce),
    );
    return {
      url: feedUrl(apiBaseUrl(request.event, routes.createCalendarFeed.path), created.token),
      createdAt: created.createdAt,
    };
  },
  (result): ApiResponse =>
    'url' in result
      ? { statusCode: 201, body: result }
      : { statusCode: 409, body: { error: { code: 'CONFLICT', message: replayMessage, details: [] } } },
);
