import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedTokenHash, feedTokenOf } from '../../lib/domain/calendar-feed.js';
import { ConcurrentWriteError } from '../../lib/errors.js';
import { keys } from '../../lib/store/keys.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

const at = (iso: string) => new Date(iso);
const feeds = () => table.stores.calendarFeeds;

describe('the calendar feed store on DynamoDB Local', () => {
  it('issues a 256-bit base64url token that opens the worker’s feed, and keeps only its hash', async () => {
    const workerId = `w-${randomUUID()}`;
    const created = await feeds().replace(workerId, at('2026-04-01T08:00:00Z'));
    expect(created.createdAt).toBe('2026-04-01T08:00:00.000Z');
    expect(Buffer.from(created.token, 'base64url')).toHaveLength(32);
    expect(feedTokenOf(created.token)).toBe(created.token);
    expect(await feeds().workerOf(created.token)).toBe(workerId);
    expect(await feeds().status(workerId)).toEqual({ active: true, createdAt: '2026-04-01T08:00:00.000Z' });
    const hashItem = await table.stores.table.get(keys.calendarFeed(feedTokenHash(created.token)));
    expect(hashItem).toMatchObject({ entity: 'calendar_feed', workerId, createdAt: '2026-04-01T08:00:00.000Z' });
    const workerItem = await table.stores.table.get(keys.calendarFeedOfWorker(workerId));
    expect(workerItem).toMatchObject({ tokenHash: feedTokenHash(created.token) });
    expect(JSON.stringify([hashItem, workerItem])).not.toContain(created.token);
  });

  it('kills the previous token when it issues a new one, marking its item for the TTL to delete', async () => {
    const workerId = `w-${randomUUID()}`;
    const first = await feeds().replace(workerId, at('2026-04-01T08:00:00Z'));
    const second = await feeds().replace(workerId, at('2026-04-02T08:00:00Z'));
    expect(await feeds().workerOf(first.token)).toBeNull();
    expect(await feeds().workerOf(second.token)).toBe(workerId);
    expect(await feeds().status(workerId)).toEqual({ active: true, createdAt: '2026-04-02T08:00:00.000Z' });
    expect(await table.stores.table.get(keys.calendarFeed(feedTokenHash(first.token)))).toMatchObject({
      revokedAt: '2026-04-02T08:00:00.000Z',
      expiresAt: Date.parse('2026-04-02T08:00:00Z') / 1000,
    });
  });

  it('refuses a token whose hash item is alive but which its worker’s item no longer names', async () => {
    const workerId = `w-${randomUUID()}`;
    const first = await feeds().replace(workerId, at('2026-04-01T08:00:00Z'));
    // The worker's item names another hash, as after a replacement whose mark on the old item were lost.
    await table.stores.table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.calendarFeedOfWorker(workerId), entity: 'calendar_feed_of_worker', workerId, tokenHash: 'other' },
      }),
    );
    expect(await table.stores.table.get(keys.calendarFeed(feedTokenHash(first.token)))).not.toHaveProperty('revokedAt');
    expect(await feeds().workerOf(first.token)).toBeNull();
  });

  it('revokes without replacing, and answers a worker without a feed the same', async () => {
    const workerId = `w-${randomUUID()}`;
    expect(await feeds().revoke(workerId, at('2026-04-01T08:00:00Z'))).toEqual({ active: false, createdAt: null });
    const created = await feeds().replace(workerId, at('2026-04-01T09:00:00Z'));
    expect(await feeds().revoke(workerId, at('2026-04-01T10:00:00Z'))).toEqual({ active: false, createdAt: null });
    expect(await feeds().workerOf(created.token)).toBeNull();
    expect(await feeds().status(workerId)).toEqual({ active: false, createdAt: null });
    const again = await feeds().replace(workerId, at('2026-04-01T11:00:00Z'));
    expect(await feeds().workerOf(again.token)).toBe(workerId);
  });

  it('lets one of two simultaneous replacements win and tells the other to retry, leaving exactly one live token', async () => {
    const workerId = `w-${randomUUID()}`;
    await feeds().replace(workerId, at('2026-04-01T08:00:00Z'));
    const outcomes = await Promise.allSettled([
      feeds().replace(workerId, at('2026-04-01T09:00:00Z')),
      feeds().replace(workerId, at('2026-04-01T09:00:00Z')),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(ConcurrentWriteError);
    const live = await Promise.all(won.map((outcome) => feeds().workerOf(outcome.value.token)));
    expect(live.filter((worker) => worker === workerId)).toHaveLength(1);
  });

  it('knows no worker for a token it never issued', async () => {
    expect(await feeds().workerOf(Buffer.alloc(32, 7).toString('base64url'))).toBeNull();
  });
});
