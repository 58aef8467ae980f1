import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-races', 'manager');
  await system.registerStaff(acceptance.workerId);
});
afterAll(async () => system.stop());

const sameTwentyTimes = <T>(send: () => Promise<T>) => Promise.all(Array.from({ length: 20 }, send));

describe('retries of one keyed write sent all at once', () => {
  it('answer twenty identical decisions with the same first answer, never 409, and decide once', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const body = { ...acceptance, decidedOn: parisToday() };
    const headers = { 'Idempotency-Key': `race-${created.body.id}` };
    const answers = await sameTwentyTimes(() =>
      system.request('POST', `/referrals/${created.body.id}/decision`, { token: manager, body, headers }),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const measureIds = new Set(answers.map((answer) => answer.body.measure.id));
    expect(measureIds.size).toBe(1);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    const accepted = await system.request('GET', '/referrals?status=accepted', { token: manager });
    expect(accepted.body.items.filter((item: { id: string }) => item.id === created.body.id)).toHaveLength(1);
  });

  it('answer twenty identical keyed referrals with one reference and store one referral', async () => {
    const before = await system.countItems();
    const headers = { 'Idempotency-Key': 'race-form-submit-1' };
    const answers = await sameTwentyTimes(() => system.request('POST', '/referrals', { body: validReferral(), headers }));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((answer) => answer.body.reference)).size).toBe(1);
    // the referral, its journal entry, the idempotency record (the year counter existed already)
    expect(await system.countItems()).toBe(before + 3);
  });

  it('still lets two different decisions race: one wins, the other is told the referral was decided', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const [first, second] = await Promise.all([
      system.request('POST', `/referrals/${created.body.id}/decision`, {
        token: manager,
        body: { decision: 'refused', decidedOn: parisToday(), reason: 'Hors public' },
        headers: { 'Idempotency-Key': 'k-refuse' },
      }),
      system.request('POST', `/referrals/${created.body.id}/decision`, {
        token: manager,
        body: { ...acceptance, decidedOn: parisToday() },
        headers: { 'Idempotency-Key': 'k-accept' },
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual(first.status === 200 || second.status === 200 ? [200, 409] : [201, 409]);
  });
});
