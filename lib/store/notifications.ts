import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Task } from '../domain/task.js';
import { keys } from './keys.js';
import { taskFromItem } from './tasks.js';
import type { Table } from './table.js';
import { isConditionFailed } from './transactions.js';

/** A task whose email has not gone to everyone yet, and the staff members it went to. */
export interface PendingTask {
  task: Task;
  sentTo: ReadonlySet<string>;
}

/** How long a run holds the tasks it is emailing about before another run may take them over. */
export const claimSeconds = 10 * 60;

function taskKey(task: Task) {
  const partition = task.measureId ? keys.measurePartition(task.measureId) : keys.referralPartition(task.referralId!);
  return keys.task(partition, task.id);
}

/**
 * The emails of new tasks, sent at least once and, short of a crash between sending and marking,
 * exactly once: a run claims a task (conditional write) before its email goes, marks it notified
 * only once the send succeeded, and gives the claim back when it failed, for the next run.
 */
export class NotificationStore {
  constructor(private readonly table: Table) {}

  /** Every open task whose email has not gone yet, with whom an earlier run already told. */
  async pending(): Promise<PendingTask[]> {
    const items = await this.table.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :notify',
      ExpressionAttributeValues: { ':notify': keys.notifications },
    });
    return items.map((item) => ({
      task: taskFromItem(item),
      sentTo: new Set((item.notifiedTo as Set<string> | undefined) ?? []),
    }));
  }

  /** Takes the task for this run; false when it was notified, closed, or is another live run's. */
  async claim(task: Task, runId: string, now: Date): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: taskKey(task),
          UpdateExpression: 'SET claimedBy = :run, claimedUntil = :until',
          ConditionExpression:
            'attribute_exists(GSI1PK) AND #status = :open AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':run': runId,
            ':until': Math.floor(now.getTime() / 1000) + claimSeconds,
            ':now': Math.floor(now.getTime() / 1000),
            ':open': 'open',
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** The email went: the task leaves the notification index for good. */
  async markNotified(task: Task, runId: string, at: Date): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: taskKey(task),
          UpdateExpression: 'SET notifiedAt = :at REMOVE GSI1PK, GSI1SK, claimedBy, claimedUntil, notifiedTo',
          ConditionExpression: 'claimedBy = :run',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':run': runId },
        }),
      );
    } catch (error) {
      // Closed meanwhile by the write that removed its cause: nothing left to mark.
      if (!isConditionFailed(error)) throw error;
    }
  }

  /**
   * An email of the task failed: the claim goes back, so that the next run sends it; `sentTo`, the
   * staff members whose email did go, are kept with it, so that the next run does not tell them again.
   */
  async release(task: Task, runId: string, sentTo: readonly string[]): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: taskKey(task),
          // A string set: ADD is a union, whatever the runs that release the task.
          UpdateExpression: `REMOVE claimedBy, claimedUntil${sentTo.length > 0 ? ' ADD notifiedTo :sent' : ''}`,
          ConditionExpression: 'claimedBy = :run',
          ExpressionAttributeValues: { ':run': runId, ...(sentTo.length > 0 ? { ':sent': new Set(sentTo) } : {}) },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
}
