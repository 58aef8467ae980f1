import { describe, expect, it } from 'vitest';
import { validReferral } from '../support/fixtures.js';
import { presetJourney } from '../support/preset-journey.js';

const context = presetJourney('asell-intensif', 'yanis');

describe('what only the asell-intensif policy refuses', () => {
  it('refuses a referral from anyone but the sector social worker, saying who may refer', async () => {
    const before = await context.system.countItems();
    for (const kind of ['ccas', 'household', 'udaf'] as const) {
      const answer = await context.system.request('POST', '/referrals', {
        body: validReferral({ referrer: { kind, name: 'Claire Martin' } }),
      });
      expect(answer.status, kind).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: 'POLICY_VIOLATION',
        message: 'Dans ce département, une demande d’ASLL ne peut être adressée que par : Travailleur social de secteur.',
        details: [expect.objectContaining({ path: 'referrer.kind' })],
      });
    }
    expect(await context.system.countItems()).toBe(before);
  });
});
