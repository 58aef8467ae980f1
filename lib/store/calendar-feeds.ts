import { feedTokenHash, newFeedToken, type CalendarFeedStatus } from '../domain/calendar-feed.js';
import { ConcurrentWriteError, ConflictError } from '../errors.js';
import type { IdempotentWrite } from './idempotency.js';
import { keys } from './keys.js';
import type { Table, TransactItem } from './table.js';

/** The worker's item: the hash of their live token, absent once revoked. */
interface WorkerFeed {
  workerId: string;
  tokenHash?: string;
  createdAt?: string;
}

/** A new feed: the token, shown once to the worker and never stored. */
export interface CreatedFeed {
  token: string;
  createdAt: string;
}

/**
 * A failed condition on the feed's items: another replacement or revocation came first (the
 * writer retries from a fresh read); on the idempotency record, after them: the key's winner.
 */
const conditionFailed =
  (items: TransactItem[]) =>
  (index: number): Error =>
    index < items.length
      ? new ConcurrentWriteError()
      : new ConflictError('Cette requête a déjà été traitée sous la même clé d’idempotence.');

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * The workers' private calendar feeds. Only SHA-256 hashes of the tokens are stored. The functions
 * may not delete items: a replaced or revoked token's item is marked revoked and left to the TTL,
 * and the worker's item, overwritten in the same transaction, no longer names it; a token is live
 * only while its item is unmarked AND its worker's item names its hash.
 */
export class CalendarFeedStore {
  constructor(private readonly table: Table) {}

  private async current(workerId: string): Promise<WorkerFeed | null> {
    const item = await this.table.get(keys.calendarFeedOfWorker(workerId), { consistent: true });
    return item ? (item as unknown as WorkerFeed) : null;
  }

  /** Whether the worker has a live feed, and since when. */
  async status(workerId: string): Promise<CalendarFeedStatus> {
    const current = await this.current(workerId);
    return current?.tokenHash ? { active: true, createdAt: current.createdAt ?? null } : { active: false, createdAt: null };
  }

  /**
   * A new token for the worker, replacing the live one (which stops working with this write), in
   * one transaction with the request's idempotency record. The worker's item is written only if it
   * still names the hash read just before: two replacements at once cannot both win.
   */
  async replace(
    workerId: string,
    now: Date,
    idempotent?: (created: CreatedFeed) => IdempotentWrite | undefined,
  ): Promise<CreatedFeed> {
    const previous = await this.current(workerId);
    const created: CreatedFeed = { token: newFeedToken(), createdAt: now.toISOString() };
    const tokenHash = feedTokenHash(created.token);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.calendarFeed(tokenHash), entity: 'calendar_feed', workerId, createdAt: created.createdAt },
          // A token already issued would take a 256-bit collision: never, but never silently either.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      this.workerItem({ workerId, tokenHash, createdAt: created.createdAt }, previous),
      ...this.retire(previous, now),
    ];
    await this.table.transact(items, { idempotent: idempotent?.(created), onConditionFailed: conditionFailed(items) });
    return created;
  }

  /**
   * No live feed for the worker any more; a worker without one is answered the same. With an
   * idempotency record even then, so that a retry of this revocation never revokes a feed created
   * after it.
   */
  async revoke(
    workerId: string,
    now: Date,
    idempotent?: (status: CalendarFeedStatus) => IdempotentWrite | undefined,
  ): Promise<CalendarFeedStatus> {
    const revoked: CalendarFeedStatus = { active: false, createdAt: null };
    const previous = await this.current(workerId);
    const items = previous?.tokenHash ? [this.workerItem({ workerId }, previous), ...this.retire(previous, now)] : [];
    const record = idempotent?.(revoked);
    if (items.length > 0 || record) {
      await this.table.transact(items, { idempotent: record, onConditionFailed: conditionFailed(items) });
    }
    return revoked;
  }

  /** The worker whose live feed this token opens; null for a token never issued, replaced or revoked. */
  async workerOf(token: string): Promise<string | null> {
    const tokenHash = feedTokenHash(token);
    const feed = await this.table.get(keys.calendarFeed(tokenHash), { consistent: true });
    if (!feed || feed.entity !== 'calendar_feed' || feed.revokedAt !== undefined || typeof feed.workerId !== 'string')
      return null;
    const current = await this.current(feed.workerId);
    return current?.tokenHash === tokenHash ? feed.workerId : null;
  }

  /** The worker's item as `next` says, written only over the `previous` one read. */
  private workerItem(next: WorkerFeed, previous: WorkerFeed | null): TransactItem {
    return {
      Put: {
        TableName: this.table.name,
        Item: { ...keys.calendarFeedOfWorker(next.workerId), entity: 'calendar_feed_of_worker', ...next },
        ...(previous?.tokenHash
          ? {
              ConditionExpression: 'tokenHash = :previous',
              ExpressionAttributeValues: { ':previous': previous.tokenHash },
            }
          : { ConditionExpression: 'attribute_not_exists(tokenHash)' }),
      },
    };
  }

  /** The previous token's item, marked revoked and given to the TTL to delete. */
  private retire(previous: WorkerFeed | null, now: Date): TransactItem[] {
    if (!previous?.tokenHash) return [];
    return [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.calendarFeed(previous.tokenHash),
          UpdateExpression: 'SET revokedAt = :now, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':expiresAt': epochSeconds(now) },
        },
      },
    ];
  }
}
