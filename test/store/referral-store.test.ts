import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReferral } from '../../lib/domain/decision.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import type { Referral } from '../../lib/domain/referral.js';
import { policies } from '../../lib/domain/policies.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { fingerprint } from '../../lib/store/idempotency.js';
import { keys } from '../../lib/store/keys.js';
import type { JournalEntry } from '../../lib/store/journal.js';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

const entry = (action: string, actor = 'public'): JournalEntry => ({
  at: new Date().toISOString(),
  actor,
  groups: actor === 'public' ? [] : ['manager'],
  action,
  route: 'POST /test',
});

async function stored(receivedAt = new Date()): Promise<Referral> {
  const sequence = await table.stores.referrals.allocateReferenceSequence(2026);
  const referral = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence, receivedAt });
  await table.stores.referrals.saveNew(referral, { policy: policies.meuse, journal: entry('received') });
  return referral;
}

const decisionContext = (now = new Date()) => ({
  managerId: 'm1',
  now,
  measureId: randomUUID(),
  worker: { id: acceptance.workerId, active: true, groups: ['worker' as const] },
});

describe('the referral store on DynamoDB Local', () => {
  it('allocates reference numbers that stay unique under 50 concurrent requests', async () => {
    const { referrals } = table.stores;
    const numbers = await Promise.all(Array.from({ length: 50 }, () => referrals.allocateReferenceSequence(2031)));
    expect(new Set(numbers).size).toBe(50);
    expect(Math.max(...numbers)).toBe(50);
  });

  it('numbers each year from 1', async () => {
    expect(await table.stores.referrals.allocateReferenceSequence(2040)).toBe(1);
    expect(await table.stores.referrals.allocateReferenceSequence(2041)).toBe(1);
  });

  it('lists waiting referrals newest first, page by page, without repeating or losing one', async () => {
    const listing = await freshTable();
    try {
      const ids: string[] = [];
      for (let index = 0; index < 7; index += 1) {
        const referral = receiveReferral(validReferral(), policies.meuse, {
          id: randomUUID(),
          sequence: index + 1,
          receivedAt: new Date(Date.UTC(2026, 0, 1 + index)),
        });
        await listing.stores.referrals.saveNew(referral, { policy: policies.meuse, journal: entry('received') });
        ids.unshift(referral.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listing.stores.referrals.list('received', { limit: 3, cursor });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
      expect(await listing.stores.referrals.list('refused', { limit: 10 })).toEqual({ items: [], nextCursor: null });
    } finally {
      await listing.drop();
    }
  });

  const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

  it.each([
    ['names another partition', { PK: 'x', SK: 'y', GSI1PK: 'MEASURES#active', GSI1SK: 'z' }],
    ['is not base64 JSON', 'not base64 json'],
    ['has an empty key value', { PK: '', SK: 'REFERRAL', GSI1PK: 'REFERRALS#received', GSI1SK: 'z' }],
    ['has an empty sort key', { PK: 'REFERRAL#x', SK: 'REFERRAL', GSI1PK: 'REFERRALS#received', GSI1SK: '' }],
    ['has a key value too long for DynamoDB', { PK: 'é'.repeat(600), SK: 'REFERRAL', GSI1PK: 'REFERRALS#received', GSI1SK: 'z' }],
    ['has a key value of the wrong type', { PK: 12, SK: 'REFERRAL', GSI1PK: 'REFERRALS#received', GSI1SK: 'z' }],
    ['has a lone surrogate', { PK: 'REFERRAL#\ud800', SK: 'REFERRAL', GSI1PK: 'REFERRALS#received', GSI1SK: 'z' }],
    ['lacks a key attribute', { PK: 'REFERRAL#x', SK: 'REFERRAL', GSI1PK: 'REFERRALS#received' }],
  ])('refuses a cursor that %s with a validation error, never a DynamoDB failure', async (_case, key) => {
    const cursor = typeof key === 'string' ? key : cursorOf(key);
    await expect(table.stores.referrals.list('received', { limit: 5, cursor })).rejects.toBeInstanceOf(ValidationError);
  });

  it('records a decision and its measure together, and moves the referral out of the waiting list', async () => {
    const referral = await stored();
    const outcome = decideReferral(
      referral,
      { ...acceptance, axes: ['budget'], decidedOn: parisToday() },
      policies.meuse,
      decisionContext(),
    );
    await table.stores.referrals.saveDecision(outcome, referral.version, {
      policy: policies.meuse,
      journal: entry('decided', 'm1'),
    });

    expect((await table.stores.referrals.get(referral.id))?.status).toBe('accepted');
    expect(await table.stores.measures.get(outcome.measure!.id)).toMatchObject({
      status: 'awaiting_contract',
      referralId: referral.id,
    });
    const waiting = await table.stores.referrals.list('received', { limit: 100 });
    expect(waiting.items.map((item) => item.id)).not.toContain(referral.id);
    const journal = await table.stores.journal.list(keys.referralPartition(referral.id), { limit: 10 });
    expect(journal.items.map((line) => [line.action, line.actor])).toEqual([
      ['received', 'public'],
      ['decided', 'm1'],
    ]);
    const measureJournal = await table.stores.journal.list(keys.measurePartition(outcome.measure!.id), { limit: 10 });
    expect(measureJournal.items.map((line) => line.action)).toEqual(['decided']);
  });

  it('lets exactly one of two concurrent decisions on one referral succeed; the other gets a conflict', async () => {
    const referral = await stored();
    const accept = decideReferral(
      referral,
      { ...acceptance, axes: ['budget'], decidedOn: parisToday() },
      policies.meuse,
      decisionContext(),
    );
    const refuse = decideReferral(
      referral,
      { decision: 'refused', decidedOn: parisToday(), reason: 'Hors public' },
      policies.meuse,
      decisionContext(),
    );
    const results = await Promise.allSettled([
      table.stores.referrals.saveDecision(accept, referral.version, { policy: policies.meuse, journal: entry('decided', 'm1') }),
      table.stores.referrals.saveDecision(refuse, referral.version, { policy: policies.meuse, journal: entry('decided', 'm2') }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);

    const final = await table.stores.referrals.get(referral.id);
    const winner = results[0]!.status === 'fulfilled' ? accept : refuse;
    expect(final?.status).toBe(winner.referral.status);
    expect(accept.measure && (await table.stores.measures.get(accept.measure.id)) !== null).toBe(winner === accept);
  });

  it('keeps the first result under an idempotency key, writes nothing for a second use, and refuses the key with another body', async () => {
    const request = { scope: `test#${randomUUID()}`, bodyHash: fingerprint('{"a":1}') };
    const first = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence: 9001, receivedAt: new Date() });
    await table.stores.referrals.saveNew(first, {
      policy: policies.meuse,
      journal: entry('received'),
      idempotent: { request, result: { id: first.id }, now: new Date() },
    });
    expect(await table.stores.idempotency.find(request, new Date())).toEqual({ result: { id: first.id } });

    const retry = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence: 9002, receivedAt: new Date() });
    await expect(
      table.stores.referrals.saveNew(retry, {
        policy: policies.meuse,
        journal: entry('received'),
        idempotent: { request, result: { id: retry.id }, now: new Date() },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await table.stores.referrals.get(retry.id)).toBeNull();

    await expect(
      table.stores.idempotency.find({ ...request, bodyHash: fingerprint('{"a":2}') }, new Date()),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
