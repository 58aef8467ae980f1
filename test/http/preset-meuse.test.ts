import { describe, expect, it } from 'vitest';
import { plannedEnd } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { renewingBilan } from '../support/lifecycle.js';
import { activeMeasure, presetJourney, renewAfterBilan } from '../support/preset-journey.js';

const context = presetJourney('meuse', 'lucie');

describe('what only the meuse policy refuses', () => {
  it('refuses a fourth renewal, after three renewals each following a renewing bilan of its period', async () => {
    const { id } = await activeMeasure(context, 3);
    let renewed;
    for (let count = 1; count <= 3; count += 1) renewed = await renewAfterBilan(context, id, 3);
    // Three months and three renewals of three: the twelve months the policy allows in all.
    expect(renewed!.plannedEnd).toBe(plannedEnd(parisToday(), 12));
    const bilan = await context.system.request('POST', `/measures/${id}/bilans`, {
      token: context.worker,
      body: renewingBilan(),
    });
    expect(bilan.status).toBe(201);

    const fourth = await context.system.request('POST', `/measures/${id}/renewals`, {
      token: context.worker,
      body: { decidedOn: parisToday(), months: 3, orientation: 'maintien' },
    });
    expect(fourth.status).toBe(422);
    expect(fourth.body.error.code).toBe('POLICY_VIOLATION');
    expect(fourth.body.error.message).toContain(
      'Le règlement du département autorise au plus 3 renouvellements d’une mesure : celle-ci a déjà été renouvelée 3 fois.',
    );
    const file = await context.system.request('GET', `/measures/${id}`, { token: context.worker });
    expect(file.body.renewals).toHaveLength(3);
  });
});
