import ical, { ICalEventBusyStatus, ICalEventTransparency } from 'ical-generator';
import { addDays } from './measure-dates.js';
import { byDueDate, longFrenchDate, taskLink } from './task-email.js';
import type { Task } from './task.js';

/** How often a calendar app should fetch the feed again: tasks are made once a day, at 06:00. */
export const calendarRefreshSeconds = 3 * 60 * 60;

/** `2026-04-04` as the instant a calendar library writes back as the all-day date 20260404 (UTC getters). */
const utcMidnight = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * A worker's private calendar feed (RFC 5545): one all-day VEVENT per open task, on its due date.
 * Events rather than VTODOs, because the calendars staff already use show VTODO nowhere in a
 * subscribed feed (Google Calendar, Outlook) or only in a separate reminders app (Apple): an
 * all-day event sits on the day it is due, in the view they look at. A task's UID is its id at the
 * deployment's host, so an event keeps its identity across refreshes and leaves the calendar once
 * the task is done (the feed lists only open tasks). Built by ical-generator, which escapes text
 * (`,` `;` `\` and line ends) and folds lines at 75 octets with CRLF. `now` stamps the events
 * (DTSTAMP): the domain reads no clock.
 */
export function taskCalendar(openTasks: readonly Task[], webOrigin: string, now: Date): string {
  const host = new URL(webOrigin).hostname;
  const calendar = ical({
    name: 'ASLL — mes tâches',
    description: 'Les tâches ouvertes de votre suivi ASLL, à leur date d’échéance.',
    prodId: { company: 'ASLL', product: 'Taches', language: 'FR' },
    ttl: calendarRefreshSeconds,
  });
  for (const task of byDueDate(openTasks.filter((each) => each.status === 'open'))) {
    const link = taskLink(task, webOrigin);
    calendar.createEvent({
      id: `${task.id}@${host}`,
      start: utcMidnight(task.dueOn),
      // DTEND of an all-day event is the next day, exclusive (RFC 5545 §3.6.1).
      end: utcMidnight(addDays(task.dueOn, 1)),
      allDay: true,
      stamp: now,
      summary: task.title,
      description: `Échéance : ${longFrenchDate(task.dueOn)}\nDossier ${task.reference} : ${link}`,
      url: link,
      // A reminder, not a meeting: the worker's day stays free for others' invitations.
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
  }
  // Every content line ends with CRLF (RFC 5545 §3.1), the last one too.
  return `${calendar.toString()}\r\n`;
}
