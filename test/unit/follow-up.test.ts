import { describe, expect, it } from 'vitest';
import { followUpBodySchema, recordFollowUp, type FollowUpBody } from '../../lib/domain/follow-up.js';
import { policies, policyIds } from '../../lib/domain/policies.js';
import { activeMeasure, awaitingMeasure, closedMeasure, on, refusal, refusedPaths } from '../support/measures.js';

const sixMonthsLater: FollowUpBody = { visitedOn: '2026-10-14', withSectorWorker: true, stillHoused: true };

describe('recording the follow-up visit', () => {
  it('records the visit once the measure is closed, clears its due date and resolves the follow_up_due task', () => {
    const change = recordFollowUp(
      closedMeasure(),
      { ...sixMonthsLater, notes: 'Loyer payé chaque mois.' },
      policies.meuse,
      on('2026-10-15'),
    );
    expect(change.measure.followUp).toEqual({
      visitedOn: '2026-10-14',
      withSectorWorker: true,
      stillHoused: true,
      notes: 'Loyer payé chaque mois.',
      recordedBy: 'w-1',
      recordedAt: '2026-10-15T10:00:00.000Z',
    });
    expect(change.measure).toMatchObject({ status: 'closed', followUpDueOn: null });
    expect(change.resolvedTaskKinds).toEqual(['follow_up_due']);
  });

  it('refuses under meuse a follow-up visit made without the sector social worker', () => {
    const error = refusal(() =>
      recordFollowUp(closedMeasure(), { ...sixMonthsLater, withSectorWorker: false }, policies.meuse, on('2026-10-15')),
    );
    expect(error.message).toBe(
      'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur : sa présence est requise.',
    );
    expect(error.details.map((detail) => detail.path)).toEqual(['withSectorWorker']);
  });

  it.each(policyIds.filter((id) => policies[id].followUp === null))(
    'accepts a follow-up visit under %s, which sets none, with or without the sector worker',
    (policyId) => {
      const change = recordFollowUp(
        closedMeasure(policyId),
        { ...sixMonthsLater, withSectorWorker: false },
        policies[policyId],
        on('2026-10-15'),
      );
      expect(change.measure.followUp).toMatchObject({ withSectorWorker: false, notes: null });
    },
  );

  it('records one follow-up visit only', () => {
    const once = recordFollowUp(closedMeasure(), sixMonthsLater, policies.meuse, on('2026-10-15')).measure;
    expect(refusal(() => recordFollowUp(once, sixMonthsLater, policies.meuse, on('2026-10-16'))).message).toContain(
      'une seule visite de suivi par mesure',
    );
  });

  it('refuses a follow-up visit before the measure is closed', () => {
    expect(refusedPaths(() => recordFollowUp(awaitingMeasure(), sixMonthsLater, policies.meuse, on('2026-10-15')))).toEqual([
      'status',
    ]);
    expect(refusal(() => recordFollowUp(activeMeasure(), sixMonthsLater, policies.meuse, on('2026-10-15'))).message).toContain(
      'au statut « Clôturée »',
    );
  });

  it('refuses a follow-up visit dated before the end of the measure or after today', () => {
    expect(
      refusedPaths(() =>
        recordFollowUp(closedMeasure(), { ...sixMonthsLater, visitedOn: '2026-04-13' }, policies.meuse, on('2026-10-15')),
      ),
    ).toEqual(['visitedOn']);
    expect(refusedPaths(() => recordFollowUp(closedMeasure(), sixMonthsLater, policies.meuse, on('2026-10-13')))).toEqual([
      'visitedOn',
    ]);
  });

  it('reads whether the sector worker came and whether the household is still housed, both required', () => {
    expect(followUpBodySchema.safeParse(sixMonthsLater).success).toBe(true);
    const missing = followUpBodySchema.safeParse({ visitedOn: '2026-10-14' });
    expect(missing.success).toBe(false);
    expect(missing.error!.issues.map((issue) => issue.message)).toEqual([
      'Indiquez si le travailleur social de secteur était présent.',
      'Indiquez si le ménage est toujours dans son logement.',
    ]);
    expect(followUpBodySchema.safeParse({ ...sixMonthsLater, notes: 'x'.repeat(4001) }).success).toBe(false);
  });
});
