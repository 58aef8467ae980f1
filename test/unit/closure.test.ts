import { describe, expect, it } from 'vitest';
import { closureBodySchema, recordClosure } from '../../lib/domain/closure.js';
import { policies, policyIds, type PolicyId } from '../../lib/domain/policies.js';
import { recordVisit } from '../../lib/domain/visit.js';
import {
  activeMeasure,
  awaitingMeasure,
  closedMeasure,
  closureBody,
  on,
  refusal,
  refusedPaths,
  renewed,
  withBilan,
} from '../support/measures.js';

const withBilanRule = policyIds.filter((id) => policies[id].bilan !== null);
const withoutBilanRule = policyIds.filter((id) => policies[id].bilan === null);

describe('closing a measure', () => {
  it('closes at term under meuse, the follow-up visit due 6 months later, and resolves the tasks whose cause goes away', () => {
    const measure = withBilan(activeMeasure(), 'meuse', '2026-04-04', 'end');
    const change = recordClosure(measure, closureBody('2026-04-14'), policies.meuse, on('2026-04-15'));
    expect(change.measure).toMatchObject({ status: 'closed', bilanDueOn: null, followUpDueOn: '2026-10-14' });
    expect(change.measure.closure).toEqual({
      endedOn: '2026-04-14',
      reason: 'term',
      housingOutcome: 'kept',
      evictionAvoided: true,
      early: false,
      recordedBy: 'w-1',
      recordedAt: '2026-04-15T10:00:00.000Z',
    });
    expect(change.appended).toBeNull();
    expect(change.resolvedTaskKinds).toEqual(['bilan_due', 'overdue_end', 'visit_cadence']);
  });

  it('marks an early stop, and records no eviction outcome when none is given', () => {
    const measure = withBilan(activeMeasure(), 'meuse', '2026-02-20', 'end');
    const { evictionAvoided: _dropped, ...body } = closureBody('2026-02-20', { reason: 'moved', housingOutcome: 'accessed' });
    expect(recordClosure(measure, body, policies.meuse, on('2026-02-20')).measure.closure).toMatchObject({
      early: true,
      evictionAvoided: null,
    });
  });

  it('refuses to close a meuse measure without the bilan of its current period', () => {
    const error = refusal(() => recordClosure(activeMeasure(), closureBody('2026-04-14'), policies.meuse, on('2026-04-14')));
    expect(error.message).toContain('prévoit un bilan 10 jours avant l’échéance, ainsi qu’en cas d’arrêt anticipé');
    expect(error.message).toContain('aucun n’a été enregistré');
  });

  it('requires the bilan of the current period, not one of a period already renewed', () => {
    const renewedOnce = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    expect(
      refusal(() => recordClosure(renewedOnce, closureBody('2026-07-14'), policies.meuse, on('2026-07-14'))).message,
    ).toContain('bilan de la période en cours');
  });

  it.each(withBilanRule)('requires a bilan before closure under the %s policy', (policyId) => {
    expect(() => recordClosure(activeMeasure(policyId), closureBody('2026-03-01'), policies[policyId], on('2026-03-01'))).toThrow(
      /bilan de la période en cours/,
    );
  });

  it.each(withoutBilanRule)('closes without a bilan under the %s policy, with no follow-up due', (policyId: PolicyId) => {
    const change = recordClosure(activeMeasure(policyId), closureBody('2026-03-01'), policies[policyId], on('2026-03-01'));
    expect(change.measure).toMatchObject({ status: 'closed', followUpDueOn: null });
  });

  it('refuses an end before the current period started, before the last visit, or after today', () => {
    const measure = withBilan(activeMeasure(), 'meuse', '2026-02-01', 'end');
    expect(refusedPaths(() => recordClosure(measure, closureBody('2026-01-14'), policies.meuse, on('2026-03-01')))).toEqual([
      'endedOn',
    ]);
    expect(refusedPaths(() => recordClosure(measure, closureBody('2026-03-02'), policies.meuse, on('2026-03-01')))).toEqual([
      'endedOn',
    ]);
    const visited = recordVisit(
      measure,
      { date: '2026-02-10', kind: 'bureau', durationMinutes: 45, axes: ['budget'] },
      policies.meuse,
      on('2026-02-10'),
    ).measure;
    expect(refusal(() => recordClosure(visited, closureBody('2026-02-09'), policies.meuse, on('2026-03-01'))).message).toBe(
      'La date de fin (09/02/2026) ne peut pas précéder la dernière rencontre enregistrée (10/02/2026).',
    );
  });

  it('refuses to close a measure awaiting its contract or already closed', () => {
    expect(
      refusedPaths(() => recordClosure(awaitingMeasure(), closureBody('2026-02-01'), policies.meuse, on('2026-02-01'))),
    ).toEqual(['status']);
    expect(
      refusedPaths(() => recordClosure(closedMeasure(), closureBody('2026-04-20'), policies.meuse, on('2026-04-20'))),
    ).toEqual(['status']);
  });

  it('reads a reason, a housing outcome and an optional yes-or-no on the eviction', () => {
    expect(closureBodySchema.safeParse(closureBody('2026-04-14')).success).toBe(true);
    expect(closureBodySchema.safeParse({ ...closureBody('2026-04-14'), reason: 'death' }).success).toBe(false);
    expect(closureBodySchema.safeParse({ ...closureBody('2026-04-14'), housingOutcome: 'better' }).success).toBe(false);
    expect(closureBodySchema.safeParse({ ...closureBody('2026-04-14'), evictionAvoided: 'yes' }).success).toBe(false);
  });
});
