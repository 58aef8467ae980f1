import { describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, renewingBilan, signedContract } from '../support/lifecycle.js';
import { activeMeasure, presetJourney, renewAfterBilan } from '../support/preset-journey.js';

const context = presetJourney('dordogne', 'marc');

describe('what only the dordogne policy refuses', () => {
  it('refuses a contract the referrer has not signed, this department’s contract being tripartite', async () => {
    const measure = await acceptedMeasure(context.system, {
      manager: context.manager,
      workerId: context.workerId,
      referral: { referrer: { kind: 'mission_locale', name: 'Mission Locale de Périgueux' } },
      decision: { durationMonths: 4 },
    });
    const answer = await context.system.request('POST', `/measures/${measure.id}/contract`, {
      token: context.worker,
      body: signedContract(['household', 'worker']),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      'Dans ce département, le contrat est une convention tripartite : le ménage, le travailleur social référent et le prescripteur la signent. Signature manquante : le prescripteur.',
    );
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: 'signatories' })]);
    const file = await context.system.request('GET', `/measures/${measure.id}`, { token: context.worker });
    expect(file.body).toMatchObject({ status: 'awaiting_contract', contract: null, version: measure.version });
  });

  it('refuses a second renewal, even after a bilan recommending it', async () => {
    const { id } = await activeMeasure(context, 3);
    await renewAfterBilan(context, id, 3);
    const bilan = await context.system.request('POST', `/measures/${id}/bilans`, {
      token: context.worker,
      body: renewingBilan(),
    });
    expect(bilan.status).toBe(201);
    const second = await context.system.request('POST', `/measures/${id}/renewals`, {
      token: context.worker,
      body: { decidedOn: parisToday(), months: 3, orientation: 'maintien' },
    });
    expect(second.status).toBe(422);
    expect(second.body.error.message).toBe(
      'Le règlement du département n’autorise qu’un seul renouvellement d’une mesure : celle-ci a déjà été renouvelée une fois.',
    );
  });
});
