import { longFrenchDate } from './french-dates.js';
import type { StaffMember } from './staff.js';
import type { Task } from './task.js';

/**
 * The one email the `deadlines` job sends a staff member who got new tasks (API.md "Scheduled
 * jobs"): the tasks by due date, each with its title, due date, reference and a link to its file.
 * Titles carry references only, never a household's name, so nothing personal travels by mail
 * beyond what the staff member's own task list shows.
 */
export interface TaskEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export { longFrenchDate };

/** « 1 nouvelle tâche », « 3 nouvelles tâches ». */
export function newTasksSubject(count: number): string {
  return count === 1 ? '1 nouvelle tâche' : `${count} nouvelles tâches`;
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and for a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character]!);
}

/** The staff app, served at `/staff/` of the web origin; it routes by the hash (`#/mesures/…`). */
const staffAppUrl = (webOrigin: string) => `${webOrigin.replace(/\/+$/, '')}/staff/`;

/**
 * The staff pages' address of a task's file: its measure's, or its referral's (the managers'
 * tasks). The staff app is served at `/staff/` and routes by the hash (web/staff/pages:
 * `/mesures/:id`, `/demandes/:id`); someone not signed in comes back to it after signing in.
 */
export function taskLink(task: Pick<Task, 'measureId' | 'referralId'>, webOrigin: string): string {
  const staffApp = staffAppUrl(webOrigin);
  if (task.measureId) return `${staffApp}#/mesures/${encodeURIComponent(task.measureId)}`;
  if (task.referralId) return `${staffApp}#/demandes/${encodeURIComponent(task.referralId)}`;
  return staffApp;
}

/**
 * The staff page « Mes courriels » (web/staff/pages/account/email-notifications.js, `/courriels`),
 * where workers and managers switch these emails off and back on (`PUT /me/email-notifications`).
 */
export function emailSettingsLink(webOrigin: string): string {
  return `${staffAppUrl(webOrigin)}#/courriels`;
}

/** Nearest due date first; then by reference and id, so that two runs list the same tasks alike. */
export function byDueDate(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) || a.reference.localeCompare(b.reference) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const closing =
  'Une tâche se ferme d’elle-même quand sa cause disparaît (contrat signé, bilan rendu, visite enregistrée, ' +
  'mesure renouvelée ou close, demande décidée), ou quand vous la marquez comme faite.';
const footer = 'Message envoyé automatiquement par ASLL, une seule fois pour chaque tâche. Merci de ne pas y répondre.';
/** The last line of both bodies: where in the staff pages to switch these emails off. */
const optOut = { lead: 'Pour ne plus recevoir ces courriels', place: 'page « Mes courriels » de l’espace du personnel' };

function textBody(member: Pick<StaffMember, 'name'>, tasks: readonly Task[], webOrigin: string): string {
  const intro =
    tasks.length === 1
      ? 'Une nouvelle tâche vous attend dans ASLL :'
      : `${tasks.length} nouvelles tâches vous attendent dans ASLL, de la plus proche échéance à la plus lointaine :`;
  const items = tasks.map((task) =>
    [
      `- ${task.title}`,
      `  Échéance : ${longFrenchDate(task.dueOn)}`,
      `  Dossier ${task.reference} : ${taskLink(task, webOrigin)}`,
    ].join('\n'),
  );
  const signature = `-- \n${footer}\n${optOut.lead} : ${optOut.place}, ${emailSettingsLink(webOrigin)}`;
  return [`Bonjour ${member.name},`, intro, items.join('\n\n'), closing, signature].join('\n\n') + '\n';
}

// Colours: text #1a1a1a and links #0b4f9c on white, headers on #e8eef6: all above 7:1 (WCAG AAA).
const style = {
  body: 'margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;',
  h1: 'font-size:22px;margin:0 0 16px;color:#1a1a1a;',
  table: 'border-collapse:collapse;width:100%;max-width:720px;',
  th: 'text-align:left;padding:8px;background:#e8eef6;color:#1a1a1a;border:1px solid #9aa5b1;',
  td: 'padding:8px;vertical-align:top;border:1px solid #9aa5b1;',
  link: 'color:#0b4f9c;text-decoration:underline;',
  small: 'font-size:14px;color:#3d3d3d;',
};

function htmlBody(member: Pick<StaffMember, 'name'>, tasks: readonly Task[], webOrigin: string, subject: string): string {
  const rows = tasks.map((task) => {
    const link = escapeHtml(taskLink(task, webOrigin));
    const reference = escapeHtml(task.reference);
    return (
      '<tr>' +
      `<td style="${style.td}"><time datetime="${escapeHtml(task.dueOn)}">${escapeHtml(longFrenchDate(task.dueOn))}</time></td>` +
      `<td style="${style.td}">${escapeHtml(task.title)}</td>` +
      `<td style="${style.td}"><a href="${link}" style="${style.link}">Ouvrir le dossier ${reference}</a></td>` +
      '</tr>'
    );
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${style.body}">`,
    '<main>',
    `<h1 style="${style.h1}">${escapeHtml(subject)}</h1>`,
    `<p>Bonjour ${escapeHtml(member.name)},</p>`,
    `<table style="${style.table}">`,
    `<caption style="text-align:left;padding:0 0 8px;">${tasks.length === 1 ? 'Votre nouvelle tâche' : 'Vos nouvelles tâches, de la plus proche échéance à la plus lointaine'}</caption>`,
    '<thead><tr>' +
      ['Échéance', 'Tâche', 'Dossier'].map((name) => `<th scope="col" style="${style.th}">${name}</th>`).join('') +
      '</tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    `<p>${escapeHtml(closing)}</p>`,
    `<p style="${style.small}">${escapeHtml(footer)}</p>`,
    `<p style="${style.small}">${escapeHtml(optOut.lead)} : ` +
      `<a href="${escapeHtml(emailSettingsLink(webOrigin))}" style="${style.link}">${escapeHtml(optOut.place)}</a>.</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The email listing a staff member's new tasks; `webOrigin` is where the web pages are served. */
export function composeTaskEmail(
  member: Pick<StaffMember, 'name' | 'email'>,
  newTasks: readonly Task[],
  webOrigin: string,
): TaskEmail {
  if (newTasks.length === 0) throw new RangeError('An email of new tasks needs at least one task');
  const tasks = byDueDate(newTasks);
  const subject = newTasksSubject(tasks.length);
  return {
    to: member.email,
    subject,
    text: textBody(member, tasks, webOrigin),
    html: htmlBody(member, tasks, webOrigin, subject),
  };
}
