import { scheduledEvent } from '../../infra/local/scheduler.js';
import { addDays, bilanDueOn, plannedEnd } from '../../lib/domain/measure-dates.js';
import { policies } from '../../lib/domain/policies.js';
import { parisToday } from './dates.js';
import { validReferral } from './fixtures.js';
import { acceptedMeasure } from './lifecycle.js';
import type { startTestRuntime } from './runtime.js';

/**
 * What the worker pages' browser test and screenshots start from: measures of a worker at each
 * stage, and the deadlines job run on chosen days so that tasks exist. The worker and the manager
 * must be in the staff directory already (their names are those the sign-in page lists).
 */

type System = Awaited<ReturnType<typeof startTestRuntime>>;
export interface SeededMeasure {
  id: string;
  reference: string;
  version: number;
}

/** A referral for household `lastName firstName`, accepted by `manager` for `workerId`, already in the directory. */
export function openMeasure(
  system: System,
  manager: string,
  workerId: string,
  [lastName, firstName]: [string, string],
): Promise<SeededMeasure> {
  const household = { ...validReferral().household, contact: { lastName, firstName } };
  return acceptedMeasure(system, { manager, workerId, referral: { household }, registered: true });
}

/** One lifecycle write (`contract`, `visits`…) that must succeed. */
export async function record(system: System, token: string, measureId: string, write: string, body: unknown): Promise<void> {
  const answer = await system.request('POST', `/measures/${measureId}/${write}`, { token, body });
  if (answer.status !== 201) throw new Error(`${write}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** The deadlines job as its schedule runs it on the morning of `day`, in this process (the runtime's table). */
export async function runDeadlinesOn(day: string): Promise<void> {
  const { handler } = (await import('../../functions/deadlines-job.js')) as unknown as {
    handler: (event: ReturnType<typeof scheduledEvent>) => Promise<unknown>;
  };
  await handler(scheduledEvent(new Date(`${day}T05:00:00Z`)));
}

/**
 * The days to run the job on so that a measure awaiting its contract since today, and one started
 * today (Meuse, 3 months), have their tasks: the unsigned contract after 30 days; the bilan, and a
 * month without enough visits, 15 days before the bilan is due.
 */
export const taskDays = (): string[] => {
  const today = parisToday();
  return [addDays(today, 30), addDays(bilanDueOn(plannedEnd(today, 3), policies.meuse), -15)];
};
