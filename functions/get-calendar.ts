import { getConfig } from '../lib/config.js';
import { feedTokenOf } from '../lib/domain/calendar-feed.js';
import { taskCalendar } from '../lib/domain/task-calendar.js';
import type { Task } from '../lib/domain/task.js';
import { NotFoundError } from '../lib/errors.js';
import { CalendarFeedStore } from '../lib/store/calendar-feeds.js';
import { StaffStore } from '../lib/store/staff.js';
import { TaskStore } from '../lib/store/tasks.js';
import { getCalendar } from './contracts/get-calendar.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/** At most this many open tasks in a feed, the nearest due first: a calendar past that helps nobody. */
export const calendarTaskCap = 500;
const pageSize = 100;

/** One answer for a token that is malformed, unknown, replaced or revoked: none tells which. */
const unknownFeed = () => new NotFoundError('Agenda introuvable : cette adresse n’existe pas ou a été remplacée.');

async function openTasksOf(workerId: string): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | undefined;
  do {
    const page = await getStore(TaskStore).list({ workerId }, 'open', {
      limit: Math.min(pageSize, calendarTaskCap - tasks.length),
      cursor,
    });
    tasks.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && tasks.length < calendarTaskCap);
  return tasks;
}

/**
 * `GET /calendar/{token}` (public: calendar apps send no token, the address is the credential): the
 * iCalendar feed of the worker's open tasks. The feed goes dead when replaced or revoked, and when
 * the staff directory says its owner is inactive or no longer a worker. No journal entry: the
 * feed holds task titles, references and links, no household's name.
 */
export const handler = apiHandler(
  getCalendar,
  async (request) => {
    const token = feedTokenOf(request.event.pathParameters?.token);
    const workerId = token ? await getStore(CalendarFeedStore).workerOf(token) : null;
    if (!workerId) throw unknownFeed();
    const member = await getStore(StaffStore).get(workerId);
    if (member && (!member.active || !member.groups.includes('worker'))) throw unknownFeed();
    return taskCalendar(await openTasksOf(workerId), getConfig().webOrigin, request.now);
  },
  (calendar) => ({
    statusCode: 200,
    raw: true,
    body: calendar,
    // no-store, as every answer: a replaced address must stop at once, in any cache on the way too.
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  }),
);
