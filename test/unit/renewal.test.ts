import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentPeriodBilan, currentPeriodStart, grantedMonths, type Measure } from '../../lib/domain/measure.js';
import { plannedEnd } from '../../lib/domain/measure-dates.js';
import { policies, policyIds, type DepartmentPolicy, type PolicyId } from '../../lib/domain/policies.js';
import { recordRenewal, renewalBodySchema, type RenewalBody } from '../../lib/domain/renewal.js';
import { PolicyViolationError } from '../../lib/errors.js';
import {
  activeMeasure,
  awaitingMeasure,
  closedMeasure,
  on,
  refusal,
  refusedPaths,
  renewed,
  withBilan,
} from '../support/measures.js';

const threeMonths: RenewalBody = { decidedOn: '2026-04-04', months: 3, orientation: 'acces' };

/** A meuse measure with its bilan of the initial period recommending renewal, on 2026-04-04. */
const readyToRenew = (policyId: PolicyId = 'meuse') => withBilan(activeMeasure(policyId), policyId, '2026-04-04');

describe('renewing a measure', () => {
  it('moves the planned end by the months granted, from the day after the old end, and sets the next bilan date', () => {
    const change = recordRenewal(readyToRenew(), threeMonths, policies.meuse, on('2026-04-05', 'ren-1'));
    expect(change.appended).toEqual({
      collection: 'renewals',
      record: {
        id: 'ren-1',
        decidedOn: '2026-04-04',
        months: 3,
        orientation: 'acces',
        previousPlannedEnd: '2026-04-14',
        plannedEnd: '2026-07-14',
        recordedBy: 'w-1',
        recordedAt: '2026-04-05T10:00:00.000Z',
      },
    });
    expect(change.measure).toMatchObject({
      orientation: 'acces',
      plannedEnd: '2026-07-14',
      bilanDueOn: '2026-07-04',
      status: 'active',
    });
    expect(change.resolvedTaskKinds).toEqual(['bilan_due', 'overdue_end']);
  });

  it('renews a measure whose planned end has already passed', () => {
    const late = withBilan(activeMeasure(), 'meuse', '2026-04-20');
    const change = recordRenewal(late, { ...threeMonths, decidedOn: '2026-04-22' }, policies.meuse, on('2026-04-22'));
    expect(change.measure.plannedEnd).toBe('2026-07-14');
  });

  it('refuses a fourth renewal under the meuse policy, saying at most 3 renewals are allowed', () => {
    let measure = activeMeasure('meuse');
    for (const date of ['2026-04-04', '2026-07-04', '2026-10-04']) measure = renewed(measure, 'meuse', date, 3);
    expect(measure.plannedEnd).toBe('2027-01-14');
    const withFourthBilan = withBilan(measure, 'meuse', '2027-01-04');
    const error = refusal(() =>
      recordRenewal(withFourthBilan, { ...threeMonths, decidedOn: '2027-01-04' }, policies.meuse, on('2027-01-04')),
    );
    expect(error.message).toContain('autorise au plus 3 renouvellements');
    expect(error.message).toContain('déjà été renouvelée 3 fois');
    // The fourth would also pass the 12-month cap: both rules are named.
    expect(error.message).toContain('12 mois au total');
  });

  it('allows only one renewal under the dordogne policy', () => {
    const once = renewed(activeMeasure('dordogne'), 'dordogne', '2026-04-04', 3);
    const again = withBilan(once, 'dordogne', '2026-07-01');
    const error = refusal(() =>
      recordRenewal(again, { ...threeMonths, decidedOn: '2026-07-01' }, policies.dordogne, on('2026-07-01')),
    );
    expect(error.message).toBe(
      'Le règlement du département n’autorise qu’un seul renouvellement d’une mesure : celle-ci a déjà été renouvelée une fois.',
    );
  });

  it('renews as often as needed where the policy sets no count nor total cap (asell-intensif)', () => {
    let measure = activeMeasure('asell-intensif');
    for (let month = 0; month < 15; month += 1) measure = renewed(measure, 'asell-intensif', '2026-04-04', 1);
    expect(measure.renewals).toHaveLength(15);
  });

  it('caps a plateforme measure at 24 months in all, renewals included', () => {
    let measure = activeMeasure('plateforme', '2026-01-15', { initialDurationMonths: 6 });
    for (const date of ['2026-07-01', '2027-01-01', '2027-07-01']) measure = renewed(measure, 'plateforme', date, 6);
    expect(grantedMonths(measure)).toBe(24);
    const ready = withBilan(measure, 'plateforme', '2028-01-01');
    const error = refusal(() =>
      recordRenewal(ready, { ...threeMonths, decidedOn: '2028-01-01' }, policies.plateforme, on('2028-01-01')),
    );
    expect(error.message).toBe(
      'Le règlement du département limite une mesure à 24 mois au total, renouvellements compris : 24 mois sont déjà accordés, un renouvellement de 3 mois porterait la durée à 27 mois.',
    );
    expect(error.details.map((detail) => detail.path)).toEqual(['months']);
  });

  it('grants only the renewal durations of the policy', () => {
    const error = refusal(() => recordRenewal(readyToRenew(), { ...threeMonths, months: 6 }, policies.meuse, on('2026-04-04')));
    expect(error.message).toBe(
      'Un renouvellement de 6 mois n’est pas prévu par le règlement du département, qui fixe une durée de 3 mois.',
    );
    const plateforme = refusal(() =>
      recordRenewal(readyToRenew('plateforme'), { ...threeMonths, months: 7 }, policies.plateforme, on('2026-04-04')),
    );
    expect(plateforme.message).toContain('3 à 6 mois');
  });

  it.each([
    ['meuse', 6, '3 mois'],
    ['plateforme', 7, '3 à 6 mois'],
    ['departement-generique', 4, '3, 6 ou 12 mois'],
    ['asell-intensif', 13, '1 à 12 mois'],
    ['dordogne', 2, '3 à 6 mois'],
  ] as const)(
    'under %s, names the refused renewal (%i months) and the durations the policy allows',
    (policyId, months, allowed) => {
      const error = refusal(() =>
        recordRenewal(readyToRenew(policyId), { ...threeMonths, months }, policies[policyId], on('2026-04-04')),
      );
      const message = `Un renouvellement de ${months} mois n’est pas prévu par le règlement du département, qui fixe une durée de ${allowed}.`;
      expect(error.message).toBe(message);
      expect(error.details).toEqual([{ path: 'months', message }]);
    },
  );

  it('requires a bilan of the current period that recommends renewal', () => {
    const noBilan = refusal(() => recordRenewal(activeMeasure(), threeMonths, policies.meuse, on('2026-04-04')));
    expect(noBilan.message).toContain('aucun bilan n’a encore été remis pour cette période');
    const endBilan = withBilan(activeMeasure(), 'meuse', '2026-04-04', 'end');
    expect(refusal(() => recordRenewal(endBilan, threeMonths, policies.meuse, on('2026-04-04'))).message).toContain(
      'le bilan du 04/04/2026 préconise la fin de la mesure',
    );
  });

  it('does not count the bilan of a period already renewed for the next renewal', () => {
    const once = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    expect(
      refusal(() => recordRenewal(once, { ...threeMonths, decidedOn: '2026-07-04' }, policies.meuse, on('2026-07-04'))).message,
    ).toContain('aucun bilan n’a encore été remis pour cette période');
  });

  it('renews without a bilan where the policy does not ask for one', () => {
    const lenient: DepartmentPolicy = {
      ...policies.meuse,
      renewal: { ...policies.meuse.renewal!, requiresBilanRecommendation: false },
    };
    expect(recordRenewal(activeMeasure(), threeMonths, lenient, on('2026-04-04')).measure.renewals).toHaveLength(1);
    expect(
      refusedPaths(() => recordRenewal(activeMeasure(), { ...threeMonths, decidedOn: '2026-01-10' }, lenient, on('2026-04-04'))),
    ).toEqual(['decidedOn']);
  });

  it('refuses any renewal where the policy has no renewal rule', () => {
    const notRenewable: DepartmentPolicy = { ...policies.meuse, renewal: null };
    expect(refusal(() => recordRenewal(readyToRenew(), threeMonths, notRenewable, on('2026-04-04'))).message).toBe(
      'Le règlement du département ne prévoit pas de renouvellement : la mesure prend fin à son échéance.',
    );
  });

  it('refuses a renewal decided before its bilan or after today', () => {
    expect(
      refusedPaths(() =>
        recordRenewal(readyToRenew(), { ...threeMonths, decidedOn: '2026-04-03' }, policies.meuse, on('2026-04-10')),
      ),
    ).toEqual(['decidedOn']);
    expect(
      refusedPaths(() =>
        recordRenewal(readyToRenew(), { ...threeMonths, decidedOn: '2026-04-11' }, policies.meuse, on('2026-04-10')),
      ),
    ).toEqual(['decidedOn']);
  });

  it('refuses to renew a measure that is not active', () => {
    expect(refusedPaths(() => recordRenewal(awaitingMeasure(), threeMonths, policies.meuse, on('2026-04-04')))).toEqual([
      'status',
    ]);
    expect(
      refusedPaths(() =>
        recordRenewal(closedMeasure(), { ...threeMonths, decidedOn: '2026-04-20' }, policies.meuse, on('2026-04-20')),
      ),
    ).toEqual(['status']);
  });

  it('refuses a renewal longer than five years by the policy’s durations, not as a whole number it is', () => {
    const body = renewalBodySchema.parse({ ...threeMonths, months: 61 });
    const error = refusal(() => recordRenewal(readyToRenew(), body, policies.meuse, on('2026-04-04')));
    const message = 'Un renouvellement de 61 mois n’est pas prévu par le règlement du département, qui fixe une durée de 3 mois.';
    expect(error.details).toEqual([{ path: 'months', message }]);
  });

  it('reads whole months and an orientation', () => {
    expect(renewalBodySchema.safeParse(threeMonths).success).toBe(true);
    expect(renewalBodySchema.safeParse({ ...threeMonths, months: 2.5 }).success).toBe(false);
    expect(renewalBodySchema.safeParse({ ...threeMonths, orientation: 'autre' }).success).toBe(false);
  });
});

/** Tries to renew `measure` by `months`, its bilan recommending renewal recorded first if need be. */
function tryRenewal(measure: Measure, policyId: PolicyId, months: number): Measure {
  const decidedOn = currentPeriodStart(measure)!;
  const ready = currentPeriodBilan(measure) ? measure : withBilan(measure, policyId, decidedOn);
  try {
    return recordRenewal(ready, { decidedOn, months, orientation: 'maintien' }, policies[policyId], on(decidedOn)).measure;
  } catch (error) {
    if (error instanceof PolicyViolationError) return ready;
    throw error;
  }
}

describe.each(policyIds)('renewal chains under the %s policy', (policyId) => {
  const policy = policies[policyId];
  const attempts = fc.array(fc.constantFrom(...policy.renewal!.durationsMonths, 2, 7, 13), { maxLength: 8 });

  it('grants a renewal exactly when the count, the durations and the total cap allow it, and never passes them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policy.initialDurationsMonths), attempts, (initial, chain) => {
        let measure = activeMeasure(policyId, '2026-01-15', { initialDurationMonths: initial });
        for (const months of chain) {
          const allowed =
            policy.renewal!.durationsMonths.includes(months) &&
            (policy.renewal!.maxCount === null || measure.renewals.length < policy.renewal!.maxCount) &&
            (policy.totalCapMonths === null || grantedMonths(measure) + months <= policy.totalCapMonths);
          const before = measure.renewals.length;
          measure = tryRenewal(measure, policyId, months);
          expect(measure.renewals.length).toBe(allowed ? before + 1 : before);
        }
        if (policy.totalCapMonths !== null) {
          expect(grantedMonths(measure)).toBeLessThanOrEqual(policy.totalCapMonths);
          expect(measure.plannedEnd! <= plannedEnd(measure.startedOn!, policy.totalCapMonths)).toBe(true);
        }
        if (policy.renewal!.maxCount !== null) expect(measure.renewals.length).toBeLessThanOrEqual(policy.renewal!.maxCount);
      }),
      { numRuns: 60 },
    );
  });
});
