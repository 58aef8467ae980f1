import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;
let manager: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  admin = await system.token('a1', 'admin');
  manager = await system.token('m1', 'manager');
  await system.registerStaff('w-ref');
});
afterAll(async () => {
  await system?.stop();
});

describe('GET /references/{reference}', () => {
  it('leads from a reference to its referral, then to the measure its acceptance opened', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const { id, reference } = created.body;
    const before = await system.request('GET', `/references/${reference}`, { token: admin });
    expect(before).toMatchObject({ status: 200, body: { reference, referralId: id, measureId: null } });

    const decided = await system.request('POST', `/referrals/${id}/decision`, {
      token: manager,
      body: { ...acceptance, workerId: 'w-ref', decidedOn: parisToday() },
    });
    expect(decided.status).toBe(201);
    const after = await system.request('GET', `/references/${reference.toLowerCase()}`, { token: manager });
    expect(after).toMatchObject({ status: 200, body: { reference, referralId: id, measureId: decided.body.measure.id } });
  });

  it('answers 404 for a reference no referral has, or that is no reference at all', async () => {
    for (const reference of ['ASLL-1999-000001', 'pas-une-reference', 'ASLL-2026-1']) {
      const answer = await system.request('GET', `/references/${reference}`, { token: admin });
      expect(answer.status, reference).toBe(404);
      expect(answer.body.error.message).toContain(reference);
    }
  });

  it('is for managers and administrators only', async () => {
    const worker = await system.token('w-ref', 'worker');
    expect((await system.request('GET', '/references/ASLL-2026-000001', { token: worker })).status).toBe(403);
    expect((await system.request('GET', '/references/ASLL-2026-000001')).status).toBe(401);
  });
});
