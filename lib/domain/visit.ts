import * as z from 'zod/mini';
import type { ErrorDetail } from '../errors.js';
import type { Measure, MeasureChange, StepContext, Visit } from './measure.js';
import { advance, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus, withinMeasureAxes } from './measure-rules.js';
import { visitDuration } from './rule-messages.js';
import { taskId } from './task.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, optionalText, versionField } from './fields.js';
import { distinctValues } from './validation.js';
import { visitActions, visitKinds, workAxes, type VisitAction, type WorkAxis } from './vocabulary.js';

/** Body of `POST /measures/{id}/visits`. */
export const visitBodySchema = z.strictObject({
  date: businessDate(),
  kind: z.enum(visitKinds.values, {
    error: 'Indiquez le type de rencontre : domicile, bureau, telephone, demarche ou atelier.',
  }),
  durationMinutes: z
    .int({ error: (issue) => (issue.input === undefined ? undefined : visitDuration.notWhole) })
    .check(z.minimum(1, { error: visitDuration.tooShort(1) }), z.maximum(600, { error: visitDuration.tooLong(600) })),
  axes: z
    .array(z.enum(workAxes.values))
    .check(
      z.minLength(1, { error: 'Indiquez au moins un axe de travail abordé.' }),
      distinctValues<WorkAxis>('Chaque axe de travail ne peut être cité qu’une fois.'),
    ),
  withSectorWorker: z.optional(z.boolean()),
  actions: z.optional(
    z.array(z.enum(visitActions.values)).check(distinctValues<VisitAction>('Chaque action ne peut être citée qu’une fois.')),
  ),
  notes: optionalText({ max: 4000, multiLine: true }),
  version: versionField(),
});

export type VisitBody = z.output<typeof visitBodySchema>;

/** Records a meeting with the household (rencontre, DOMAIN.md "Visits"). */
/** The visit-cadence task of the visit's month, when the visits of that month now meet the minimum. */
function cadenceKeptBy(visits: Visit[], date: string, measureId: string, policy: DepartmentPolicy): string[] {
  if (!policy.visitCadence) return [];
  const month = date.slice(0, 7);
  const held = visits.filter((each) => each.date.startsWith(`${month}-`)).length;
  return held >= policy.visitCadence.minMeetingsPerMonth ? [taskId('visit_cadence', measureId, month)] : [];
}

export function recordVisit(measure: Measure, body: VisitBody, policy: DepartmentPolicy, context: StepContext): MeasureChange {
  requireStatus(measure, 'active', 'Enregistrer une rencontre');
  const problems: ErrorDetail[] = [];
  notBefore(problems, 'date', body.date, measure.startedOn!, 'La date de la rencontre', 'le début de la mesure');
  notInFuture(problems, 'date', body.date, context.today, 'La date de la rencontre');
  withinMeasureAxes(problems, (index) => `axes.${index}`, body.axes, measure);
  refuseIfAny(problems, 'La rencontre ne peut pas être enregistrée.');

  const visit: Visit = {
    id: context.recordId,
    date: body.date,
    kind: body.kind,
    durationMinutes: body.durationMinutes,
    axes: body.axes,
    withSectorWorker: body.withSectorWorker ?? false,
    actions: body.actions ?? [],
    notes: body.notes || null,
    ...recordStamp(context),
  };
  const visits = [...measure.visits, visit];
  return {
    measure: advance(measure, { visits }),
    appended: { collection: 'visits', record: visit },
    resolvedTaskKinds: [],
    // A visit recorded late for a month the cadence task is about may bring that month up to the
    // policy's minimum: the task's cause is then gone.
    resolvedTaskIds: cadenceKeptBy(visits, visit.date, measure.id, policy),
  };
}
