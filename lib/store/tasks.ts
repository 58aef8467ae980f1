import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Task } from '../domain/task.js';
import { keys } from './keys.js';
import { withoutKeys, type Item, type Table } from './table.js';

/**
 * Tasks live in their subject's partition (a measure's file, or a referral), so that the file's
 * one Query reads its open tasks and the write that removes a task's cause marks it done in the
 * same transaction. While open, a task is also in GSI2 under its assignee, by due date.
 */
function subjectPartition(task: Task): string {
  return task.measureId ? keys.measurePartition(task.measureId) : keys.referralPartition(task.referralId!);
}

export function taskItem(task: Task): Item {
  return {
    ...keys.task(subjectPartition(task), task.id),
    ...(task.status === 'open' ? keys.openTask(task.assignee, task.dueOn, task.id) : {}),
    // Open and not yet announced: in the notification index until its email has gone.
    ...(task.status === 'open' && !task.notifiedAt ? keys.notificationEntry(task.createdAt, task.id) : {}),
    entity: 'task',
    ...task,
  };
}

export function taskFromItem(item: Item): Task {
  return withoutKeys<Task>(item);
}

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
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
