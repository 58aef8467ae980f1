import { describe, expect, it } from 'vitest';
import { decideReferral, decisionBodySchema, type DecisionBody } from '../../lib/domain/decision.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import { policies, type PolicyId } from '../../lib/domain/policies.js';
import { toErrorDetails } from '../../lib/domain/validation.js';
import { ConflictError, PolicyViolationError } from '../../lib/errors.js';
import { acceptance, validReferral } from '../support/fixtures.js';

const receivedAt = new Date('2026-03-02T08:00:00Z');
const now = new Date('2026-03-10T10:00:00Z');
const worker = { id: acceptance.workerId, active: true, groups: ['worker' as const] };
const context = { managerId: 'm1', now, measureId: '00000000-0000-4000-8000-0000000000aa', worker };

/** A referral received under `policy`, from a referrer it allows. */
function referral(policy: PolicyId = 'meuse') {
  const kind = policies[policy].allowedReferrerKinds[0]!;
  return receiveReferral(validReferral({ referrer: { kind, name: 'Claire Martin' } }), policies[policy], {
    id: '00000000-0000-4000-8000-000000000001',
    sequence: 1,
    receivedAt,
  });
}

function problems(body: DecisionBody, policy: PolicyId = 'meuse') {
  try {
    decideReferral(referral(policy), body, policies[policy], context);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyViolationError);
    return (error as PolicyViolationError).details.map((detail) => detail.path);
  }
}

describe('deciding a referral', () => {
  it('accepts with orientation, axes, a duration the policy allows and a worker, opening a measure awaiting its contract', () => {
    const outcome = decideReferral(
      referral(),
      { ...acceptance, axes: [...acceptance.axes], decidedOn: '2026-03-09' },
      policies.meuse,
      context,
    );
    expect(outcome.referral).toMatchObject({ status: 'accepted', version: 2 });
    expect(outcome.referral.decision).toMatchObject({ decidedBy: 'm1', daysToDecision: 7, measureId: context.measureId });
    expect(outcome.measure).toMatchObject({
      id: context.measureId,
      status: 'awaiting_contract',
      orientation: 'maintien',
      initialDurationMonths: 3,
      workerId: 'w-1',
      reference: 'ASLL-2026-000001',
    });
  });

  it('requires orientation, axes, duration and worker for an acceptance', () => {
    expect(problems({ decision: 'accepted', decidedOn: '2026-03-09' })).toEqual([
      'orientation',
      'axes',
      'durationMonths',
      'workerId',
    ]);
  });

  it('says what is missing in its message too: a summary, then each rule as a sentence of its own', () => {
    const body: DecisionBody = { decision: 'accepted', decidedOn: '2026-03-09', orientation: 'maintien', axes: ['budget'] };
    const error = (() => {
      try {
        decideReferral(referral(), body, policies.meuse, context);
      } catch (caught) {
        return caught as PolicyViolationError;
      }
      throw new Error('the decision was not refused');
    })();
    expect(error.message).toBe(
      'La décision est incomplète ou non conforme. ' +
        'Indiquez la durée initiale de la mesure : le règlement du département fixe une durée de 3 mois. ' +
        'Désignez le travailleur social référent de la mesure.',
    );
    expect(error.details.map((detail) => detail.path)).toEqual(['durationMonths', 'workerId']);
  });

  it('refuses a 6-month initial duration under meuse but grants it under plateforme', () => {
    const sixMonths = { ...acceptance, axes: [...acceptance.axes], durationMonths: 6, decidedOn: '2026-03-09' };
    expect(problems(sixMonths, 'meuse')).toEqual(['durationMonths']);
    expect(problems(sixMonths, 'plateforme')).toEqual([]);
  });

  it.each([
    ['meuse', 4, '3 mois'],
    ['plateforme', 7, '3 à 6 mois'],
    ['departement-generique', 4, '3, 6 ou 12 mois'],
    ['asell-intensif', 13, '1 à 12 mois'],
    ['dordogne', 12, '3 à 6 mois'],
  ] as const)(
    'under %s, names the refused initial duration (%i months) and those the policy allows',
    (policy, months, allowed) => {
      const body: DecisionBody = { ...acceptance, axes: [...acceptance.axes], durationMonths: months, decidedOn: '2026-03-09' };
      const message = `Une durée initiale de ${months} mois n’est pas prévue par le règlement du département, qui fixe une durée de ${allowed}.`;
      expect(() => decideReferral(referral(policy), body, policies[policy], context)).toThrow(
        expect.objectContaining({ statusCode: 422, message, details: [{ path: 'durationMonths', message }] }),
      );
    },
  );

  it.each([
    ['meuse', '3 mois'],
    ['plateforme', '3 à 6 mois'],
    ['departement-generique', '3, 6 ou 12 mois'],
    ['asell-intensif', '1 à 12 mois'],
    ['dordogne', '3 à 6 mois'],
  ] as const)('under %s, asks for a missing initial duration, naming those the policy allows', (policy, allowed) => {
    const { durationMonths: _left, ...withoutDuration } = acceptance;
    const body: DecisionBody = { ...withoutDuration, axes: [...acceptance.axes], decidedOn: '2026-03-09' };
    const message = `Indiquez la durée initiale de la mesure : le règlement du département fixe une durée de ${allowed}.`;
    expect(() => decideReferral(referral(policy), body, policies[policy], context)).toThrow(
      expect.objectContaining({ statusCode: 422, message, details: [{ path: 'durationMonths', message }] }),
    );
  });

  it.each(['refused', 'redirected'] as const)('requires a reason when the referral is %s, and opens no measure', (decision) => {
    expect(problems({ decision, decidedOn: '2026-03-09' })).toEqual(['reason']);
    const outcome = decideReferral(
      referral(),
      { decision, decidedOn: '2026-03-09', reason: 'Relève du FSL' },
      policies.meuse,
      context,
    );
    expect(outcome.measure).toBeNull();
    expect(outcome.referral.status).toBe(decision);
  });

  it('refuses a decision dated in the future or before the referral arrived', () => {
    expect(problems({ decision: 'refused', decidedOn: '2026-03-11', reason: 'x' })).toEqual(['decidedOn']);
    expect(problems({ decision: 'refused', decidedOn: '2026-03-01', reason: 'x' })).toEqual(['decidedOn']);
  });

  it('decides a referral once only', () => {
    const decided = decideReferral(
      referral(),
      { decision: 'refused', decidedOn: '2026-03-09', reason: 'x' },
      policies.meuse,
      context,
    );
    expect(() =>
      decideReferral(decided.referral, { decision: 'refused', decidedOn: '2026-03-09', reason: 'x' }, policies.meuse, context),
    ).toThrow(ConflictError);
  });

  it('asks for the date of a decision sent without one in words that name it', () => {
    const result = decisionBodySchema.safeParse({ decision: 'refused', reason: 'Hors critères' });
    expect(result.error && toErrorDetails(result.error)).toEqual([
      { path: 'decidedOn', message: 'Indiquez la date de la décision.' },
    ]);
  });

  it('reads axes only among the eight work axes, and a calendar date', () => {
    expect(decisionBodySchema.safeParse({ decision: 'accepted', decidedOn: '2026-02-30' }).success).toBe(false);
    expect(decisionBodySchema.safeParse({ decision: 'accepted', decidedOn: '2026-02-28', axes: ['jardinage'] }).success).toBe(
      false,
    );
  });

  it.each([
    ['nobody in the directory', null, 'Aucun membre du personnel n’a l’identifiant « w-1 ».'],
    ['someone else than the workerId', { ...worker, id: 'w-2' }, 'Aucun membre du personnel n’a l’identifiant « w-1 ».'],
    [
      'a manager only',
      { ...worker, groups: ['manager' as const] },
      '« w-1 » n’appartient pas au groupe des travailleurs sociaux.',
    ],
    ['an inactive worker', { ...worker, active: false }, '« w-1 » n’est plus actif dans l’annuaire du personnel.'],
  ])('refuses to give the measure to %s, naming workerId', (_case, named, message) => {
    const body: DecisionBody = { ...acceptance, axes: [...acceptance.axes], decidedOn: '2026-03-09' };
    expect(() => decideReferral(referral(), body, policies.meuse, { ...context, worker: named })).toThrow(
      expect.objectContaining({ statusCode: 422, details: [{ path: 'workerId', message }] }),
    );
  });

  it('does not look at the worker of a refusal', () => {
    const body: DecisionBody = { decision: 'refused', decidedOn: '2026-03-09', reason: 'Hors public', workerId: 'w-1' };
    expect(decideReferral(referral(), body, policies.meuse, { ...context, worker: null }).measure).toBeNull();
  });
});
