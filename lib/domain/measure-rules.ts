import { PolicyViolationError, type ErrorDetail } from '../errors.js';
import type { Measure, StepContext } from './measure.js';
import { frenchList } from './french-words.js';
import { measureStatuses, workAxes, type MeasureStatus, type WorkAxis } from './vocabulary.js';

/** What every lifecycle step shares: the status it needs, date bounds, and one way to refuse. */

/** A date as a French reader writes it: 2026-01-15 → 15/01/2026. */
export function frenchDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** Refuses a step on a measure that is not in the status the step needs, saying which. */
export function requireStatus(measure: Measure, needed: MeasureStatus, step: string): void {
  if (measure.status === needed) return;
  const message =
    `${step} n’est possible que pour une mesure au statut « ${measureStatuses.labels[needed]} » : ` +
    `cette mesure est au statut « ${measureStatuses.labels[measure.status]} ».`;
  throw new PolicyViolationError(message, [{ path: 'status', message }]);
}

/**
 * Throws one PolicyViolationError listing every problem. Its message names each rule broken: the
 * problem's own sentence when there is one, else `summary` (a sentence of its own, « Le bilan ne
 * peut pas être enregistré. ») followed by each problem's sentence, a sentence said once.
 */
export function refuseIfAny(problems: ErrorDetail[], summary: string): void {
  if (problems.length === 0) return;
  const sentences = [...new Set(problems.map((problem) => problem.message))];
  const message = sentences.length === 1 ? sentences[0]! : [summary, ...sentences].join(' ');
  throw new PolicyViolationError(message, problems);
}

/** Adds a problem when `date` lies after today (a business date in the future). */
export function notInFuture(problems: ErrorDetail[], path: string, date: string, today: string, what: string): void {
  if (date > today)
    problems.push({
      path,
      message: `${what} (${frenchDate(date)}) ne peut pas être postérieure à aujourd’hui (${frenchDate(today)}).`,
    });
}

/** Adds a problem when `date` comes before `bound`. */
export function notBefore(
  problems: ErrorDetail[],
  path: string,
  date: string,
  bound: string,
  what: string,
  boundWhat: string,
): void {
  if (date < bound)
    problems.push({ path, message: `${what} (${frenchDate(date)}) ne peut pas précéder ${boundWhat} (${frenchDate(bound)}).` });
}

/** Adds a problem for each axis that is not one of the measure's work axes. */
export function withinMeasureAxes(
  problems: ErrorDetail[],
  pathOf: (index: number) => string,
  axes: WorkAxis[],
  measure: Measure,
): void {
  const decided = frenchList(
    measure.axes.map((own) => `« ${workAxes.labels[own]} »`),
    'et',
  );
  axes.forEach((axis, index) => {
    if (measure.axes.includes(axis)) return;
    problems.push({
      path: pathOf(index),
      message: `L’axe « ${workAxes.labels[axis]} » ne fait pas partie des axes de travail décidés pour cette mesure (${decided}).`,
    });
  });
}

/** Who recorded a record, and when. */
export function recordStamp(context: StepContext): { recordedBy: string; recordedAt: string } {
  return { recordedBy: context.actorId, recordedAt: context.now.toISOString() };
}

/** The measure after a step: the changes applied and the version moved on. */
export function advance(measure: Measure, changes: Partial<Omit<Measure, 'version'>>): Measure {
  return { ...measure, ...changes, version: measure.version + 1 };
}
