import * as z from 'zod/mini';
import type { ErrorDetail } from '../errors.js';
import { currentPeriod, currentPeriodStart, type Bilan, type Measure, type MeasureChange, type StepContext } from './measure.js';
import { advance, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus, withinMeasureAxes } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, text, versionField } from './fields.js';
import { rule } from './validation.js';
import { bilanRecommendations, objectiveReached, orientations, workAxes } from './vocabulary.js';

/** Body of `POST /measures/{id}/bilans`. */
export const bilanBodySchema = z.strictObject({
  submittedOn: businessDate(),
  recommendation: z.enum(bilanRecommendations.values, {
    error: 'Indiquez la préconisation du bilan : end (fin de mesure) ou renew (renouvellement).',
  }),
  nextOrientation: z.optional(z.enum(orientations.values, { error: 'Orientation proposée : acces ou maintien.' })),
  stepsTaken: text({ max: 4000, multiLine: true }),
  objectivesReached: z
    .array(
      z.strictObject({
        axis: z.enum(workAxes.values, { error: 'Indiquez l’axe de travail évalué.' }),
        reached: z.enum(objectiveReached.values, { error: 'Objectif atteint : yes (oui), partly (en partie) ou no (non).' }),
      }),
    )
    .check(
      z.minLength(1, { error: 'Le bilan évalue au moins un axe de travail.' }),
      rule<{ axis: string }[]>(
        (entries) => new Set(entries.map((entry) => entry.axis)).size === entries.length,
        'Chaque axe de travail n’est évalué qu’une fois.',
      ),
    ),
  version: versionField(),
});

export type BilanBody = z.output<typeof bilanBodySchema>;

function orientationProblems(body: BilanBody): ErrorDetail[] {
  if (body.recommendation === 'renew' && !body.nextOrientation)
    return [
      {
        path: 'nextOrientation',
        message: 'Un bilan qui préconise le renouvellement indique l’orientation proposée : accès ou maintien.',
      },
    ];
  if (body.recommendation === 'end' && body.nextOrientation)
    return [
      {
        path: 'nextOrientation',
        message: 'Un bilan qui préconise la fin de la mesure ne propose pas d’orientation pour la suite.',
      },
    ];
  return [];
}

/**
 * Records a bilan of the current period (DOMAIN.md "Bilan"), which the renewal and, where the
 * policy has a bilan rule, the closure rely on. A period may get more than one: a later bilan
 * completes or corrects an earlier one (a worker who recommended the end and then finds a renewal
 * needed sends a new bilan saying so); every one is kept, in order.
 */
export function recordBilan(measure: Measure, body: BilanBody, _policy: DepartmentPolicy, context: StepContext): MeasureChange {
  requireStatus(measure, 'active', 'Enregistrer un bilan');
  const problems: ErrorDetail[] = [];
  const periodStart = currentPeriodStart(measure)!;
  const startWhat = measure.renewals.length > 0 ? 'le dernier renouvellement' : 'le début de la mesure';
  notBefore(problems, 'submittedOn', body.submittedOn, periodStart, 'La date du bilan', startWhat);
  notInFuture(problems, 'submittedOn', body.submittedOn, context.today, 'La date du bilan');
  problems.push(...orientationProblems(body));
  withinMeasureAxes(
    problems,
    (index) => `objectivesReached.${index}.axis`,
    body.objectivesReached.map((entry) => entry.axis),
    measure,
  );
  refuseIfAny(problems, 'Le bilan ne peut pas être enregistré.');

  const bilan: Bilan = {
    id: context.recordId,
    submittedOn: body.submittedOn,
    recommendation: body.recommendation,
    nextOrientation: body.recommendation === 'renew' ? body.nextOrientation! : null,
    stepsTaken: body.stepsTaken,
    objectivesReached: body.objectivesReached.map(({ axis, reached }) => ({ axis, reached })),
    period: currentPeriod(measure),
    ...recordStamp(context),
  };
  return {
    measure: advance(measure, { bilans: [...measure.bilans, bilan], bilanDueOn: null }),
    appended: { collection: 'bilans', record: bilan },
    resolvedTaskKinds: ['bilan_due'],
  };
}
