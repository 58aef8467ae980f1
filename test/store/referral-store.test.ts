import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReferral } from '../../lib/domain/decision.js';
import { receiveReferral, type Referral } from '../../lib/domain/intake.js';
import { policies } from '../../lib/domain/policies.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { fingerprint } from '../../lib/store/idempotency.js';
import { keys } from '../../lib/store/keys.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

async function stored(receivedAt = new Date()): Promise<Referral> {
  const sequence = await table.store.allocateReferenceSequence(2026);
  const referral = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence, receivedAt });
  await table.store.saveNewReferral(referral, { now: receivedAt, response: { statusCode: 201, body: {} } });
  return referral;
}

const decisionContext = (now = new Date()) => ({ managerId: 'm1', now, measureId: randomUUID() });
const today = () => new Date().toISOString().slice(0, 10);

describe('the referral store on DynamoDB Local', () => {
  it('allocates reference numbers that stay unique under 50 concurrent requests', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => table.store.allocateReferenceSequence(2031)));
    expect(new Set(numbers).size).toBe(50);
    expect(Math.max(...numbers)).toBe(50);
  });

  it('numbers each year from 1', async () => {
    expect(await table.store.allocateReferenceSequence(2040)).toBe(1);
    expect(await table.store.allocateReferenceSequence(2041)).toBe(1);
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
        await listing.store.saveNewReferral(referral, { now: new Date(), response: { statusCode: 201, body: {} } });
        ids.unshift(referral.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listing.store.listReferrals('received', { limit: 3, cursor });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
      expect(await listing.store.listReferrals('refused', { limit: 10 })).toEqual({ items: [], nextCursor: null });
    } finally {
      await listing.drop();
    }
  });

  it('refuses a forged cursor instead of reading another partition', async () => {
    const forged = Buffer.from(JSON.stringify({ PK: 'x', SK: 'y', GSI1PK: 'MEASURES#active', GSI1SK: 'z' })).toString(
      'base64url',
    );
    await expect(table.store.listReferrals('received', { limit: 5, cursor: forged })).rejects.toBeInstanceOf(ValidationError);
    await expect(table.store.listReferrals('received', { limit: 5, cursor: 'not base64 json' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('records a decision and its measure together, and moves the referral out of the waiting list', async () => {
    const referral = await stored();
    const outcome = decideReferral(
      referral,
      { ...acceptance, axes: ['budget'], decidedOn: today() },
      policies.meuse,
      decisionContext(),
    );
    await table.store.saveDecision(outcome, referral.version, { now: new Date(), response: { statusCode: 201, body: {} } });

    expect((await table.store.getReferral(referral.id))?.status).toBe('accepted');
    expect(await table.store.getMeasure(outcome.measure!.id)).toMatchObject({
      status: 'awaiting_contract',
      referralId: referral.id,
    });
    const waiting = await table.store.listReferrals('received', { limit: 100 });
    expect(waiting.items.map((item) => item.id)).not.toContain(referral.id);
    const trail = await table.store.auditTrail(keys.referral(referral.id).PK);
    expect(trail.map((entry) => entry.action)).toEqual(['received', 'decided']);
  });

  it('lets exactly one of two concurrent decisions on one referral succeed; the other gets a conflict', async () => {
    const referral = await stored();
    const accept = decideReferral(
      referral,
      { ...acceptance, axes: ['budget'], decidedOn: today() },
      policies.meuse,
      decisionContext(),
    );
    const refuse = decideReferral(
      referral,
      { decision: 'refused', decidedOn: today(), reason: 'Hors public' },
      policies.meuse,
      decisionContext(),
    );
    const results = await Promise.allSettled([
      table.store.saveDecision(accept, referral.version, { now: new Date(), response: { statusCode: 201, body: {} } }),
      table.store.saveDecision(refuse, referral.version, { now: new Date(), response: { statusCode: 200, body: {} } }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);

    const final = await table.store.getReferral(referral.id);
    const winner = results[0]!.status === 'fulfilled' ? accept : refuse;
    expect(final?.status).toBe(winner.referral.status);
    expect(accept.measure && (await table.store.getMeasure(accept.measure.id)) !== null).toBe(winner === accept);
  });

  it('replays the first response for a reused idempotency key and refuses the key with another body', async () => {
    const idempotency = { scope: `test#${randomUUID()}`, bodyHash: fingerprint('{"a":1}') };
    const first = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence: 9001, receivedAt: new Date() });
    const firstResponse = { statusCode: 201, body: { id: first.id } };
    expect(await table.store.saveNewReferral(first, { idempotency, now: new Date(), response: firstResponse })).toEqual(
      firstResponse,
    );

    const retry = receiveReferral(validReferral(), policies.meuse, { id: randomUUID(), sequence: 9002, receivedAt: new Date() });
    const replayed = await table.store.saveNewReferral(retry, {
      idempotency,
      now: new Date(),
      response: { statusCode: 201, body: { id: retry.id } },
    });
    expect(replayed).toEqual(firstResponse);
    expect(await table.store.getReferral(retry.id)).toBeNull();

    await expect(table.store.findReplay({ ...idempotency, bodyHash: fingerprint('{"a":2}') }, new Date())).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
