import * as z from 'zod/mini';
import { PolicyViolationError } from '../errors.js';
import type { Measure, MeasureChange, StepContext } from './measure.js';
import { advance } from './measure-rules.js';
import { text, versionField } from './fields.js';
import type { DepartmentPolicy } from './policies.js';
import type { StaffMember } from './staff.js';
import { workerProblem } from './staff-rules.js';

/** Body of `POST /measures/{id}/worker`. That the worker is an active staff member of group `worker` is checked against the directory (`isActiveWorker`). */
export const handoverBodySchema = z.strictObject({
  workerId: text({ max: 128, missingMessage: 'Choisissez le travailleur social à qui confier la mesure.' }),
  version: versionField(),
});

export type HandoverBody = z.output<typeof handoverBodySchema>;

/** A measure still has work for a worker until it is closed and no follow-up visit remains due. */
export function awaitsAWorker(measure: Measure): boolean {
  return measure.status !== 'closed' || (measure.followUp === null && measure.followUpDueOn !== null);
}

/**
 * Hands a measure to another worker (API.md "Managers"). Its open tasks follow it: the store moves
 * them to the new worker, so no task is resolved here.
 */
export function reassignMeasure(measure: Measure, newWorkerId: string, _context: StepContext): MeasureChange {
  if (!awaitsAWorker(measure)) {
    const message =
      'Cette mesure est clôturée et n’attend plus de visite de suivi : il n’y a plus rien à confier à un autre travailleur social.';
    throw new PolicyViolationError(message, [{ path: 'workerId', message }]);
  }
  if (newWorkerId === measure.workerId) {
    const message = 'Cette mesure est déjà confiée à ce travailleur social.';
    throw new PolicyViolationError(message, [{ path: 'workerId', message }]);
  }
  return { measure: advance(measure, { workerId: newWorkerId }), appended: null, resolvedTaskKinds: [] };
}

/**
 * `POST /measures/{id}/worker`: hands the measure to the worker the body names, who must be an
 * active member of group `worker` (`worker` is that staff member, looked up by the caller, or null).
 */
export function handOverMeasure(
  measure: Measure,
  body: HandoverBody,
  _policy: DepartmentPolicy,
  context: StepContext,
  worker: StaffMember | null,
): MeasureChange {
  const problem = workerProblem(body.workerId, worker);
  if (problem) throw new PolicyViolationError(problem, [{ path: 'workerId', message: problem }]);
  return reassignMeasure(measure, body.workerId, context);
}
