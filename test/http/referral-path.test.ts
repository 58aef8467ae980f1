import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptance, validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';
import { parisToday } from '../support/dates.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let worker: string;
const today = parisToday();

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m1', 'manager');
  worker = await system.token('w1', 'worker');
  await system.registerStaff(acceptance.workerId);
});
afterAll(async () => system.stop());

describe('the referral path through the local runtime', () => {
  it('answers the health check', async () => {
    const answer = await system.request('GET', '/health');
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('receives a referral from a partner and gives it a reference number', async () => {
    const answer = await system.request('POST', '/referrals', { body: validReferral() });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'received', screening: { flags: ['urgent_eviction'] } });
    expect(answer.body.reference).toMatch(/^ASLL-\d{4}-\d{6}$/);
  });

  it('lets a manager list waiting referrals and accept one, which opens a measure', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const list = await system.request('GET', '/referrals?status=received', { token: manager });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);

    const decided = await system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: { ...acceptance, decidedOn: today },
    });
    expect(decided.status).toBe(201);
    expect(decided.body.referral).toMatchObject({ status: 'accepted', decision: { decision: 'accepted', decidedBy: 'm1' } });
    expect(decided.body.measure).toMatchObject({
      status: 'awaiting_contract',
      workerId: 'w-1',
      initialDurationMonths: 3,
      tasks: [],
    });

    const again = await system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: { decision: 'refused', decidedOn: today, reason: 'Doublon' },
    });
    expect(again.status).toBe(409);
  });

  it('lists waiting referrals oldest first when asked, page after page, for the manager who examines the queue', async () => {
    const created: string[] = [];
    for (let count = 0; count < 3; count += 1) {
      created.push((await system.request('POST', '/referrals', { body: validReferral() })).body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/referrals?status=received&order=oldest&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await system.request('GET', query, { token: manager });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => created.includes(id))).toEqual(created);
    const newest = await system.request('GET', '/referrals?status=received&limit=1', { token: manager });
    expect(newest.body.items[0].id).toBe(created.at(-1));

    const unknown = await system.request('GET', '/referrals?status=received&order=random', { token: manager });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'order', message: 'Ordre inconnu : newest ou oldest.' });
  });

  it('refuses the referral list to a caller without a token (401) and to a worker (403)', async () => {
    expect((await system.request('GET', '/referrals')).status).toBe(401);
    expect((await system.request('GET', '/referrals', { token: worker })).status).toBe(403);
  });
});
