import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { completeTask, parseTaskId, type Task, type TaskAssignee } from '../domain/task.js';
import type { TaskStatus } from '../domain/vocabulary.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { IdempotentWrite } from './idempotency.js';
import { journalPut, type JournalEntry } from './journal.js';
import { keys } from './keys.js';
import { isConditionFailed } from './transactions.js';
import type { Page } from './pagination.js';
import { withoutKeys, type Item, type ListOptions, type Table } from './table.js';

/**
 * Tasks live in their subject's partition (a measure's file, or a referral), so that the file's
 * one Query reads its open tasks and the write that removes a task's cause marks it done in the
 * same transaction. Every task is also in GSI2 under its assignee, by status then due date: the
 * index entry moves from the open prefix to the done prefix when the task is done.
 */
function subjectPartition(task: Pick<Task, 'measureId' | 'referralId'>): string {
  return task.measureId ? keys.measurePartition(task.measureId) : keys.referralPartition(task.referralId!);
}

/** The partition a task id names: a referral's for `referral_waiting`, a measure's for every other kind; null for no task id. */
function partitionOfId(id: string): string | null {
  const parts = parseTaskId(id);
  if (!parts) return null;
  return parts.kind === 'referral_waiting' ? keys.referralPartition(parts.subjectId) : keys.measurePartition(parts.subjectId);
}

export function taskItem(task: Task): Item {
  return {
    ...keys.task(subjectPartition(task), task.id),
    ...keys.taskOfAssignee(task.assignee, task.status, task.dueOn, task.id),
    // Open and not yet announced: in the notification index until its email has gone.
    ...(task.status === 'open' && !task.notifiedAt ? keys.notificationEntry(task.createdAt, task.id) : {}),
    entity: 'task',
    ...task,
  };
}

/** What the notification run keeps on a task item (lib/store/notifications.ts), not part of a task. */
export const notificationAttributes = ['claimedBy', 'claimedUntil', 'notifiedTo'] as const;

export function taskFromItem(item: Item): Task {
  const task = withoutKeys<Task & Partial<Record<(typeof notificationAttributes)[number], unknown>>>(item);
  for (const attribute of notificationAttributes) delete task[attribute];
  return task;
}

/** The task was done by someone else (or by the write that removed its cause) since it was read. */
class TaskNoLongerOpen extends Error {}

export class TaskStore {
  constructor(private readonly table: Table) {}

  /** Creates a task once: its id says its cause, so a second creation of the same task does nothing. */
  async create(task: Task): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({ TableName: this.table.name, Item: taskItem(task), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** One assignee's tasks of one status, by due date (then id), one page at a time. */
  async list(assignee: TaskAssignee, status: TaskStatus, options: ListOptions): Promise<Page<Task>> {
    return this.table.page<Task>(
      { index: 'GSI2', partition: keys.tasksOf(assignee), sortPrefix: keys.tasksPrefix(status), ascending: true },
      options,
    );
  }

  /** The task of this id, read strongly (a write follows); null when there is none or the id cannot be a task's. */
  async get(id: string): Promise<Task | null> {
    const partition = partitionOfId(id);
    if (!partition) return null;
    const item = await this.table.get(keys.task(partition, id), { consistent: true });
    return item && item.entity === 'task' ? taskFromItem(item) : null;
  }

  /**
   * Marks an open task done at `now`, only if it is still open and still with the assignee read,
   * with the journal entry of the write and the request's idempotency record in the same
   * transaction. A task already done (here or in the meantime) is answered as it is stored,
   * unchanged; one handed to someone else in the meantime is not found (404). The measure's version does not
   * move: a task is not part of the measure's own state.
   */
  async markDone(
    task: Task,
    now: Date,
    options: { journal?: JournalEntry; idempotent?: (task: Task) => IdempotentWrite | undefined } = {},
  ): Promise<Task> {
    if (task.status === 'done') return task;
    const done = completeTask(task, now);
    const partition = subjectPartition(task);
    try {
      await this.table.transact(
        [
          {
            Update: {
              TableName: this.table.name,
              Key: keys.task(partition, task.id),
              UpdateExpression: 'SET #status = :done, #doneAt = :doneAt, #indexSort = :indexSort',
              // Still open, and still the assignee's the caller was checked against (a hand-over moves it).
              ConditionExpression: '#status = :open AND #indexPartition = :indexPartition',
              ExpressionAttributeNames: {
                '#status': 'status',
                '#doneAt': 'doneAt',
                '#indexSort': 'GSI2SK',
                '#indexPartition': 'GSI2PK',
              },
              ExpressionAttributeValues: {
                ':open': 'open',
                ':indexPartition': keys.tasksOf(task.assignee),
                ':done': 'done',
                ':doneAt': done.doneAt,
                ':indexSort': keys.taskOfAssignee(task.assignee, 'done', task.dueOn, task.id).GSI2SK,
              },
            },
          },
          ...(options.journal ? [journalPut(this.table.name, partition, options.journal)] : []),
        ],
        {
          idempotent: options.idempotent?.(done),
          onConditionFailed: (index) =>
            index === 0
              ? new TaskNoLongerOpen()
              : new ConflictError('Cette requête a déjà été traitée sous la même clé d’idempotence.'),
        },
      );
      return done;
    } catch (error) {
      if (!(error instanceof TaskNoLongerOpen)) throw error;
      const stored = await this.get(task.id);
      // Given to someone else meanwhile: theirs now, answered as a task that does not exist (API.md).
      if (stored && keys.tasksOf(stored.assignee) !== keys.tasksOf(task.assignee)) throw new NotFoundError('Tâche introuvable.');
      return stored ?? task;
    }
  }
}
