import { randomUUID } from 'node:crypto';
import { getConfig } from '../lib/config.js';
import { parisDate } from '../lib/domain/dates.js';
import {
  datedTasksDueFor,
  lastFullMonth,
  nextActionableOn,
  taskDueForReferral,
  visitCadenceTask,
} from '../lib/domain/deadlines.js';
import type { DepartmentPolicy } from '../lib/domain/policies.js';
import type { StaffMember } from '../lib/domain/staff.js';
import { composeTaskEmail } from '../lib/domain/task-email.js';
import type { Task } from '../lib/domain/task.js';
import { DeadlineStore, visitsOfMonth, type ReadCost } from '../lib/store/deadlines.js';
import { MeasureStore } from '../lib/store/measures.js';
import { NotificationStore, type PendingTask } from '../lib/store/notifications.js';
import { StaffStore } from '../lib/store/staff.js';
import { getStore, getTable } from './shared/dependencies.js';
import { jobHandler } from './shared/job-handler.js';
import { logger } from './shared/logger.js';
import { getMailer } from './shared/mailer.js';

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
      const visits = await visitsOfMonth(getTable(), head.id, month);
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

/**
 * An error's words without the email addresses in them: SES names the refused recipient (in its
 * sandbox, « Email address is not verified… : x@y »), and the log, kept for months, has the staff id.
 */
const withoutAddresses = (message: string) => message.replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g, '[adresse]');

/**
 * One email per staff member with new tasks (API.md: never twice for one task, never lost). The
 * run claims each task not yet announced, sends each person one email listing theirs (a worker's
 * own; the managers' go to every active manager), marks a task notified once every email it is in
 * went, and hands back the claim of one whose email failed, for the next run, with the members it
 * did reach: the next run tells only the others. A member who switched
 * emails off, left, is no longer a worker, or is not in the directory has nothing sent, and the task counts as announced.
 * A managers' task while the directory has no active manager yet (a new deployment) is kept for
 * the next runs: the first manager registered is told of it.
 */
export async function notifyNewTasks(now: Date): Promise<number> {
  const notifications = getStore(NotificationStore);
  const pending = await notifications.pending();
  if (pending.length === 0) return 0;
  const runId = randomUUID();
  const claimed = (
    await Promise.all(pending.map(async (entry) => ((await notifications.claim(entry.task, runId, now)) ? entry : null)))
  ).filter((entry): entry is PendingTask => entry !== null);

  const staff = getStore(StaffStore);
  const recipients = new Map<string, { member: StaffMember; tasks: Task[] }>();
  // Whom earlier runs told already (a task of every manager's whose email to one of them failed).
  const sentTo = new Map(claimed.map(({ task, sentTo }) => [task.id, new Set(sentTo)]));
  const add = (member: StaffMember, task: Task) => {
    if (sentTo.get(task.id)!.has(member.id)) return;
    const entry = recipients.get(member.id) ?? { member, tasks: [] };
    entry.tasks.push(task);
    recipients.set(member.id, entry);
  };
  const managers = claimed.some(({ task }) => 'group' in task.assignee) ? await staff.activeMembers('manager') : [];
  const workers = new Map<string, StaffMember | null>();
  for (const { task } of claimed) {
    if ('group' in task.assignee) {
      for (const manager of managers) add(manager, task);
      continue;
    }
    const { workerId } = task.assignee;
    if (!workers.has(workerId)) workers.set(workerId, await staff.get(workerId));
    const worker = workers.get(workerId);
    // Only to a worker still active and still of the group: the calendar feed stops for the others too.
    if (worker?.active && worker.groups.includes('worker')) add(worker, task);
  }

  // Nobody to tell yet: kept, not announced to no one.
  const failed = new Set<string>(
    managers.length === 0 ? claimed.filter(({ task }) => 'group' in task.assignee).map(({ task }) => task.id) : [],
  );
  let emails = 0;
  const { webOrigin } = getConfig();
  for (const { member, tasks } of recipients.values()) {
    if (member.emailNotifications === false) continue;
    try {
      const email = composeTaskEmail(member, tasks, webOrigin);
      await getMailer().send({ ...email, idempotencyKey: `${runId}#${member.id}` });
      emails += 1;
      for (const task of tasks) sentTo.get(task.id)!.add(member.id);
    } catch (error) {
      logger.error('task email not sent; retried on the next run', {
        staffId: member.id,
        error: error instanceof Error ? { name: error.name, message: withoutAddresses(error.message) } : 'non-Error thrown',
      });
      for (const task of tasks) failed.add(task.id);
    }
  }
  await Promise.all(
    claimed.map(({ task }) =>
      failed.has(task.id)
        ? notifications.release(task, runId, [...sentTo.get(task.id)!])
        : notifications.markNotified(task, runId, now),
    ),
  );
  return emails;
}

export const handler = jobHandler('deadlines', async (now) => {
  const { created } = await runDeadlines(now);
  const byKind: Record<string, number> = {};
  for (const task of created) byKind[task.kind] = (byKind[task.kind] ?? 0) + 1;
  const emails = await notifyNewTasks(now);
  return { created: created.length, byKind, emails };
});
