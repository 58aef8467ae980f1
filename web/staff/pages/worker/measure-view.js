/**
 * What the measure file shows, worked out from the measure `GET /measures/{id}` answers and the
 * description `GET /measure-form` serves (labels, policy): pure functions, no DOM, so that the
 * unit tests read them as the page does. Every label comes from the API's vocabularies.
 */

import { currentPeriodBilan, renewingBilan } from '../../../../lib/domain/measure.js';

/**
 * @typedef {{ labels: Record<string, Record<string, string>>, policy: any }} MeasureForm
 * @typedef {{ date: string, kind: string, title: string, lines: string[] }} TimelineEntry
 */

const label = (labels, vocabulary, value) => labels[vocabulary]?.[value] ?? value;
const labelList = (labels, vocabulary, values) => values.map((value) => label(labels, vocabulary, value)).join(', ');
const yesNo = (value) => (value ? 'oui' : 'non');
const months = (count) => `${count} mois`;

/** Order of the records that share a date: the lifecycle's own. */
const rank = { decision: 0, contract: 1, visit: 2, bilan: 3, renewal: 4, closure: 5, followUp: 6 };

function decisionEntry(measure, labels) {
  const orientation = measure.initialOrientation ?? measure.orientation;
  return {
    date: measure.decidedOn,
    kind: 'decision',
    title: 'Décision : mesure ouverte',
    lines: [
      `Orientation : ${label(labels, 'orientations', orientation)}`,
      `Durée accordée : ${months(measure.initialDurationMonths)}`,
      `Axes de travail : ${labelList(labels, 'workAxes', measure.axes)}`,
    ],
  };
}

function contractEntry(contract, labels) {
  return {
    date: contract.signedOn,
    kind: 'contract',
    title: 'Contrat signé : la mesure commence',
    lines: [
      ...contract.objectives.map((objective) => `Objectif (${label(labels, 'workAxes', objective.axis)}) : ${objective.text}`),
      `Signataires : ${labelList(labels, 'signatories', contract.signatories)}`,
    ],
  };
}

function visitEntry(visit, labels) {
  const lines = [`Durée : ${visit.durationMinutes} min`, `Axes abordés : ${labelList(labels, 'workAxes', visit.axes)}`];
  if (visit.actions.length > 0) lines.push(`Actions : ${labelList(labels, 'visitActions', visit.actions)}`);
  if (visit.withSectorWorker) lines.push('Avec le travailleur social de secteur');
  if (visit.notes) lines.push(`Notes : ${visit.notes}`);
  return { date: visit.date, kind: 'visit', title: label(labels, 'visitKinds', visit.kind), lines };
}

function bilanEntry(bilan, labels) {
  const lines = [`Préconisation : ${label(labels, 'bilanRecommendations', bilan.recommendation)}`];
  if (bilan.nextOrientation) lines.push(`Orientation proposée : ${label(labels, 'orientations', bilan.nextOrientation)}`);
  lines.push(
    ...bilan.objectivesReached.map(
      (entry) => `${label(labels, 'workAxes', entry.axis)} : ${label(labels, 'objectiveReached', entry.reached)}`,
    ),
    `Démarches réalisées : ${bilan.stepsTaken}`,
  );
  return { date: bilan.submittedOn, kind: 'bilan', title: 'Bilan remis', lines };
}

function renewalEntry(renewal, labels, formatDate) {
  return {
    date: renewal.decidedOn,
    kind: 'renewal',
    title: `Renouvellement de ${months(renewal.months)}`,
    lines: [
      `Orientation : ${label(labels, 'orientations', renewal.orientation)}`,
      `Nouvelle fin prévue : ${formatDate(renewal.plannedEnd)} (au lieu du ${formatDate(renewal.previousPlannedEnd)})`,
    ],
  };
}

function closureEntry(closure, labels) {
  const lines = [
    `Motif : ${label(labels, 'closureReasons', closure.reason)}`,
    `Logement : ${label(labels, 'housingOutcomes', closure.housingOutcome)}`,
  ];
  if (closure.evictionAvoided !== null) lines.push(`Expulsion évitée : ${yesNo(closure.evictionAvoided)}`);
  if (closure.early) lines.push('Fin anticipée, avant la date prévue');
  return { date: closure.endedOn, kind: 'closure', title: 'Fin de la mesure', lines };
}

function followUpEntry(followUp) {
  const lines = [
    `Avec le travailleur social de secteur : ${yesNo(followUp.withSectorWorker)}`,
    `Toujours dans son logement : ${yesNo(followUp.stillHoused)}`,
  ];
  if (followUp.notes) lines.push(`Notes : ${followUp.notes}`);
  return { date: followUp.visitedOn, kind: 'followUp', title: 'Visite de suivi', lines };
}

/**
 * Everything recorded on the measure, oldest first: the decision, the contract, each visit, bilan
 * and renewal, the closure and the follow-up visit. Records of the same day keep the lifecycle's
 * order (a bilan before the renewal it led to), then the order they were recorded in.
 * @param {any} measure
 * @param {Record<string, Record<string, string>>} labels
 * @param {(date: string) => string} formatDate
 * @returns {TimelineEntry[]}
 */
export function timelineOf(measure, labels, formatDate) {
  const entries = [
    { entry: decisionEntry(measure, labels), at: '' },
    ...(measure.contract ? [{ entry: contractEntry(measure.contract, labels), at: measure.contract.recordedAt }] : []),
    ...measure.visits.map((visit) => ({ entry: visitEntry(visit, labels), at: visit.recordedAt })),
    ...measure.bilans.map((bilan) => ({ entry: bilanEntry(bilan, labels), at: bilan.recordedAt })),
    ...measure.renewals.map((renewal) => ({ entry: renewalEntry(renewal, labels, formatDate), at: renewal.recordedAt })),
    ...(measure.closure ? [{ entry: closureEntry(measure.closure, labels), at: measure.closure.recordedAt }] : []),
    ...(measure.followUp ? [{ entry: followUpEntry(measure.followUp), at: measure.followUp.recordedAt }] : []),
  ];
  entries.sort(
    (a, b) => a.entry.date.localeCompare(b.entry.date) || rank[a.entry.kind] - rank[b.entry.kind] || a.at.localeCompare(b.at),
  );
  return entries.map(({ entry }) => entry);
}

/**
 * The dates ahead that the file must show: the planned end and the bilan while the measure runs,
 * the follow-up visit once it has ended and none is recorded.
 * @param {any} measure
 * @param {(date: string) => number} daysUntil
 * @returns {{ key: string, label: string, date: string, days: number, overdue: boolean }[]}
 */
export function dueDatesOf(measure, daysUntil) {
  const due = [];
  const add = (key, text, date) => {
    if (!date) return;
    const days = daysUntil(date);
    due.push({ key, label: text, date, days, overdue: days < 0 });
  };
  if (measure.status === 'active') {
    add('bilanDueOn', 'Bilan à rendre', measure.bilanDueOn);
    add('plannedEnd', 'Fin prévue de la mesure', measure.plannedEnd);
  }
  if (measure.status === 'closed' && !measure.followUp) add('followUpDueOn', 'Visite de suivi à faire', measure.followUpDueOn);
  return due.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * @typedef {{ id: string, label: string, path: string | null, reason: string | null }} MeasureAction
 */

/** Whether the policy still lets this measure be renewed, and if not why (as the server would say it). */
function renewalBlock(measure, policy, bilan) {
  const rule = policy.renewal;
  if (!rule) return 'Le règlement du département ne prévoit pas de renouvellement.';
  if (rule.maxCount !== null && measure.renewals.length >= rule.maxCount)
    return `Le règlement autorise au plus ${rule.maxCount} renouvellement${rule.maxCount > 1 ? 's' : ''} : déjà atteint.`;
  if (rule.requiresBilanRecommendation && !bilan) return 'Il faut d’abord le bilan de la période en cours.';
  if (rule.requiresBilanRecommendation && !renewingBilan(measure))
    return 'Le bilan de la période en cours préconise la fin de la mesure (un nouveau bilan peut le corriger).';
  return null;
}

/**
 * The writes the file offers now, given the measure's status and the policy: each with the page
 * that records it, or, when the rule is known to refuse it, the reason instead of a link.
 * @param {any} measure
 * @param {any} policy `GET /measure-form`'s `policy`
 * @returns {MeasureAction[]}
 */
export function possibleActions(measure, policy) {
  const base = `/mesures/${measure.id}`;
  const action = (id, text, path, reason = null) => ({ id, label: text, path: reason ? null : `${base}/${path}`, reason });
  if (measure.status === 'awaiting_contract') return [action('contract', 'Enregistrer le contrat signé', 'contrat')];
  if (measure.status === 'closed') return measure.followUp ? [] : [action('followUp', 'Enregistrer la visite de suivi', 'suivi')];
  const bilan = currentPeriodBilan(measure);
  const closureBlocked = policy.bilan && !bilan ? 'Le règlement demande le bilan de la période en cours avant la clôture.' : null;
  return [
    action('visit', 'Enregistrer une rencontre', 'rencontre'),
    action('bilan', bilan ? 'Remettre un nouveau bilan (il complète ou corrige le précédent)' : 'Remettre le bilan', 'bilan'),
    action('renewal', 'Renouveler la mesure', 'renouvellement', renewalBlock(measure, policy, bilan)),
    action('closure', 'Clôturer la mesure', 'cloture', closureBlocked),
  ];
}
