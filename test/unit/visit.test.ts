import { describe, expect, it } from 'vitest';
import { policies, policyIds } from '../../lib/domain/policies.js';
import { recordVisit, visitBodySchema, type VisitBody } from '../../lib/domain/visit.js';
import { activeMeasure, awaitingMeasure, closedMeasure, on, refusal, refusedPaths } from '../support/measures.js';

const homeVisit: VisitBody = { date: '2026-02-03', kind: 'domicile', durationMinutes: 90, axes: ['budget'] };

describe('recording a visit', () => {
  it('appends the visit with its defaults and moves the version on', () => {
    const measure = activeMeasure();
    const change = recordVisit(measure, homeVisit, policies.meuse, on('2026-02-03', 'v-1'));
    const visit = {
      id: 'v-1',
      date: '2026-02-03',
      kind: 'domicile',
      durationMinutes: 90,
      axes: ['budget'],
      withSectorWorker: false,
      actions: [],
      notes: null,
      recordedBy: 'w-1',
      recordedAt: '2026-02-03T10:00:00.000Z',
    };
    expect(change.appended).toEqual({ collection: 'visits', record: visit });
    expect(change.measure.visits).toEqual([visit]);
    expect(change.measure.version).toBe(measure.version + 1);
    expect(change.resolvedTaskKinds).toEqual([]);
  });

  it('keeps the actions, the sector worker’s presence and the notes given', () => {
    const body: VisitBody = { ...homeVisit, withSectorWorker: true, actions: ['fsl', 'droits'], notes: 'Dossier FSL complété.' };
    expect(recordVisit(activeMeasure(), body, policies.meuse, on('2026-02-03')).appended?.record).toMatchObject({
      withSectorWorker: true,
      actions: ['fsl', 'droits'],
      notes: 'Dossier FSL complété.',
    });
  });

  it.each(policyIds)('records a visit under the %s policy', (policyId) => {
    expect(recordVisit(activeMeasure(policyId), homeVisit, policies[policyId], on('2026-02-03')).measure.visits).toHaveLength(1);
  });

  it('refuses a visit before the contract is signed, and after closure', () => {
    expect(refusal(() => recordVisit(awaitingMeasure(), homeVisit, policies.meuse, on('2026-02-03'))).message).toContain(
      'Enregistrer une rencontre n’est possible que pour une mesure au statut « En cours »',
    );
    expect(
      refusedPaths(() => recordVisit(closedMeasure(), { ...homeVisit, date: '2026-04-10' }, policies.meuse, on('2026-05-01'))),
    ).toEqual(['status']);
  });

  it('refuses a visit dated before the measure started or after today', () => {
    expect(
      refusedPaths(() => recordVisit(activeMeasure(), { ...homeVisit, date: '2026-01-14' }, policies.meuse, on('2026-02-03'))),
    ).toEqual(['date']);
    expect(
      refusedPaths(() => recordVisit(activeMeasure(), { ...homeVisit, date: '2026-02-04' }, policies.meuse, on('2026-02-03'))),
    ).toEqual(['date']);
  });

  it('accepts a visit on the day the measure started, and one after its planned end while it is still open', () => {
    expect(
      recordVisit(activeMeasure(), { ...homeVisit, date: '2026-01-15' }, policies.meuse, on('2026-01-15')).measure.visits,
    ).toHaveLength(1);
    expect(
      recordVisit(activeMeasure(), { ...homeVisit, date: '2026-04-20' }, policies.meuse, on('2026-04-20')).measure.visits,
    ).toHaveLength(1);
  });

  it('refuses an axis the measure does not work on', () => {
    const error = refusal(() =>
      recordVisit(activeMeasure(), { ...homeVisit, axes: ['budget', 'insertion_quartier'] }, policies.meuse, on('2026-02-03')),
    );
    expect(error.details.map((detail) => detail.path)).toEqual(['axes.1']);
    expect(error.message).toContain('« Insertion dans le quartier et l’environnement » ne fait pas partie des axes de travail');
  });

  it('reads a duration of 1 to 600 whole minutes, at least one distinct axis, distinct actions and notes of at most 4000 characters', () => {
    expect(visitBodySchema.safeParse(homeVisit).success).toBe(true);
    expect(visitBodySchema.safeParse({ ...homeVisit, durationMinutes: 0 }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, durationMinutes: 601 }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, durationMinutes: 30.5 }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, axes: [] }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, axes: ['budget', 'budget'] }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, actions: ['fsl', 'fsl'] }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, kind: 'visio' }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, notes: 'x'.repeat(4001) }).success).toBe(false);
    expect(visitBodySchema.safeParse({ ...homeVisit, date: '2026-02-30' }).success).toBe(false);
  });
});

describe('a visit recorded late for a month below the cadence', () => {
  it('closes that month’s cadence task once the month has the minimum (meuse: two meetings)', () => {
    const active = activeMeasure('meuse');
    const first = recordVisit(active, { ...homeVisit, date: '2026-02-03' }, policies.meuse, on('2026-03-02', 'v-1'));
    expect(first.resolvedTaskIds).toEqual([]);
    const second = recordVisit(first.measure, { ...homeVisit, date: '2026-02-20' }, policies.meuse, on('2026-03-02', 'v-2'));
    expect(second.resolvedTaskIds).toEqual([`visit_cadence.${active.id}.2026-02`]);
  });

  it('closes no cadence task where the department sets no cadence', () => {
    const active = activeMeasure('plateforme');
    const change = recordVisit(active, homeVisit, policies.plateforme, on('2026-03-02'));
    expect(change.resolvedTaskIds).toEqual([]);
  });
});
