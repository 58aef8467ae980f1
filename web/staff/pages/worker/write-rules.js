/**
 * The six lifecycle writes of a measure (API.md "Measures") and the obvious rules a form checks
 * before it sends: what is missing, a date in the future or before the period it belongs to, a
 * number or a text out of the bounds the body's JSON Schema gives, what the department's policy
 * requires. The server checks everything again; these only spare a round trip. Pure functions:
 * limits come from `GET /measure-form` (schemas, policy), never from this file.
 */

import { missingSignatures, unplannedRenewal, visitDuration } from '../../../../lib/domain/rule-messages.js';
import { currentPeriodBilan, currentPeriodStart, renewingBilan } from '../../../../lib/domain/measure.js';

/**
 * @typedef {{ path: string, message: string }} Detail
 * @typedef {{ measure: any, form: any, today: string, formatDate: (date: string) => string }} CheckContext
 */

const periodStartWhat = (measure) => (measure.renewals.length > 0 ? 'le dernier renouvellement' : 'le début de la mesure');

/**
 * Each write: the page segment under `/mesures/:id/`, the API path under `/measures/{id}/`, the
 * status it needs, its date field and the earliest day that date may take.
 */
export const writes = {
  contract: {
    segment: 'contrat',
    endpoint: 'contract',
    status: 'awaiting_contract',
    title: 'Enregistrer le contrat signé',
    confirmation: 'Contrat enregistré : la mesure a commencé.',
    dateField: 'signedOn',
    dateWhat: 'La date de signature',
    earliest: (measure) => ({ date: measure.decidedOn, what: 'la décision d’ouvrir la mesure' }),
  },
  visit: {
    segment: 'rencontre',
    endpoint: 'visits',
    status: 'active',
    title: 'Enregistrer une rencontre',
    confirmation: 'Rencontre enregistrée.',
    dateField: 'date',
    dateWhat: 'La date de la rencontre',
    earliest: (measure) => ({ date: measure.startedOn, what: 'le début de la mesure' }),
  },
  bilan: {
    segment: 'bilan',
    endpoint: 'bilans',
    status: 'active',
    title: 'Remettre le bilan',
    confirmation: 'Bilan enregistré.',
    dateField: 'submittedOn',
    dateWhat: 'La date du bilan',
    earliest: (measure) => ({ date: currentPeriodStart(measure), what: periodStartWhat(measure) }),
  },
  renewal: {
    segment: 'renouvellement',
    endpoint: 'renewals',
    status: 'active',
    title: 'Renouveler la mesure',
    confirmation: 'Renouvellement enregistré.',
    dateField: 'decidedOn',
    dateWhat: 'La date du renouvellement',
    earliest: (measure) => {
      const bilan = renewingBilan(measure) ?? currentPeriodBilan(measure);
      return bilan
        ? { date: bilan.submittedOn, what: 'le bilan qui le préconise' }
        : { date: currentPeriodStart(measure), what: 'le début de la période en cours' };
    },
  },
  closure: {
    segment: 'cloture',
    endpoint: 'closure',
    status: 'active',
    title: 'Clôturer la mesure',
    confirmation: 'Mesure clôturée.',
    dateField: 'endedOn',
    dateWhat: 'La date de fin',
    earliest: (measure) => ({ date: currentPeriodStart(measure), what: periodStartWhat(measure) }),
  },
  followUp: {
    segment: 'suivi',
    endpoint: 'follow-up',
    status: 'closed',
    title: 'Enregistrer la visite de suivi',
    confirmation: 'Visite de suivi enregistrée.',
    dateField: 'visitedOn',
    dateWhat: 'La date de la visite de suivi',
    earliest: (measure) => ({ date: measure.closure?.endedOn ?? null, what: 'la fin de la mesure' }),
  },
};

/** What a person is told when a required field is left empty. */
const missingMessages = {
  signedOn: 'Indiquez la date de signature du contrat.',
  objectives: 'Le contrat fixe au moins un objectif.',
  signatories: 'Indiquez qui a signé le contrat.',
  date: 'Indiquez la date de la rencontre.',
  kind: 'Indiquez le type de rencontre.',
  durationMinutes: 'Indiquez la durée de la rencontre, en minutes.',
  axes: 'Indiquez au moins un axe de travail abordé.',
  submittedOn: 'Indiquez la date du bilan.',
  recommendation: 'Indiquez la préconisation du bilan.',
  stepsTaken: 'Décrivez les démarches réalisées.',
  objectivesReached: 'Évaluez au moins un axe de travail.',
  decidedOn: 'Indiquez la date du renouvellement.',
  months: 'Indiquez la durée du renouvellement.',
  orientation: 'Indiquez l’orientation de la mesure renouvelée.',
  endedOn: 'Indiquez la date de fin de la mesure.',
  reason: 'Indiquez le motif de fin de la mesure.',
  housingOutcome: 'Indiquez la situation de logement du ménage.',
  visitedOn: 'Indiquez la date de la visite de suivi.',
  withSectorWorker: 'Indiquez si le travailleur social de secteur était présent.',
  stillHoused: 'Indiquez si le ménage est toujours dans son logement.',
};

const isEmpty = (value) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Required fields of the schema left empty. */
function missing(schema, body) {
  return (schema.required ?? [])
    .filter((name) => isEmpty(body[name]))
    .map((name) => ({ path: name, message: missingMessages[name] ?? 'Ce champ est obligatoire.' }));
}

/** The write's date: a real day, not after today, not before the period it belongs to. */
function dateProblems(write, body, context) {
  const date = body[write.dateField];
  if (isEmpty(date)) return [];
  const path = write.dateField;
  if (!isoDate.test(date) || Number.isNaN(Date.parse(date))) return [{ path, message: 'Date invalide.' }];
  const { formatDate, today } = context;
  if (date > today)
    return [{ path, message: `${write.dateWhat} (${formatDate(date)}) ne peut pas être postérieure à aujourd’hui.` }];
  const earliest = write.earliest(context.measure);
  if (earliest.date && date < earliest.date)
    return [
      {
        path,
        message: `${write.dateWhat} (${formatDate(date)}) ne peut pas précéder ${earliest.what} (${formatDate(earliest.date)}).`,
      },
    ];
  return [];
}

/** Texts longer than the schema's `maxLength`, at `path` (`notes`, `objectives.0.text`). */
function tooLong(path, value, schema) {
  const max = schema?.maxLength;
  if (typeof value !== 'string' || max === undefined || value.length <= max) return [];
  const french = (count) => count.toLocaleString('fr-FR');
  return [{ path, message: `Au plus ${french(max)} caractères (${french(value.length)} saisis).` }];
}

/** A visit's duration in minutes, within the schema's bounds, said in the API's words. */
function durationProblems(path, value, schema) {
  if (isEmpty(value)) return [];
  if (!Number.isInteger(value)) return [{ path, message: visitDuration.notWhole }];
  if (schema.minimum !== undefined && value < schema.minimum) return [{ path, message: visitDuration.tooShort(schema.minimum) }];
  if (schema.maximum !== undefined && value > schema.maximum) return [{ path, message: visitDuration.tooLong(schema.maximum) }];
  return [];
}

const labelOf = (form, vocabulary, value) => (form.labels[vocabulary]?.[value] ?? value).toLowerCase();

/** Checks of one write beyond the missing fields and the date. */
const specific = {
  contract(body, { form }) {
    const schema = form.schemas.contract.properties;
    const problems = [];
    (body.objectives ?? []).forEach((objective, index) => {
      if (isEmpty(objective.axis))
        problems.push({ path: `objectives.${index}.axis`, message: `Choisissez l’axe de l’objectif ${index + 1}.` });
      if (isEmpty(objective.text))
        problems.push({ path: `objectives.${index}.text`, message: `Écrivez l’objectif ${index + 1}.` });
      problems.push(...tooLong(`objectives.${index}.text`, objective.text, schema.objectives.items.properties.text));
    });
    const absent = form.policy.contract.requiredSignatories.filter((who) => !(body.signatories ?? []).includes(who));
    if (!isEmpty(body.signatories) && absent.length > 0) {
      problems.push({ path: 'signatories', message: missingSignatures(absent.map((who) => labelOf(form, 'signatories', who))) });
    }
    return problems;
  },
  visit(body, { form }) {
    const schema = form.schemas.visit.properties;
    return [
      ...durationProblems('durationMinutes', body.durationMinutes, schema.durationMinutes),
      ...tooLong('notes', body.notes, schema.notes),
    ];
  },
  bilan(body, { form }) {
    const problems = [];
    (body.objectivesReached ?? []).forEach((entry, index) => {
      if (isEmpty(entry.reached))
        problems.push({
          path: `objectivesReached.${index}.reached`,
          message: `Indiquez si les objectifs de l’axe « ${form.labels.workAxes?.[entry.axis] ?? entry.axis} » sont atteints.`,
        });
    });
    problems.push(...tooLong('stepsTaken', body.stepsTaken, form.schemas.bilan.properties.stepsTaken));
    if (body.recommendation === 'renew' && isEmpty(body.nextOrientation))
      problems.push({
        path: 'nextOrientation',
        message: 'Un bilan qui préconise le renouvellement indique l’orientation proposée.',
      });
    return problems;
  },
  renewal(body, { form }) {
    const durations = form.policy.renewal?.durationsMonths ?? [];
    if (isEmpty(body.months) || durations.includes(body.months)) return [];
    return [{ path: 'months', message: unplannedRenewal(body.months, durations) }];
  },
  closure() {
    return [];
  },
  followUp(body, { form }) {
    const problems = tooLong('notes', body.notes, form.schemas.followUp.properties.notes);
    if (form.policy.followUp?.withSectorWorker && body.withSectorWorker === false)
      problems.push({
        path: 'withSectorWorker',
        message: 'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur.',
      });
    return problems;
  },
};

/**
 * The problems a form can see before it sends `body` for the write `id`, in the order of the form,
 * as the API's `details` (so that one helper shows both).
 * @param {keyof typeof writes} id
 * @param {Record<string, any>} body
 * @param {CheckContext} context
 * @returns {Detail[]}
 */
export function checkWrite(id, body, context) {
  const write = writes[id];
  const schema = context.form.schemas[id];
  return [...missing(schema, body), ...dateProblems(write, body, context), ...specific[id](body, context)];
}

/** The error body the API would send for these problems, for the same display. */
export function clientError(details) {
  const message =
    details.length === 1 ? 'Un champ est à corriger avant l’envoi.' : `${details.length} champs sont à corriger avant l’envoi.`;
  return { error: { code: 'VALIDATION_FAILED', message, details } };
}
