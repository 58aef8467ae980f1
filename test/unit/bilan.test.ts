import { describe, expect, it } from 'vitest';
import { bilanBodySchema, recordBilan } from '../../lib/domain/bilan.js';
import { policies, policyIds } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import {
  activeMeasure,
  awaitingMeasure,
  bilanBody,
  closedMeasure,
  on,
  refusal,
  refusedPaths,
  renewed,
  withBilan,
} from '../support/measures.js';

describe('recording a bilan', () => {
  it('records the bilan of the initial period, clears its due date and resolves the bilan_due task', () => {
    const change = recordBilan(activeMeasure(), bilanBody('2026-04-04'), policies.meuse, on('2026-04-04', 'b-1'));
    expect(change.appended).toEqual({
      collection: 'bilans',
      record: {
        id: 'b-1',
        submittedOn: '2026-04-04',
        recommendation: 'renew',
        nextOrientation: 'maintien',
        stepsTaken: bilanBody('2026-04-04').stepsTaken,
        objectivesReached: bilanBody('2026-04-04').objectivesReached,
        period: 0,
        recordedBy: 'w-1',
        recordedAt: '2026-04-04T10:00:00.000Z',
      },
    });
    expect(change.measure.bilanDueOn).toBeNull();
    expect(change.resolvedTaskKinds).toEqual(['bilan_due']);
  });

  it.each(policyIds)('accepts a bilan under the %s policy, whether or not it has a bilan rule', (policyId) => {
    expect(
      recordBilan(activeMeasure(policyId), bilanBody('2026-02-20', 'end'), policies[policyId], on('2026-02-20')).measure.bilans,
    ).toHaveLength(1);
  });

  it('counts a bilan after a renewal in the new period, even on the renewal’s own date', () => {
    const afterRenewal = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    expect(afterRenewal.bilans.map((bilan) => bilan.period)).toEqual([0]);
    const change = recordBilan(afterRenewal, bilanBody('2026-04-04', 'end'), policies.meuse, on('2026-04-04'));
    expect(change.measure.bilans.map((bilan) => bilan.period)).toEqual([0, 1]);
  });

  it('takes a second bilan in the same period, which corrects the first: the end recommended, then a renewal, now possible', () => {
    const ending = withBilan(activeMeasure(), 'meuse', '2026-04-01', 'end');
    const refused = refusal(() =>
      recordRenewal(ending, { decidedOn: '2026-04-02', months: 3, orientation: 'maintien' }, policies.meuse, on('2026-04-02')),
    );
    expect(refused.message).toContain(
      'le bilan du 01/04/2026 préconise la fin de la mesure. Un nouveau bilan qui préconise le renouvellement peut corriger le précédent.',
    );
    const corrected = recordBilan(ending, bilanBody('2026-04-03', 'renew'), policies.meuse, on('2026-04-03', 'b-2')).measure;
    expect(corrected.bilans.map((bilan) => [bilan.submittedOn, bilan.recommendation, bilan.period])).toEqual([
      ['2026-04-01', 'end', 0],
      ['2026-04-03', 'renew', 0],
    ]);
    const renewal = recordRenewal(
      corrected,
      { decidedOn: '2026-04-03', months: 3, orientation: 'maintien' },
      policies.meuse,
      on('2026-04-03', 'r-1'),
    );
    expect(renewal.measure.renewals).toHaveLength(1);
    // A renewal is not dated before the bilan that recommends it, even where an earlier one recommended the end.
    const early = refusal(() =>
      recordRenewal(corrected, { decidedOn: '2026-04-02', months: 3, orientation: 'maintien' }, policies.meuse, on('2026-04-03')),
    );
    expect(early.details.map((detail) => detail.path)).toEqual(['decidedOn']);
  });

  it('names every bilan of the period when none of them recommends renewing', () => {
    const twice = withBilan(withBilan(activeMeasure(), 'meuse', '2026-04-01', 'end'), 'meuse', '2026-04-02', 'end');
    const refused = refusal(() =>
      recordRenewal(twice, { decidedOn: '2026-04-03', months: 3, orientation: 'maintien' }, policies.meuse, on('2026-04-03')),
    );
    expect(refused.message).toContain('les bilans du 01/04/2026 et du 02/04/2026 préconisent la fin de la mesure.');
  });

  it('refuses a bilan before the contract and after closure', () => {
    expect(refusedPaths(() => recordBilan(awaitingMeasure(), bilanBody('2026-02-01'), policies.meuse, on('2026-02-01')))).toEqual(
      ['status'],
    );
    expect(refusedPaths(() => recordBilan(closedMeasure(), bilanBody('2026-04-20'), policies.meuse, on('2026-04-20')))).toEqual([
      'status',
    ]);
  });

  it('refuses a bilan dated before the current period started or after today', () => {
    expect(refusedPaths(() => recordBilan(activeMeasure(), bilanBody('2026-01-14'), policies.meuse, on('2026-02-01')))).toEqual([
      'submittedOn',
    ]);
    expect(refusedPaths(() => recordBilan(activeMeasure(), bilanBody('2026-02-02'), policies.meuse, on('2026-02-01')))).toEqual([
      'submittedOn',
    ]);
    const afterRenewal = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    const error = refusal(() => recordBilan(afterRenewal, bilanBody('2026-04-03'), policies.meuse, on('2026-05-01')));
    expect(error.message).toBe('La date du bilan (03/04/2026) ne peut pas précéder le dernier renouvellement (04/04/2026).');
  });

  it('requires the proposed orientation when the bilan recommends renewal, and refuses one when it recommends the end', () => {
    const { nextOrientation: _dropped, ...renewWithout } = bilanBody('2026-04-04', 'renew');
    expect(refusedPaths(() => recordBilan(activeMeasure(), renewWithout, policies.meuse, on('2026-04-04')))).toEqual([
      'nextOrientation',
    ]);
    const endWith = { ...bilanBody('2026-04-04', 'end'), nextOrientation: 'acces' as const };
    expect(refusedPaths(() => recordBilan(activeMeasure(), endWith, policies.meuse, on('2026-04-04')))).toEqual([
      'nextOrientation',
    ]);
  });

  it('refuses to assess an axis the measure does not work on', () => {
    const body = {
      ...bilanBody('2026-04-04'),
      objectivesReached: [{ axis: 'mediation_bail' as const, reached: 'yes' as const }],
    };
    expect(refusedPaths(() => recordBilan(activeMeasure(), body, policies.meuse, on('2026-04-04')))).toEqual([
      'objectivesReached.0.axis',
    ]);
  });

  it('reads the steps taken (1 to 4000 characters) and each axis assessed once', () => {
    expect(bilanBodySchema.safeParse(bilanBody('2026-04-04')).success).toBe(true);
    expect(bilanBodySchema.safeParse({ ...bilanBody('2026-04-04'), stepsTaken: '' }).success).toBe(false);
    expect(bilanBodySchema.safeParse({ ...bilanBody('2026-04-04'), stepsTaken: 'x'.repeat(4001) }).success).toBe(false);
    expect(bilanBodySchema.safeParse({ ...bilanBody('2026-04-04'), objectivesReached: [] }).success).toBe(false);
    const twice = [
      { axis: 'budget', reached: 'yes' },
      { axis: 'budget', reached: 'no' },
    ];
    expect(bilanBodySchema.safeParse({ ...bilanBody('2026-04-04'), objectivesReached: twice }).success).toBe(false);
    expect(bilanBodySchema.safeParse({ ...bilanBody('2026-04-04'), recommendation: 'maybe' }).success).toBe(false);
  });
});
