import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/measure-dates.js';
import type { Measure, Visit } from '../domain/measure.js';
import type { Referral } from '../domain/referral.js';
import type { Task } from '../domain/task.js';
import { keys } from './keys.js';
import { measureHeadFromItem } from './measures.js';
import { taskItem } from './tasks.js';
import { withoutKeys, type Item, type Table } from './table.js';
import { isConditionFailed } from './transactions.js';

/** A referral or a measure the deadlines index says may call for a task, as it was read. */
export type DueSubject =
  { kind: 'referral'; referral: Referral; version: number } | { kind: 'measure'; measure: Measure; version: number };

/** What reading the index cost: items returned and read units consumed (the benchmark's figures). */
export interface ReadCost {
  itemsRead: number;
  readUnits: number;
}

function headKey(subject: DueSubject) {
  return subject.kind === 'referral' ? keys.referral(subject.referral.id) : keys.measure(subject.measure.id);
}

function partitionOf(subject: DueSubject) {
  return subject.kind === 'referral' ? keys.referralPartition(subject.referral.id) : keys.measurePartition(subject.measure.id);
}

function subjectOf(item: Item): DueSubject {
  const version = Number(item.version);
  return item.entity === 'referral'
    ? { kind: 'referral', referral: withoutKeys<Referral>(item), version }
    : { kind: 'measure', measure: measureHeadFromItem(item), version };
}

/**
 * The deadlines job's reads and writes: the subjects due by a day, read from the sparse index
 * alone (never a Scan, never every measure), and the tasks they call for, each created once.
 */
export class DeadlineStore {
  constructor(private readonly table: Table) {}

  /** Whether the visit cadence of `month` (`YYYY-MM`) was checked already. */
  async cadenceChecked(month: string): Promise<boolean> {
    return (await this.table.get(keys.cadenceChecked(month), { consistent: true })) !== null;
  }

  async markCadenceChecked(month: string, at: Date): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.cadenceChecked(month), entity: 'job', checkedAt: at.toISOString() },
      }),
    );
  }

  /** Every referral and measure head filed in the index for `today` or earlier. */
  async dueBy(today: string): Promise<{ subjects: DueSubject[]; cost: ReadCost }> {
    const cost: ReadCost = { itemsRead: 0, readUnits: 0 };
    const items = await this.table.queryAll(
      {
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :deadlines AND GSI3SK < :after',
        // Entries sort by their date: everything before the next day is due by today.
        ExpressionAttributeValues: { ':deadlines': keys.deadlines, ':after': addDays(today, 1) },
      },
      (count, units) => {
        cost.itemsRead += count;
        cost.readUnits += units;
      },
    );
    return { subjects: items.map(subjectOf), cost };
  }

  /**
   * Creates the tasks a subject calls for and files it again under `next` (the day a rule may next
   * fire; null takes it out of the index). Each task is created once: its id names its cause, so a
   * second run finds it there and creates nothing. A task joins its file, so its creation moves the
   * file's version on, in the same transaction and only if the file is still as it was read: a
   * lifecycle write computed meanwhile then retries from a fresh read and closes the task if its
   * cause went away. When the subject changed since it was read, the job leaves it: that write
   * filed it anew, and the next run judges its new state. Returns the tasks created.
   */
  async fileTasks(subject: DueSubject, tasks: Task[], next: string | null | 'keep'): Promise<Task[]> {
    const created: Task[] = [];
    let version = subject.version;
    for (const task of tasks) {
      try {
        await this.table.transact(
          [
            {
              Put: {
                TableName: this.table.name,
                Item: taskItem(task),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Update: this.refiling(subject, version, next, { bumpVersion: true }) },
          ],
          { onConditionFailed: (index) => new FilingRefused(index === 0 ? 'exists' : 'changed') },
        );
        version += 1;
        created.push(task);
      } catch (error) {
        if (!(error instanceof FilingRefused)) throw error;
        if (error.reason === 'changed') return created;
      }
    }
    if (created.length === 0 && next !== 'keep') {
      try {
        await this.table.client.send(new UpdateCommand(this.refiling(subject, version, next, { bumpVersion: false })));
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    return created;
  }

  /** The head's update: its version moved on, its index entry filed under `next`, removed (null) or left ('keep'). */
  private refiling(subject: DueSubject, version: number, nextOrKeep: string | null | 'keep', options: { bumpVersion: boolean }) {
    const keep = nextOrKeep === 'keep';
    const next = keep ? null : nextOrKeep;
    const entry = keys.deadlineEntry(next, partitionOf(subject));
    const sets = [
      ...(options.bumpVersion ? ['#version = #version + :one'] : []),
      ...(next ? ['GSI3PK = :pk', 'GSI3SK = :sk'] : []),
    ];
    return {
      TableName: this.table.name,
      Key: headKey(subject),
      UpdateExpression: [sets.length > 0 ? `SET ${sets.join(', ')}` : '', next || keep ? '' : 'REMOVE GSI3PK, GSI3SK']
        .filter(Boolean)
        .join(' '),
      ConditionExpression: '#version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: {
        ':read': version,
        ...(options.bumpVersion ? { ':one': 1 } : {}),
        ...(next ? { ':pk': (entry as { GSI3PK: string }).GSI3PK, ':sk': (entry as { GSI3SK: string }).GSI3SK } : {}),
      },
    };
  }
}

/** The visits a measure's file holds for one month (`YYYY-MM`): one Query on the file's visit items. */
export async function visitsOfMonth(table: Table, measureId: string, month: string): Promise<Visit[]> {
  const items = await table.partition(keys.measurePartition(measureId), { sortPrefix: keys.measureVisitsOfMonth(month) });
  return items.map((item) => withoutKeys<Visit>(item));
}

/** Why a task was not filed: it exists already, or its subject changed since it was read. */
class FilingRefused extends Error {
  constructor(readonly reason: 'exists' | 'changed') {
    super(reason);
  }
}
