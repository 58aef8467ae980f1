import { handOverMeasure as step, type HandoverBody } from '../lib/domain/handover.js';
import { isStaffId } from '../lib/domain/staff-rules.js';
import { handOverMeasure } from './contracts/hand-over-measure.js';
import { getStore } from './shared/dependencies.js';
import { measureStepHandler } from './shared/measure-step.js';
import { StaffStore } from '../lib/store/staff.js';

/** `POST /measures/{id}/worker`: the measure, and its open tasks, go to another active worker. */
export const handler = measureStepHandler(handOverMeasure, 'handover', step, async (body: HandoverBody) =>
  isStaffId(body.workerId) ? getStore(StaffStore).get(body.workerId) : null,
);
