import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nextActionableOn } from '../domain/deadlines.js';
import type { DecisionOutcome } from '../domain/decision.js';
import type { DepartmentPolicy } from '../domain/policies.js';
import type { Task } from '../domain/task.js';
import type { Referral } from '../domain/referral.js';
import type { ReferralStatus } from '../domain/vocabulary.js';
import { ConflictError } from '../errors.js';
import type { IdempotentWrite } from './idempotency.js';
import { journalPut, type JournalEntry } from './journal.js';
import { keys } from './keys.js';
import { measurePut } from './measures.js';
import { measureMarker, referralMarker } from './statistics-updates.js';
import { taskFromItem, taskItem } from './tasks.js';
import type { Page } from './pagination.js';
import { withoutKeys, type ListOptions, type Table, type TransactItem } from './table.js';

function referralItem(referral: Referral, policy: DepartmentPolicy) {
  return {
    ...keys.referral(referral.id),
    ...keys.referralByStatus(referral.status, referral.receivedAt, referral.id),
    ...keys.referralByReference(referral.reference),
    ...keys.deadlineEntry(nextActionableOn(referral, policy), keys.referralPartition(referral.id)),
    entity: 'referral',
    ...referral,
  };
}

/** What a reference leads to: the referral it was given, and the measure opened by its acceptance. */
export interface ReferenceTarget {
  reference: string;
  referralId: string;
  measureId: string | null;
}

/** What a referral write carries besides the referral: the policy (for its deadlines), its journal entry, its idempotency record. */
export interface ReferralWrite {
  policy: DepartmentPolicy;
  journal: JournalEntry;
  idempotent?: IdempotentWrite | undefined;
  /** The referral's open tasks as read: a decision removes their cause, so it marks them done. */
  openTasks?: Task[];
}

const present = <T>(item: T | null): T[] => (item === null ? [] : [item]);

/** Referrals: receipt with its reference number, lists by status, the decision. */
export class ReferralStore {
  constructor(private readonly table: Table) {}

  /** Next number of the year's reference sequence; atomic, so unique under concurrency. */
  async allocateReferenceSequence(year: number): Promise<number> {
    const result = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.referenceCounter(year),
        UpdateExpression: 'ADD lastValue :one SET entity = :entity',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'counter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.lastValue);
  }

  async saveNew(referral: Referral, write: ReferralWrite): Promise<void> {
    const { policy, journal, idempotent } = write;
    await this.table.transact(
      [
        {
          Put: {
            TableName: this.table.name,
            Item: referralItem(referral, policy),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        journalPut(this.table.name, keys.referralPartition(referral.id), journal),
        ...present(referralMarker(this.table.name, null, referral, journal.at)),
      ],
      { idempotent, onConditionFailed: () => new ConflictError('Cette demande existe déjà.') },
    );
  }

  async get(id: string): Promise<Referral | null> {
    const item = await this.table.get(keys.referral(id));
    return item ? withoutKeys<Referral>(item) : null;
  }

  /** Referrals of one status by date of receipt, newest first unless `order` asks for the oldest. */
  async list(status: ReferralStatus, options: ListOptions, order: 'newest' | 'oldest' = 'newest'): Promise<Page<Referral>> {
    return this.table.page<Referral>(
      { index: 'GSI1', partition: keys.referralsByStatus(status), ascending: order === 'oldest' },
      options,
    );
  }

  /** The referral's open tasks (`referral_waiting`), read from its partition. */
  async openTasks(id: string): Promise<Task[]> {
    const items = await this.table.partition(keys.referralPartition(id), {
      sortPrefix: keys.referralTaskPrefix,
      consistent: true,
    });
    return items.map(taskFromItem).filter((task) => task.status === 'open');
  }

  /** The referral and measure a reference leads to; null when no referral has it. */
  async findReference(reference: string): Promise<ReferenceTarget | null> {
    const page = await this.table.page<Referral>(
      { index: 'GSI2', partition: keys.referralsByReference(reference) },
      { limit: 1 },
    );
    const referral = page.items[0];
    return referral
      ? { reference: referral.reference, referralId: referral.id, measureId: referral.decision?.measureId ?? null }
      : null;
  }

  /**
   * Records a decision in one transaction: the referral changes only if it is still the version
   * that was decided on (so still `received`), and an acceptance creates its measure.
   */
  async saveDecision(outcome: DecisionOutcome, expectedVersion: number, write: ReferralWrite): Promise<void> {
    const { policy, journal, idempotent } = write;
    const { referral, measure } = outcome;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table.name,
          Item: referralItem(referral, policy),
          ConditionExpression: 'attribute_exists(PK) AND #version = :expectedVersion AND #status = :received',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion, ':received': 'received' },
        },
      },
      journalPut(this.table.name, keys.referralPartition(referral.id), journal),
      // A decision adds the decision to the referral and changes nothing else it counts.
      ...present(referralMarker(this.table.name, { ...referral, decision: null }, referral, journal.at)),
    ];
    for (const task of write.openTasks ?? []) {
      items.push({
        Put: {
          TableName: this.table.name,
          Item: taskItem({ ...task, status: 'done', doneAt: journal.at }),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      });
    }
    if (measure) {
      items.push(measurePut(this.table.name, measure, { create: true, policy }));
      items.push(journalPut(this.table.name, keys.measurePartition(measure.id), journal));
      items.push(...present(measureMarker(this.table.name, null, measure, policy, journal.at)));
    }
    await this.table.transact(items, {
      idempotent,
      onConditionFailed: () => new DecisionRefusedError(),
    });
  }
}

/**
 * The referral was no longer as read: decided meanwhile, or given a task by the deadlines job. The
 * caller tells them apart by reading it again.
 */
export class DecisionRefusedError extends ConflictError {
  constructor() {
    super('Cette demande a déjà fait l’objet d’une décision.');
  }
}
