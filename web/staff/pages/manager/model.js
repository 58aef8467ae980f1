/**
 * What the manager pages compute, without the page: the waiting time of a referral, the decision
 * body a form fill gives, the choices of the staff directory, where a task leads. Pure functions,
 * tested in test/unit/staff-manager-model.test.ts.
 */
import { byName } from '../../ui.js';

/** « reçue aujourd’hui », « en attente depuis 1 jour », « en attente depuis 12 jours ». */
export function waitingPhrase(daysWaiting) {
  if (daysWaiting <= 0) return 'reçue aujourd’hui';
  return `en attente depuis ${daysWaiting} ${daysWaiting === 1 ? 'jour' : 'jours'}`;
}

/** How long a decision took: « le jour de la réception », « 1 jour après la réception », « 12 jours après la réception ». */
export function delayPhrase(days) {
  if (days === 0) return 'le jour de la réception';
  return `${days} ${days > 1 ? 'jours' : 'jour'} après la réception`;
}

/**
 * The body of `POST /referrals/{id}/decision` from the decision form's values (as the shell's
 * `readForm` gives them, empty answers left out): an acceptance carries its orientation, axes,
 * duration and worker; a refusal or a redirection its reason. Only what the chosen decision needs
 * is sent, so that what is missing comes back from the server beside its field.
 */
export function decisionBody(values) {
  const { decision, decidedOn } = values;
  if (decision === 'accepted') {
    const { orientation, axes = [], durationMonths, workerId } = values;
    return {
      decision,
      decidedOn,
      orientation,
      axes,
      durationMonths: durationMonths === undefined ? undefined : Number(durationMonths),
      workerId,
    };
  }
  if (decision === 'refused' || decision === 'redirected') return { decision, decidedOn, reason: values.reason };
  return { decision, decidedOn };
}

/**
 * Reads every page of a paginated list (`{items, nextCursor}`): `fetchPage(cursor)` resolves to an
 * API result. Resolves to `{ok: true, items}`, or to the first result that failed.
 */
export async function readAllPages(fetchPage) {
  const items = [];
  let cursor;
  do {
    const result = await fetchPage(cursor);
    if (!result.ok) return result;
    items.push(...result.body.items);
    cursor = result.body.nextCursor ?? undefined;
  } while (cursor);
  return { ok: true, items };
}

/** The choices of a worker list: the active members only, by name (French order), minus `except`. */
export function activeWorkerOptions(staff, { except } = {}) {
  return byName(staff)
    .filter((member) => member.active !== false && member.id !== except)
    .map((member) => ({ value: member.id, label: member.name }));
}

/** The choices of a filter by worker: everyone of the directory by name (French order), those who left marked so. */
export function workerFilterOptions(staff) {
  return byName(staff).map((member) => ({
    value: member.id,
    label: member.active === false ? `${member.name} (inactif)` : member.name,
  }));
}

/** The name of a worker by their id, or the id itself when the directory no longer knows them. */
export function workerName(staff, id) {
  return staff.find((member) => member.id === id)?.name ?? id;
}

/** The page a task leads to: its measure's file, or the referral that waits for a decision. */
export function taskSubjectPath(task) {
  if (task.measureId) return `/mesures/${task.measureId}`;
  if (task.referralId) return `/demandes/${task.referralId}`;
  return null;
}

/** Whether a measure may still be handed to another worker (the rule of lib/domain/handover.ts). */
export function awaitsAWorker(measure) {
  return measure.status !== 'closed' || (measure.followUp === null && measure.followUpDueOn !== null);
}

/** A query without its empty values: what `ctx.api.get` and the page addresses are given. */
export function compactQuery(query) {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''));
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 1250 → « 1 250,00 € » (French spacing). */
export function formatEuros(amount) {
  return euros.format(amount);
}

/** `label('workAxes', 'budget')` → its French label from the API's vocabularies (the value itself if unknown). */
export function labeller(labels) {
  return (vocabulary, value) => labels[vocabulary]?.[value] ?? value;
}
