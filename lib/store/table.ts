import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../errors.js';
import { idempotencyPut, type IdempotentWrite } from './idempotency.js';
import { keyAttributes, keys } from './keys.js';
import { decodeCursor, encodeCursor, type Page } from './pagination.js';
import type { IndexName } from './table-definition.js';
import { failedConditions, isTransactionConflict } from './transactions.js';

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface ListOptions {
  limit: number;
  cursor?: string | undefined;
}

export interface PageQuery {
  /** A global secondary index; absent: the table itself. */
  index?: IndexName;
  partition: string;
  /** Only sort keys that start with this. */
  sortPrefix?: string;
  /** Oldest (smallest sort key) first; default newest first. */
  ascending?: boolean;
}

/** An item as the API shows it: without the storage machinery (keys, entity, expiry). */
export function withoutKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const attribute of keyAttributes) delete copy[attribute];
  return copy as T;
}

/**
 * The one table module every aggregate's store shares: reads, paginated queries with checked
 * cursors, and transactions that carry an idempotency record and turn DynamoDB's cancellation
 * reasons into the project's errors.
 */
export class Table {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /**
   * Proves the table answers: a read of a key nothing is stored under (half a read unit on AWS),
   * given up after `timeoutMs`. Throws whatever the SDK throws when it does not answer.
   */
  async probe(timeoutMs: number): Promise<void> {
    await this.client.send(new GetCommand({ TableName: this.name, Key: keys.healthProbe }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
  }

  async get(key: Item, options: { consistent?: boolean } = {}): Promise<Item | null> {
    const result = await this.client.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: options.consistent }));
    return result.Item ?? null;
  }

  /**
   * Every item a Query finds, page after page. `onPage` hears each page's item count and read units
   * (asked for only when it is given), for the jobs that report what they read.
   */
  async queryAll(
    query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'ReturnConsumedCapacity'>,
    onPage?: (items: number, readUnits: number) => void,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          ...query,
          TableName: this.name,
          ExclusiveStartKey: startKey,
          ...(onPage ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      onPage?.(result.Items?.length ?? 0, result.ConsumedCapacity?.CapacityUnits ?? 0);
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Every item of one partition (optionally of one sort-key prefix), in sort-key order. */
  async partition(partition: string, options: { sortPrefix?: string; consistent?: boolean } = {}): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: options.sortPrefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partition, ...(options.sortPrefix ? { ':prefix': options.sortPrefix } : {}) },
      ConsistentRead: options.consistent,
    });
  }

  /** One page of a partition of the table or of an index, with an opaque cursor to the next. */
  async page<T>(query: PageQuery, options: ListOptions): Promise<Page<T>> {
    const partitionAttribute = query.index ? `${query.index}PK` : 'PK';
    const sortAttribute = query.index ? `${query.index}SK` : 'SK';
    const cursorAttributes = query.index ? ['PK', 'SK', partitionAttribute, sortAttribute] : ['PK', 'SK'];
    const exclusiveStartKey = decodeCursor(options.cursor, {
      partitionAttribute,
      partitionValue: query.partition,
      attributes: cursorAttributes,
      sortPrefix: query.sortPrefix === undefined ? undefined : { attribute: sortAttribute, prefix: query.sortPrefix },
    });
    // One item more than asked tells whether another page exists, so the last page has no cursor.
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.name,
        IndexName: query.index,
        KeyConditionExpression: query.sortPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionAttribute, ...(query.sortPrefix ? { '#sk': sortAttribute } : {}) },
        ExpressionAttributeValues: { ':pk': query.partition, ...(query.sortPrefix ? { ':prefix': query.sortPrefix } : {}) },
        ScanIndexForward: query.ascending ?? false,
        Limit: options.limit + 1,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    const items = result.Items ?? [];
    const page = items.slice(0, options.limit);
    const last = page.at(-1);
    const startOfNextPage =
      items.length > options.limit && last
        ? Object.fromEntries(cursorAttributes.map((attribute) => [attribute, last[attribute]]))
        : result.LastEvaluatedKey; // set when DynamoDB stopped at its 1 MB page size
    return { items: page.map((item) => withoutKeys<T>(item)), nextCursor: encodeCursor(startOfNextPage) };
  }

  /**
   * Writes `items` in one transaction, with the idempotency record of the request when it has a
   * key. A failed condition becomes `onConditionFailed(index)` (the first failing item's position;
   * `items.length` for the idempotency record, whose winner the caller replays); losing a race
   * with another transaction is a ConcurrentWriteError, which callers may retry.
   */
  async transact(items: TransactItem[], options: { idempotent?: IdempotentWrite; onConditionFailed: (index: number) => Error }) {
    const all = options.idempotent ? [...items, idempotencyPut(this.name, options.idempotent)] : items;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: all }));
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      const first = failed.indexOf(true);
      if (first >= 0) throw options.onConditionFailed(first);
      if (isTransactionConflict(error)) throw new ConcurrentWriteError();
      throw error;
    }
  }
}
