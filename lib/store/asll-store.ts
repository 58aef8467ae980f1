import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DecisionOutcome, Measure } from '../domain/decision.js';
import type { Referral } from '../domain/intake.js';
import type { ReferralStatus } from '../domain/vocabulary.js';
import { ConflictError } from '../errors.js';
import { idempotencyItem, replayOf, type IdempotencyRequest, type StoredResponse } from './idempotency.js';
import { keyAttributes, keys } from './keys.js';
import { decodeCursor, encodeCursor, type Page } from './pagination.js';
import type { IndexName } from './table-definition.js';
import { failedConditions, isTransactionConflict } from './transactions.js';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface ListOptions {
  limit: number;
  cursor?: string | undefined;
}

/** A write that may carry an idempotency key: the stored response is part of the same transaction. */
export interface WriteOptions {
  idempotency?: IdempotencyRequest | undefined;
  response: StoredResponse;
  now: Date;
}

function withoutKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const attribute of keyAttributes) delete copy[attribute];
  return copy as T;
}

function referralItem(referral: Referral): Item {
  return {
    ...keys.referral(referral.id),
    ...keys.referralByStatus(referral.status, referral.receivedAt, referral.id),
    entity: 'referral',
    ...referral,
  };
}

function measureItem(measure: Measure): Item {
  return {
    ...keys.measure(measure.id),
    ...keys.measureByStatus(measure.status, measure.createdAt, measure.id),
    ...keys.measureOfWorker(measure.workerId, measure.createdAt, measure.id),
    entity: 'measure',
    ...measure,
  };
}

function auditItem(subjectPartition: string, at: string, action: string, actor: string, detail: Item): Item {
  return { ...keys.audit(subjectPartition, at, action), entity: 'audit', at, action, actor, ...detail };
}

/** DynamoDB access for referrals and measures: the only place that knows the table's layout. */
export class AsllStore {
  constructor(
    private readonly documentClient: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Proves the table answers: a read of a key nothing is stored under (half a read unit on AWS),
   * given up after `timeoutMs`. Throws whatever the SDK throws when it does not answer.
   */
  async probe(timeoutMs: number): Promise<void> {
    await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: keys.healthProbe }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
  }

  /** Next number of the year's reference sequence; atomic, so unique under concurrency. */
  async allocateReferenceSequence(year: number): Promise<number> {
    const result = await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(year),
        UpdateExpression: 'ADD lastValue :one SET entity = :entity',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'counter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.lastValue);
  }

  /** The first response stored under this idempotency key, if any (conflict if the body differs). */
  async findReplay(request: IdempotencyRequest | undefined, now: Date): Promise<StoredResponse | null> {
    if (!request) return null;
    const result = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(request.scope), ConsistentRead: true }),
    );
    return result.Item ? replayOf(result.Item, request, now) : null;
  }

  async saveNewReferral(referral: Referral, options: WriteOptions): Promise<StoredResponse> {
    const partition = keys.referral(referral.id).PK;
    return this.transact(
      [
        { Put: { TableName: this.tableName, Item: referralItem(referral), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName: this.tableName,
            Item: auditItem(partition, referral.receivedAt, 'received', referral.referrer.kind, {
              reference: referral.reference,
            }),
          },
        },
      ],
      options,
      () => new ConflictError('Cette demande existe déjà.'),
    );
  }

  async getReferral(id: string): Promise<Referral | null> {
    const result = await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: keys.referral(id) }));
    return result.Item ? withoutKeys<Referral>(result.Item) : null;
  }

  async listReferrals(status: ReferralStatus, options: ListOptions): Promise<Page<Referral>> {
    return this.queryIndex<Referral>('GSI1', keys.referralsByStatus(status), options);
  }

  /**
   * Records a decision in one transaction: the referral changes only if it is still the version
   * that was decided on (so still `received`), and an acceptance creates its measure.
   */
  async saveDecision(outcome: DecisionOutcome, expectedVersion: number, options: WriteOptions): Promise<StoredResponse> {
    const { referral, measure } = outcome;
    const partition = keys.referral(referral.id).PK;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: referralItem(referral),
          ConditionExpression: 'attribute_exists(PK) AND #version = :expectedVersion AND #status = :received',
          ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion, ':received': 'received' },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: auditItem(
            partition,
            referral.decision?.decidedAt ?? options.now.toISOString(),
            'decided',
            referral.decision?.decidedBy ?? '',
            {
              decision: referral.status,
              measureId: measure?.id ?? null,
            },
          ),
        },
      },
    ];
    if (measure) {
      items.push({
        Put: { TableName: this.tableName, Item: measureItem(measure), ConditionExpression: 'attribute_not_exists(PK)' },
      });
    }
    return this.transact(items, options, () => new ConflictError('Cette demande a déjà fait l’objet d’une décision.'));
  }

  async getMeasure(id: string): Promise<Measure | null> {
    const result = await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: keys.measure(id) }));
    return result.Item ? withoutKeys<Measure>(result.Item) : null;
  }

  /** Entries of a subject's audit trail, oldest first. */
  async auditTrail(subjectPartition: string): Promise<Item[]> {
    const result = await this.documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': subjectPartition, ':audit': 'AUDIT#' },
      }),
    );
    return (result.Items ?? []).map((item) => withoutKeys<Item>(item));
  }

  private async queryIndex<T>(indexName: IndexName, partitionValue: string, options: ListOptions): Promise<Page<T>> {
    const partitionAttribute = `${indexName}PK`;
    const sortAttribute = `${indexName}SK`;
    const exclusiveStartKey = decodeCursor(options.cursor, {
      partitionAttribute,
      partitionValue,
      attributes: ['PK', 'SK', partitionAttribute, sortAttribute],
    });
    // One item more than asked tells whether another page exists, so the last page has no cursor.
    const result = await this.documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionAttribute },
        ExpressionAttributeValues: { ':pk': partitionValue },
        ScanIndexForward: false,
        Limit: options.limit + 1,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    const items = result.Items ?? [];
    const page = items.slice(0, options.limit);
    const last = page.at(-1);
    const startOfNextPage =
      items.length > options.limit && last
        ? { PK: last.PK, SK: last.SK, [partitionAttribute]: last[partitionAttribute], [sortAttribute]: last[sortAttribute] }
        : result.LastEvaluatedKey; // set when DynamoDB stopped at its 1 MB page size
    return { items: page.map((item) => withoutKeys<T>(item)), nextCursor: encodeCursor(startOfNextPage) };
  }

  /**
   * Runs a transaction, adding the idempotency record when there is a key. A lost race on the key
   * replays the winner's response; a failed business condition becomes `onConditionFailed()`.
   */
  private async transact(items: TransactItem[], options: WriteOptions, onConditionFailed: () => Error): Promise<StoredResponse> {
    const all = [...items];
    if (options.idempotency) {
      all.push({
        Put: {
          TableName: this.tableName,
          Item: idempotencyItem(options.idempotency, options.response, options.now),
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :nowSeconds',
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(options.now.getTime() / 1000) },
        },
      });
    }
    try {
      await this.documentClient.send(new TransactWriteCommand({ TransactItems: all }));
      return options.response;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      if (options.idempotency && failed[all.length - 1]) {
        const replay = await this.findReplay(options.idempotency, options.now);
        if (replay) return replay;
      }
      if (failed.some(Boolean)) throw onConditionFailed();
      if (isTransactionConflict(error))
        throw new ConflictError('Une autre modification est en cours sur ce dossier ; réessayez.');
      throw error;
    }
  }
}
