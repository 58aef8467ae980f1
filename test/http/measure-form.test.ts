import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groups } from '../../lib/identity.js';
import { acceptedMeasure, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
});
afterAll(async () => system.stop());

describe('what the measure forms discover', () => {
  it('gives every staff group the schemas, the French labels and what the Meuse policy requires', async () => {
    for (const group of groups) {
      const answer = await system.request('GET', '/measure-form', { token: await system.token(`s-${group}`, group) });
      expect(answer.status, group).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('private, max-age=300');
      expect(answer.headers.get('vary')).toBe('Authorization');
      expect(answer.body.policy).toEqual({
        id: 'meuse',
        label: 'Meuse (UDAF 55)',
        contract: { tripartite: false, requiredSignatories: ['household', 'worker'] },
        renewal: { maxCount: 3, durationsMonths: [3], requiresBilanRecommendation: true },
        totalCapMonths: 12,
        bilan: { leadDays: 10, onEarlyStop: true },
        followUp: { monthsAfterEnd: 6, withSectorWorker: true },
        visitCadence: { minMeetingsPerMonth: 2 },
        homeVisitsExpected: false,
      });
    }
  });

  it('labels in French every value a measure write takes, as its schema lists them', async () => {
    const answer = await system.request('GET', '/measure-form', { token: await system.token('w-lucie', 'worker') });
    const { schemas, labels } = answer.body;
    expect(labels.visitKinds.domicile).toBe('Visite à domicile');
    expect(labels.closureReasons.no_cooperation).toBe('Absence d’adhésion du ménage');
    expect(labels.housingOutcomes.kept).toBe('Logement maintenu');
    expect(labels.objectiveReached.partly).toBe('Partiellement atteint');
    const enums: [string[], Record<string, string>][] = [
      [schemas.visit.properties.kind.enum, labels.visitKinds],
      [schemas.visit.properties.actions.items.enum, labels.visitActions],
      [schemas.visit.properties.axes.items.enum, labels.workAxes],
      [schemas.contract.properties.signatories.items.enum, labels.signatories],
      [schemas.bilan.properties.recommendation.enum, labels.bilanRecommendations],
      [schemas.bilan.properties.objectivesReached.items.properties.reached.enum, labels.objectiveReached],
      [schemas.renewal.properties.orientation.enum, labels.orientations],
      [schemas.closure.properties.reason.enum, labels.closureReasons],
      [schemas.closure.properties.housingOutcome.enum, labels.housingOutcomes],
    ];
    for (const [values, vocabulary] of enums) {
      expect(values.length).toBeGreaterThan(1);
      expect(Object.keys(vocabulary)).toEqual(values);
    }
    expect(schemas.visit.properties.durationMinutes).toMatchObject({ minimum: 1, maximum: 600 });
    expect(schemas.followUp.required).toEqual(expect.arrayContaining(['visitedOn', 'withSectorWorker', 'stillHoused']));
  });

  it('says the policy’s signatories, the very ones a contract is then refused without', async () => {
    const worker = await system.token('w-lucie', 'worker');
    const manager = await system.token('m-claire', 'manager');
    const form = await system.request('GET', '/measure-form', { token: worker });
    const measure = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    const missing = form.body.policy.contract.requiredSignatories.slice(1);
    const refused = await system.request('POST', `/measures/${measure.id}/contract`, {
      token: worker,
      body: signedContract(missing),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'signatories' })]);
    const accepted = await system.request('POST', `/measures/${measure.id}/contract`, {
      token: worker,
      body: signedContract(form.body.policy.contract.requiredSignatories),
    });
    expect(accepted.status).toBe(201);
  });

  it('refuses a caller without a token', async () => {
    expect((await system.request('GET', '/measure-form')).status).toBe(401);
  });
});
