import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';
import { parisToday } from '../support/dates.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  system = await startTestRuntime('dordogne');
});
afterAll(async () => system.stop());

describe('a department that restricts who may refer (dordogne)', () => {
  it('offers only its four referrer kinds on the form', async () => {
    const answer = await system.request('GET', '/referral-form');
    expect(answer.body.allowedReferrerKinds).toEqual(['travailleur_social', 'mission_locale', 'adil', 'udaf']);
    expect(answer.body.policy.id).toBe('dordogne');
  });

  it('tells the decision form the initial durations its policy allows: 3 to 6 months', async () => {
    const answer = await system.request('GET', '/referral-form');
    expect(answer.body.policy.initialDurationsMonths).toEqual([3, 4, 5, 6]);
  });

  it('refuses a self-referral with 422, says who may refer, and spends no reference number', async () => {
    const refused = await system.request('POST', '/referrals', {
      body: validReferral({ referrer: { kind: 'household', name: 'Léa Durand' } }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('POLICY_VIOLATION');
    expect(refused.body.error.message).toContain('Mission Locale');
    expect(refused.body.error.details[0].path).toBe('referrer.kind');
    expect(await system.countItems()).toBe(0);

    const accepted = await system.request('POST', '/referrals', {
      body: validReferral({ referrer: { kind: 'adil', name: 'ADIL 24' } }),
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.reference).toMatch(/-000001$/);
  });

  it('refuses a 12-month initial duration, which only 3 to 6 months allow', async () => {
    const created = await system.request('POST', '/referrals', {
      body: validReferral({ referrer: { kind: 'udaf', name: 'UDAF 24' } }),
    });
    const manager = await system.token('m2', 'manager');
    await system.registerStaff('w-9');
    const answer = await system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: {
        decision: 'accepted',
        decidedOn: parisToday(),
        orientation: 'acces',
        axes: ['projet_logement'],
        durationMonths: 12,
        workerId: 'w-9',
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      'Une durée initiale de 12 mois n’est pas prévue par le règlement du département, qui fixe une durée de 3 à 6 mois.',
    );
  });
});
