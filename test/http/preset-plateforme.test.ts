import { describe, expect, it } from 'vitest';
import { plannedEnd } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { renewingBilan } from '../support/lifecycle.js';
import { activeMeasure, presetJourney, renewAfterBilan } from '../support/preset-journey.js';

const context = presetJourney('plateforme', 'sami');

describe('what only the plateforme policy refuses', () => {
  it('renews up to 24 months in all, and refuses a renewal beyond that cap', async () => {
    const { id } = await activeMeasure(context, 6);
    let renewed;
    for (let count = 1; count <= 3; count += 1) renewed = await renewAfterBilan(context, id, 6);
    expect(renewed!.plannedEnd).toBe(plannedEnd(parisToday(), 24));
    const bilan = await context.system.request('POST', `/measures/${id}/bilans`, {
      token: context.worker,
      body: renewingBilan(),
    });
    expect(bilan.status).toBe(201);

    const beyond = await context.system.request('POST', `/measures/${id}/renewals`, {
      token: context.worker,
      body: { decidedOn: parisToday(), months: 3, orientation: 'maintien' },
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.message).toBe(
      'Le règlement du département limite une mesure à 24 mois au total, renouvellements compris : 24 mois sont déjà accordés, un renouvellement de 3 mois porterait la durée à 27 mois.',
    );
    expect(beyond.body.error.details).toEqual([expect.objectContaining({ path: 'months' })]);
  });
});
