import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { taskCalendar } from '../../lib/domain/task-calendar.js';
import { openTask } from '../support/tasks.js';

const origin = 'https://asll.meuse.example.fr';
const now = new Date('2026-04-01T04:00:00Z');
const tasks = [
  openTask({
    id: 'follow_up_due.m-3',
    kind: 'follow_up_due',
    title: 'Visite de suivi de la mesure ASLL-2025-000310 à faire',
    dueOn: '2026-04-10',
    measureId: 'm-3',
    reference: 'ASLL-2025-000310',
  }),
  openTask(),
  openTask({
    id: 'contract_unsigned.m-9',
    status: 'done',
    doneAt: '2026-03-30T10:00:00.000Z',
    title: 'Contrat déjà signé',
    measureId: 'm-9',
  }),
];

function eventsOf(feed: string) {
  const calendar = new ICAL.Component(ICAL.parse(feed));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent)) };
}

describe('the calendar feed of a worker’s open tasks', () => {
  it('is an iCalendar that names ASLL, with one all-day event per open task on its due date', () => {
    const { calendar, events } = eventsOf(taskCalendar(tasks, origin, now));
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//ASLL//Taches//FR');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('ASLL — mes tâches');
    expect(events.map((event) => event.summary)).toEqual([
      'Bilan de la mesure ASLL-2026-000042 à rendre au plus tard le 04/04/2026',
      'Visite de suivi de la mesure ASLL-2025-000310 à faire',
    ]);
    const [bilan] = events;
    expect(bilan!.startDate.isDate).toBe(true);
    expect(bilan!.startDate.toString()).toBe('2026-04-04');
    expect(bilan!.endDate.toString()).toBe('2026-04-05');
  });

  it('gives each event the task’s id as its UID, a link to the measure and the due date in French', () => {
    const { events } = eventsOf(taskCalendar(tasks, origin, now));
    const bilan = events[0]!;
    expect(bilan.uid).toBe('bilan_due.m-1.1@asll.meuse.example.fr');
    expect(bilan.component.getFirstPropertyValue('url')).toBe('https://asll.meuse.example.fr/staff/#/mesures/m-1');
    expect(bilan.description).toBe(
      'Échéance : samedi 4 avril 2026\nDossier ASLL-2026-000042 : https://asll.meuse.example.fr/staff/#/mesures/m-1',
    );
    expect(bilan.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(bilan.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-04-01T04:00:00Z');
  });

  it('ends every line with CRLF and folds long lines at 75 octets, accents included', () => {
    const longTitle = `Bilan de la mesure ASLL-2026-000042 à rendre — ${'échéance très proche, '.repeat(6)}`;
    const feed = taskCalendar([openTask({ title: longTitle })], origin, now);
    expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = feed.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(eventsOf(feed).events[0]!.summary).toBe(longTitle);
  });

  it('escapes commas, semicolons, backslashes and line ends in text, and reads them back unchanged', () => {
    const title = 'Bilan, puis contrat; voir C:\\dossiers\npage 2';
    const feed = taskCalendar([openTask({ title })], origin, now);
    expect(feed).toContain('SUMMARY:Bilan\\, puis contrat\\; voir C:\\\\dossiers\\npage 2');
    expect(eventsOf(feed).events[0]!.summary).toBe(title);
  });

  it('is an empty calendar, still valid, when the worker has no open task', () => {
    const { calendar, events } = eventsOf(taskCalendar([], origin, now));
    expect(calendar.name).toBe('vcalendar');
    expect(events).toEqual([]);
  });
});
