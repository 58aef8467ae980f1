import { describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { renewingBilan } from '../support/lifecycle.js';
import { activeMeasure, presetJourney } from '../support/preset-journey.js';

const context = presetJourney('departement-generique', 'ines');

describe('what only the departement-generique policy refuses', () => {
  it('refuses a four-month renewal, the department renewing for 3, 6 or 12 months', async () => {
    const { id, version } = await activeMeasure(context, 6);
    const bilan = await context.system.request('POST', `/measures/${id}/bilans`, {
      token: context.worker,
      body: renewingBilan(),
    });
    expect(bilan.status).toBe(201);
    const answer = await context.system.request('POST', `/measures/${id}/renewals`, {
      token: context.worker,
      body: { decidedOn: parisToday(), months: 4, orientation: 'maintien' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      'Un renouvellement de 4 mois n’est pas prévu par le règlement du département, qui fixe une durée de 3, 6 ou 12 mois.',
    );
    const file = await context.system.request('GET', `/measures/${id}`, { token: context.worker });
    expect(file.body).toMatchObject({ renewals: [], version: version + 1 });
  });
});
