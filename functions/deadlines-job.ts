import { getConfig } from '../lib/config.js';
import { parisDate } from '../lib/domain/dates.js';
import {
  datedTasksDueFor,
  lastFullMonth,
  nextActionableOn,
  taskDueForReferral,
  visitCadenceTask,
} from '../lib/domain/deadlines.js';
import type { Visit } from '../lib/domain/measure.js';
import type { DepartmentPolicy } from '../lib/domain/policies.js';
import type { Task } from '../lib/domain/task.js';
import { DeadlineStore, visitsOfMonth, type ReadCost } from '../lib/store/deadlines.js';
import { MeasureStore } from '../lib/store/measures.js';
import { getStore, getTable } from './shared/dependencies.js';
import { jobHandler } from './shared/job-handler.js';

export interface DeadlinesRun {
  created: Task[];
  /** What reading the deadlines index cost (the monthly cadence check aside). */
  indexCost: ReadCost;
}

/**
 * The monthly check of the visit cadence (DOMAIN.md "Deadlines"): once per month, the active
 * measures, each with its visits of the month that just ended (one small Query each).
 */
async function checkVisitCadence(policy: DepartmentPolicy, today: string, now: Date): Promise<Task[]> {
  if (!policy.visitCadence) return [];
  const deadlines = getStore(DeadlineStore);
  const { month } = lastFullMonth(today);
  if (await deadlines.cadenceChecked(month)) return [];
  const measures = getStore(MeasureStore);
  const created: Task[] = [];
  let cursor: string | undefined;
  do {
    const page = await measures.list('active', 'all', { limit: 100, cursor });
    for (const head of page.items) {
      const visits = (await visitsOfMonth(getTable(), head.id, month)) as unknown as Visit[];
      const task = visitCadenceTask({ ...head, visits }, policy, today, now);
      if (task)
        created.push(
          ...(await deadlines.fileTasks(
            { kind: 'measure', measure: { ...head, visits }, version: head.version },
            [task],
            'keep',
          )),
        );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await deadlines.markCadenceChecked(month, now);
  return created;
}

/**
 * The `deadlines` job for the instant `now`: the files the index says are due by today (Paris),
 * the tasks their rules call for (each created once), each file filed again under the next day a
 * rule may fire; then, once a month, the visit cadence.
 */
export async function runDeadlines(now: Date): Promise<DeadlinesRun> {
  const { policy } = getConfig();
  const today = parisDate(now);
  const deadlines = getStore(DeadlineStore);
  const { subjects, cost } = await deadlines.dueBy(today);
  const created: Task[] = [];
  for (const subject of subjects) {
    const tasks =
      subject.kind === 'referral'
        ? [taskDueForReferral(subject.referral, policy, today, now)].filter((task): task is Task => task !== null)
        : datedTasksDueFor(subject.measure, policy, today, now);
    const next = nextActionableOn(subject.kind === 'referral' ? subject.referral : subject.measure, policy, today);
    created.push(...(await deadlines.fileTasks(subject, tasks, next)));
  }
  created.push(...(await checkVisitCadence(policy, today, now)));
  return { created, indexCost: cost };
}

export const handler = jobHandler('deadlines', async (now) => {
  const { created } = await runDeadlines(now);
  const byKind: Record<string, number> = {};
  for (const task of created) byKind[task.kind] = (byKind[task.kind] ?? 0) + 1;
  return { created: created.length, byKind, emails: 0 };
});
