import { describe, expect, it } from 'vitest';
import { handoverBodySchema, reassignMeasure } from '../../lib/domain/handover.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { policies } from '../../lib/domain/policies.js';
import { toErrorDetails } from '../../lib/domain/validation.js';
import { activeMeasure, awaitingMeasure, closedMeasure, on, refusal } from '../support/measures.js';

describe('handing a measure to another worker', () => {
  it('hands over a measure awaiting its contract or active, its open tasks following it', () => {
    for (const measure of [awaitingMeasure(), activeMeasure()]) {
      const change = reassignMeasure(measure, 'w-2', on('2026-02-01', 'unused', 'm-1'));
      expect(change.measure).toMatchObject({ workerId: 'w-2', version: measure.version + 1, status: measure.status });
      expect(change.resolvedTaskKinds).toEqual([]);
    }
  });

  it('hands over a closed measure whose follow-up visit is still due, and no longer once it is done', () => {
    const closed = closedMeasure('meuse');
    expect(reassignMeasure(closed, 'w-2', on('2026-05-01')).measure.workerId).toBe('w-2');
    const followedUp = recordFollowUp(
      closed,
      { visitedOn: '2026-10-14', withSectorWorker: true, stillHoused: true },
      policies.meuse,
      on('2026-10-14'),
    );
    expect(refusal(() => reassignMeasure(followedUp.measure, 'w-2', on('2026-10-20'))).message).toContain(
      'n’attend plus de visite de suivi',
    );
  });

  it('refuses to hand over a closed measure that has no follow-up to come', () => {
    expect(() => reassignMeasure(closedMeasure('plateforme'), 'w-2', on('2026-05-01'))).toThrow(/clôturée/);
  });

  it('refuses to hand a measure to the worker who already has it', () => {
    expect(refusal(() => reassignMeasure(activeMeasure(), 'w-1', on('2026-02-01'))).message).toBe(
      'Cette mesure est déjà confiée à ce travailleur social.',
    );
  });

  it('reads the new worker’s id', () => {
    expect(handoverBodySchema.safeParse({ workerId: 'w-2', version: 4 }).success).toBe(true);
    expect(handoverBodySchema.safeParse({ workerId: '' }).success).toBe(false);
    expect(handoverBodySchema.safeParse({}).success).toBe(false);
  });

  it('says which choice is missing when no worker is chosen, not « Ce champ est obligatoire. »', () => {
    const chosen = 'Choisissez le travailleur social à qui confier la mesure.';
    for (const body of [{}, { workerId: '' }, { workerId: '   ' }]) {
      const result = handoverBodySchema.safeParse(body);
      expect(result.error && toErrorDetails(result.error)).toEqual([{ path: 'workerId', message: chosen }]);
    }
  });
});
