import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bilanDueOn, followUpDueOn, plannedEnd, renewedPlannedEnd } from '../../lib/domain/measure-dates.js';
import { policies, type DepartmentPolicy, type PolicyId } from '../../lib/domain/policies.js';
import type { ReferrerKind } from '../../lib/domain/vocabulary.js';
import { parisToday } from './dates.js';
import { validReferral } from './fixtures.js';
import { acceptedMeasure, endingBilan, homeVisit, renewingBilan, signedContract } from './lifecycle.js';
import { startTestRuntime } from './runtime.js';

/**
 * One measure from referral to follow-up (or to closure where the preset has none) under one
 * department preset, through HTTP. Each preset's test file calls it, then adds the refusal that
 * only its preset makes. Handlers read their policy once per module graph: one file per preset.
 */

type System = Awaited<ReturnType<typeof startTestRuntime>>;

export interface PresetContext {
  policy: DepartmentPolicy;
  system: System;
  manager: string;
  /** The token of the measure's worker, `workerId`. */
  worker: string;
  workerId: string;
}

/** A referrer the preset accepts: a CCAS where everyone may refer, else the first kind it allows. */
export function allowedReferrer(policy: DepartmentPolicy): ReferrerKind {
  return policy.allowedReferrerKinds.includes('ccas') ? 'ccas' : policy.allowedReferrerKinds[0]!;
}

/** The signatures the preset's contract needs (the referrer too for a convention tripartite). */
export function signatoriesFor(policy: DepartmentPolicy): string[] {
  return policy.tripartiteContract ? ['household', 'worker', 'referrer'] : ['household', 'worker'];
}

const renewal = (months: number) => ({ decidedOn: parisToday(), months, orientation: 'maintien' });

function expectCreated(answer: { status: number; body: unknown }, what: string): void {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(201);
}

/** A measure of the context's worker, accepted for `months` and started by its contract today. */
export async function activeMeasure(context: PresetContext, months = context.policy.initialDurationsMonths[0]!) {
  const measure = await acceptedMeasure(context.system, {
    manager: context.manager,
    workerId: context.workerId,
    referral: { referrer: { kind: allowedReferrer(context.policy), name: 'Nadia Benali' } },
    decision: { durationMonths: months },
  });
  const contract = await context.system.request('POST', `/measures/${measure.id}/contract`, {
    token: context.worker,
    body: signedContract(signatoriesFor(context.policy)),
  });
  expectCreated(contract, 'contract');
  return contract.body as { id: string; plannedEnd: string; version: number };
}

/** A bilan recommending renewal, then a renewal of `months`: the measure as the renewal answers it. */
export async function renewAfterBilan(context: PresetContext, measureId: string, months: number) {
  const bilan = await context.system.request('POST', `/measures/${measureId}/bilans`, {
    token: context.worker,
    body: renewingBilan(),
  });
  expectCreated(bilan, 'bilan');
  const renewed = await context.system.request('POST', `/measures/${measureId}/renewals`, {
    token: context.worker,
    body: renewal(months),
  });
  expectCreated(renewed, 'renewal');
  return renewed.body as { plannedEnd: string; renewals: unknown[]; version: number };
}

/** Registers the runtime and the journey for `policyId`; the context is filled once the runtime runs. */
export function presetJourney(policyId: PolicyId, workerName: string): PresetContext {
  const policy = policies[policyId];
  const context = { policy, workerId: `w-${workerName}` } as PresetContext;
  beforeAll(async () => {
    context.system = await startTestRuntime(policyId);
    context.manager = await context.system.token('m-claire', 'manager');
    context.worker = await context.system.token(context.workerId, 'worker');
    await context.system.registerStaff(context.workerId, ['worker']);
  });
  afterAll(async () => context.system.stop());

  const today = parisToday();
  const initialMonths = policy.initialDurationsMonths.at(-1)!;
  const renewalMonths = policy.renewal?.durationsMonths.at(-1) ?? null;
  const post = (path: string, body: unknown) => context.system.request('POST', path, { token: context.worker, body });
  const ending = policy.followUp ? 'follow-up' : 'closure';

  describe(`one measure from referral to ${ending} under the ${policyId} policy`, () => {
    let referralId: string;
    let measureId: string;
    let end: string;

    it(`takes a referral from a referrer the department allows (${allowedReferrer(policy)})`, async () => {
      const answer = await context.system.request('POST', '/referrals', {
        body: validReferral({ referrer: { kind: allowedReferrer(policy), name: 'Nadia Benali' } }),
      });
      expectCreated(answer, 'referral');
      expect(answer.body.status).toBe('received');
      referralId = answer.body.id;
    });

    it(`opens a measure for ${initialMonths} months, the longest initial duration the preset grants`, async () => {
      const answer = await context.system.request('POST', `/referrals/${referralId}/decision`, {
        token: context.manager,
        body: {
          decision: 'accepted',
          decidedOn: today,
          orientation: 'maintien',
          axes: ['budget', 'prevention_expulsion'],
          durationMonths: initialMonths,
          workerId: context.workerId,
        },
      });
      expectCreated(answer, 'decision');
      expect(answer.body.measure).toMatchObject({
        status: 'awaiting_contract',
        initialDurationMonths: initialMonths,
        workerId: context.workerId,
        startedOn: null,
        plannedEnd: null,
      });
      measureId = answer.body.measure.id;
    });

    it(`starts the measure on the contract signed by ${signatoriesFor(policy).join(', ')}, with its planned end and bilan date`, async () => {
      const answer = await post(`/measures/${measureId}/contract`, signedContract(signatoriesFor(policy)));
      expectCreated(answer, 'contract');
      end = plannedEnd(today, initialMonths);
      expect(answer.body).toMatchObject({
        status: 'active',
        startedOn: today,
        plannedEnd: end,
        bilanDueOn: bilanDueOn(end, policy),
        followUpDueOn: null,
      });
    });

    it('records a home visit', async () => {
      const answer = await post(`/measures/${measureId}/visits`, homeVisit({ withSectorWorker: true }));
      expectCreated(answer, 'visit');
      expect(answer.body.visits).toEqual([expect.objectContaining({ kind: 'domicile', durationMinutes: 60 })]);
    });

    if (renewalMonths !== null)
      it(`renews the measure for ${renewalMonths} months once a bilan recommends it, moving its planned end and bilan date`, async () => {
        const bilan = await post(`/measures/${measureId}/bilans`, renewingBilan());
        expectCreated(bilan, 'bilan');
        expect(bilan.body.bilanDueOn).toBeNull();
        const answer = await post(`/measures/${measureId}/renewals`, renewal(renewalMonths));
        expectCreated(answer, 'renewal');
        end = renewedPlannedEnd(end, renewalMonths);
        expect(answer.body).toMatchObject({ plannedEnd: end, bilanDueOn: bilanDueOn(end, policy) });
        expect(answer.body.renewals).toEqual([expect.objectContaining({ months: renewalMonths, plannedEnd: end })]);
      });

    if (policy.bilan)
      it('refuses to close the measure before the bilan of the current period, then closes it once the bilan is in', async () => {
        const closure = { endedOn: today, reason: 'objectives_met', housingOutcome: 'kept', evictionAvoided: true };
        const refused = await post(`/measures/${measureId}/closure`, closure);
        expect(refused.status).toBe(422);
        expect(refused.body.error.message).toMatch(
          /^Le règlement du département prévoit un bilan .* aucun n’a été enregistré\.$/,
        );
        expectCreated(await post(`/measures/${measureId}/bilans`, endingBilan()), 'ending bilan');
        const closed = await post(`/measures/${measureId}/closure`, closure);
        expectCreated(closed, 'closure');
        expect(closed.body).toMatchObject({ status: 'closed', bilanDueOn: null, followUpDueOn: followUpDueOn(today, policy) });
      });
    else
      it('closes the measure without a bilan of the current period, which the preset does not require', async () => {
        const closed = await post(`/measures/${measureId}/closure`, {
          endedOn: today,
          reason: 'objectives_met',
          housingOutcome: 'kept',
          evictionAvoided: true,
        });
        expectCreated(closed, 'closure');
        expect(closed.body).toMatchObject({ status: 'closed', bilanDueOn: null, followUpDueOn: null });
        expect(followUpDueOn(today, policy)).toBeNull();
      });

    const followUp = policy.followUp;
    if (followUp)
      it(`records the follow-up visit due ${followUp.monthsAfterEnd} months after the end${followUp.withSectorWorker ? ', only with the sector social worker' : ''}`, async () => {
        const visit = { visitedOn: today, withSectorWorker: true, stillHoused: true, notes: 'Loyer à jour.' };
        if (followUp.withSectorWorker) {
          const refused = await post(`/measures/${measureId}/follow-up`, { ...visit, withSectorWorker: false });
          expect(refused.status).toBe(422);
          expect(refused.body.error.message).toBe(
            'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur : sa présence est requise.',
          );
        }
        const answer = await post(`/measures/${measureId}/follow-up`, visit);
        expectCreated(answer, 'follow-up');
        expect(answer.body).toMatchObject({ followUp: { stillHoused: true, withSectorWorker: true }, followUpDueOn: null });
      });

    it('shows the whole file, with no open task left, to its worker', async () => {
      const file = await context.system.request('GET', `/measures/${measureId}`, { token: context.worker });
      expect(file.status).toBe(200);
      expect(file.body).toMatchObject({
        status: 'closed',
        referralId,
        plannedEnd: end,
        contract: { signatories: signatoriesFor(policy) },
        closure: { reason: 'objectives_met', housingOutcome: 'kept' },
        followUp: policy.followUp ? expect.objectContaining({ stillHoused: true }) : null,
        tasks: [],
      });
      expect(file.body.renewals).toHaveLength(renewalMonths === null ? 0 : 1);
      expect(file.body.bilans).toHaveLength((renewalMonths === null ? 0 : 1) + (policy.bilan ? 1 : 0));
    });
  });

  return context;
}
