import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../infra/manifest.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';
import { parisToday } from '../support/dates.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m1', 'manager', 'worker');
  await system.registerStaff(acceptance.workerId);
});
afterAll(async () => system.stop());

describe('what a client discovers', () => {
  it('describes the referral form: JSON Schema, a French label for every choice, who may refer', async () => {
    const answer = await system.request('GET', '/referral-form');
    expect(answer.status).toBe(200);
    expect(answer.body.schema.properties.household.properties.adults).toMatchObject({ minimum: 1, maximum: 10 });
    expect(answer.body.schema.additionalProperties).toBe(false);
    expect(answer.body.labels.referrerKinds.ccapex).toBe('CCAPEX');
    expect(answer.body.labels.workAxes.prevention_expulsion).toBe('Prévention des expulsions');
    expect(answer.body.allowedReferrerKinds).toContain('household');
    expect(answer.body.policy.initialDurationsMonths).toEqual([3]);
    for (const kind of answer.body.schema.properties.referrer.properties.kind.enum) {
      expect(answer.body.labels.referrerKinds[kind]).toEqual(expect.any(String));
    }
  });

  it('publishes an OpenAPI 3.1 document with every route of the manifest', async () => {
    const answer = await system.request('GET', '/openapi.json');
    expect(answer.body.openapi).toBe('3.1.0');
    for (const route of Object.values(routes)) {
      expect(answer.body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(answer.body.components.schemas.CreateReferralBody.properties.orientation.enum).toEqual(['acces', 'maintien']);
    expect(answer.body.paths['/referrals'].get.security).toEqual([{ cognito: [] }]);
  });

  it('lets a person holding several groups act under any of them', async () => {
    expect((await system.request('GET', '/referrals', { token: manager })).status).toBe(200);
  });

  it('decides exactly once when two managers decide the same referral at the same moment', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const decidedOn = parisToday();
    const answers = await Promise.all([
      system.request('POST', `/referrals/${created.body.id}/decision`, { token: manager, body: { ...acceptance, decidedOn } }),
      system.request('POST', `/referrals/${created.body.id}/decision`, {
        token: manager,
        body: { decision: 'refused', decidedOn, reason: 'x' },
      }),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 409)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200 || status === 201)).toHaveLength(1);
  });
});
