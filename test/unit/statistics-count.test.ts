import { describe, expect, it } from 'vitest';
import { recordClosure } from '../../lib/domain/closure.js';
import { decideReferral } from '../../lib/domain/decision.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import type { Measure } from '../../lib/domain/measure.js';
import { policies, type DepartmentPolicy } from '../../lib/domain/policies.js';
import type { ReferralBody } from '../../lib/domain/referral.js';
import { indicatorTexts, indicators } from '../../lib/domain/statistics/catalogue.js';
import {
  aggregate,
  contributions,
  householdSizeCategory,
  measureContributions,
  monthsBetween,
  periodOf,
  territoryMapping,
  type AggregateOptions,
  type Cell,
} from '../../lib/domain/statistics/count.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { activeMeasure, closureBody, on, renewed, withBilan } from '../support/measures.js';

const meuse = policies.meuse;
const worker = { id: acceptance.workerId, active: true, groups: ['worker' as const] };

function received(id: string, receivedOn: string, overrides: Partial<ReferralBody> = {}) {
  return receiveReferral(validReferral(overrides), meuse, { id, sequence: 1, receivedAt: new Date(`${receivedOn}T09:00:00Z`) });
}

function decided(referral: ReturnType<typeof received>, decision: 'accepted' | 'refused', decidedOn: string) {
  const body =
    decision === 'accepted'
      ? { ...acceptance, axes: [...acceptance.axes], decidedOn }
      : { decision, decidedOn, reason: 'Hors critères.' };
  return decideReferral(referral, body, meuse, {
    managerId: 'mgr-1',
    now: new Date(`${decidedOn}T10:00:00Z`),
    measureId: `measure-of-${referral.id}`,
    worker,
  }).referral;
}

const visit = (measure: Measure, date: string, kind: 'domicile' | 'telephone', recordId: string) =>
  recordVisit(measure, { date, kind, durationMinutes: 60, axes: ['budget'] }, meuse, on(date, recordId)).measure;

/**
 * Three referrals: a CCAS one in January for a household of three (accepted after 10 days), a
 * self-referral in January for a person alone with no home (refused after 8 days), a town hall's in
 * February still waiting.
 */
const referrals = [
  decided(received('r-1', '2026-01-10'), 'accepted', '2026-01-20'),
  decided(
    received('r-2', '2026-01-25', {
      referrer: { kind: 'household', name: 'Paul Petit' },
      household: { ...validReferral().household, adults: 1, children: 0 },
      housing: { occupancyStatus: 'sans_logement' },
      difficulties: ['absence_logement'],
      orientation: 'acces',
    }),
    'refused',
    '2026-02-02',
  ),
  received('r-3', '2026-02-10', { referrer: { kind: 'mairie', name: 'Jean Roux' }, difficulties: [] }),
];

/**
 * m-1 (postcode 55000): started 2026-01-15, a home visit on 01-20 and a phone call on 02-03, its
 * bilan on 04-04 (the day it was due), closed at term on 04-14 with the eviction avoided, still
 * housed at the follow-up of 10-14.
 * m-2 (postcode 55100): started 2026-02-10 (planned end 05-09, bilan due 04-29), its bilan late on
 * 05-05 with a renewal the same day; still running.
 */
function firstMeasure(): Measure {
  let measure = activeMeasure('meuse', '2026-01-15');
  measure = visit(measure, '2026-01-20', 'domicile', 'v-1');
  measure = visit(measure, '2026-02-03', 'telephone', 'v-2');
  measure = withBilan(measure, 'meuse', '2026-04-04', 'end');
  measure = recordClosure(measure, closureBody('2026-04-14'), meuse, on('2026-04-14')).measure;
  return recordFollowUp(measure, { visitedOn: '2026-10-14', withSectorWorker: true, stillHoused: true }, meuse, on('2026-10-14'))
    .measure;
}

function secondMeasure(): Measure {
  const measure = activeMeasure('meuse', '2026-02-10', {
    id: 'm-2',
    household: { lastName: 'Petit', firstName: 'Paul', postcode: '55100', commune: 'Verdun' },
  });
  return renewed(measure, 'meuse', '2026-05-05', 3);
}

const measures = [firstMeasure(), secondMeasure()];
const context = { policy: meuse, asOf: '2026-12-31' };
const all = contributions({ referrals, measures }, context);

function valueOf(cells: Cell[], where: Partial<Cell>): number | null {
  const matching = cells.filter((cell) =>
    Object.entries({ territory: 'all', dimension: null, category: null, ...where }).every(
      ([key, value]) => cell[key as keyof Cell] === value,
    ),
  );
  expect(matching).toHaveLength(1);
  return matching[0]!.value;
}

const monthly = (options: Partial<AggregateOptions> = {}) =>
  aggregate(all, { by: 'month', from: '2026-01', to: '2026-12', ...options });

describe('counting referrals and decisions', () => {
  const cells = monthly();

  it('counts a referral in the month of its receipt, whatever became of it', () => {
    expect(valueOf(cells, { period: '2026-01', indicator: 'referrals_received' })).toBe(2);
    expect(valueOf(cells, { period: '2026-02', indicator: 'referrals_received' })).toBe(1);
    expect(valueOf(cells, { period: '2026-03', indicator: 'referrals_received' })).toBe(0);
  });

  it('breaks referrals down by referrer, channel, orientation and the household profile declared', () => {
    const january = { period: '2026-01', indicator: 'referrals_received' as const };
    expect(valueOf(cells, { ...january, dimension: 'referrerKind', category: 'ccas' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'referrerKind', category: 'household' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'channel', category: 'direct' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'channel', category: 'partner' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'orientation', category: 'acces' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'occupancyStatus', category: 'sans_logement' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'householdSize', category: '1' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'householdSize', category: '3-4' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'difficulty', category: 'impayes_loyer' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'difficulty', category: 'absence_logement' })).toBe(1);
    expect(valueOf(cells, { ...january, dimension: 'difficulty', category: 'sante' })).toBe(0);
  });

  it('counts a decision in the month it was taken, with its delay in days', () => {
    expect(valueOf(cells, { period: '2026-01', indicator: 'decisions', dimension: 'decision', category: 'accepted' })).toBe(1);
    expect(valueOf(cells, { period: '2026-02', indicator: 'decisions', dimension: 'decision', category: 'refused' })).toBe(1);
    expect(valueOf(cells, { period: '2026-01', indicator: 'decision_days_median' })).toBe(10);
    expect(valueOf(cells, { period: '2026-02', indicator: 'decision_days_mean' })).toBe(8);
    expect(valueOf(cells, { period: '2026-03', indicator: 'decision_days_mean' })).toBeNull();
  });

  it('computes a quarter’s mean and median from the decisions themselves, not from the months’ figures', () => {
    const quarter = aggregate(all, { by: 'quarter', from: '2026-01', to: '2026-03' });
    expect(valueOf(quarter, { period: '2026-Q1', indicator: 'decisions' })).toBe(2);
    expect(valueOf(quarter, { period: '2026-Q1', indicator: 'decision_days_mean' })).toBe(9);
    expect(valueOf(quarter, { period: '2026-Q1', indicator: 'decision_days_median' })).toBe(9);
  });
});

describe('counting measures', () => {
  const cells = monthly();

  it('counts a measure started in the month its contract was signed, once per orientation and once per axis', () => {
    expect(valueOf(cells, { period: '2026-01', indicator: 'measures_started' })).toBe(1);
    expect(valueOf(cells, { period: '2026-02', indicator: 'measures_started' })).toBe(1);
    expect(
      valueOf(cells, { period: '2026-02', indicator: 'measures_started', dimension: 'orientation', category: 'maintien' }),
    ).toBe(1);
    expect(valueOf(cells, { period: '2026-01', indicator: 'measures_started', dimension: 'axis', category: 'budget' })).toBe(1);
    expect(
      valueOf(cells, { period: '2026-01', indicator: 'measures_started', dimension: 'axis', category: 'prevention_expulsion' }),
    ).toBe(1);
  });

  it('counts the measures active on the last day of each month, and a quarter’s on its last day', () => {
    const active = (period: string) => valueOf(cells, { period, indicator: 'measures_active_end' });
    expect(['2026-01', '2026-02', '2026-03', '2026-04', '2026-12'].map(active)).toEqual([1, 2, 2, 1, 1]);
    const quarters = aggregate(all, { by: 'quarter', from: '2026-01', to: '2026-12' });
    expect(['2026-Q1', '2026-Q2'].map((period) => valueOf(quarters, { period, indicator: 'measures_active_end' }))).toEqual([
      2, 1,
    ]);
  });

  it('measures the running month on the day of computation', () => {
    // m-2 was signed on 2026-02-10: on 2026-02-05 it is not yet running, and February counts m-1 only.
    const early = contributions({ referrals: [], measures }, { policy: meuse, asOf: '2026-02-05' });
    const cells = aggregate(early, { by: 'month', from: '2026-02', to: '2026-02' });
    expect(valueOf(cells, { period: '2026-02', indicator: 'measures_active_end' })).toBe(1);
  });

  it('counts a closure in the month it ended, by reason and housing outcome, with its length in days', () => {
    expect(valueOf(cells, { period: '2026-04', indicator: 'measures_closed' })).toBe(1);
    expect(valueOf(cells, { period: '2026-04', indicator: 'measures_closed', dimension: 'reason', category: 'term' })).toBe(1);
    expect(
      valueOf(cells, { period: '2026-04', indicator: 'measures_closed', dimension: 'housingOutcome', category: 'kept' }),
    ).toBe(1);
    expect(valueOf(cells, { period: '2026-04', indicator: 'evictions_avoided' })).toBe(1);
    // 2026-01-15 to 2026-04-14, both days included.
    expect(valueOf(cells, { period: '2026-04', indicator: 'measure_days_median' })).toBe(90);
  });

  it('counts a closure after the planned end too, as the definition of measures_closed says', () => {
    // Signed 2026-01-15, planned end 2026-04-14, closed late on 2026-05-04 (the overdue_end task's case).
    let late = withBilan(activeMeasure('meuse', '2026-01-15', { id: 'm-late' }), 'meuse', '2026-04-04', 'end');
    late = recordClosure(late, closureBody('2026-05-04'), meuse, on('2026-05-04')).measure;
    const closed = aggregate(contributions({ referrals: [], measures: [late] }, context), {
      by: 'month',
      from: '2026-05',
      to: '2026-05',
    });
    expect(valueOf(closed, { period: '2026-05', indicator: 'measures_closed' })).toBe(1);
    const { definition } = indicatorTexts.measures_closed;
    expect(definition).not.toMatch(/à l’échéance ou avant\.$/);
    expect(definition).toContain('après');
  });

  it('counts renewals, visits by kind and the share at home in the months they happened', () => {
    expect(valueOf(cells, { period: '2026-05', indicator: 'renewals' })).toBe(1);
    expect(valueOf(cells, { period: '2026-01', indicator: 'visits', dimension: 'visitKind', category: 'domicile' })).toBe(1);
    expect(valueOf(cells, { period: '2026-02', indicator: 'visits', dimension: 'visitKind', category: 'telephone' })).toBe(1);
    const year = aggregate(all, { by: 'year', from: '2026-01', to: '2026-12' });
    expect(valueOf(year, { period: '2026', indicator: 'visits' })).toBe(2);
    expect(valueOf(year, { period: '2026', indicator: 'visits_at_home_share' })).toBe(50);
  });

  it('tells a bilan handed in by its due date from a late one', () => {
    expect(valueOf(cells, { period: '2026-04', indicator: 'bilans', dimension: 'onTime', category: 'yes' })).toBe(1);
    expect(valueOf(cells, { period: '2026-05', indicator: 'bilans', dimension: 'onTime', category: 'no' })).toBe(1);
  });

  it('counts the follow-up visit in its month, by whether the household is still housed', () => {
    expect(valueOf(cells, { period: '2026-10', indicator: 'follow_ups', dimension: 'stillHoused', category: 'yes' })).toBe(1);
    expect(valueOf(cells, { period: '2026-10', indicator: 'follow_ups', dimension: 'stillHoused', category: 'no' })).toBe(0);
  });

  it('adds nothing for a measure still awaiting its contract', () => {
    const awaiting = { ...measures[0]!, startedOn: null, contract: null, visits: [], bilans: [], closure: null, followUp: null };
    expect(measureContributions(awaiting, context)).toEqual([]);
  });

  it('counts households, not visits, behind each cell', () => {
    const year = aggregate(all, { by: 'year', from: '2026-01', to: '2026-12' });
    const visits = year.find((cell) => cell.indicator === 'visits' && cell.dimension === null)!;
    expect(visits).toMatchObject({ value: 2, households: 1 });
  });
});

describe('periods and territories', () => {
  it('names periods as API.md does', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-12'].map((month) => periodOf(month, 'quarter'))).toEqual([
      '2026-Q1',
      '2026-Q1',
      '2026-Q2',
      '2026-Q4',
    ]);
    expect(periodOf('2026-07', 'year')).toBe('2026');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('buckets household sizes as 1, 2, 3-4 and 5 or more', () => {
    expect([1, 2, 3, 4, 5, 9].map(householdSizeCategory)).toEqual(['1', '2', '3-4', '3-4', '5+', '5+']);
  });

  it('gives every period, indicator and category a cell, zeros included, for the whole department only by default', () => {
    const cells = aggregate([], { by: 'quarter', from: '2026-01', to: '2026-12' });
    expect(new Set(cells.map((cell) => cell.period))).toEqual(new Set(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']));
    expect(new Set(cells.map((cell) => cell.territory))).toEqual(new Set(['all']));
    expect(cells.filter((cell) => cell.dimension === null)).toHaveLength(4 * indicators.length);
    expect(cells.every((cell) => cell.households === 0)).toBe(true);
  });

  it('leaves out what happened outside from..to', () => {
    const cells = aggregate(all, { by: 'month', from: '2026-02', to: '2026-03' });
    expect(cells.some((cell) => cell.period === '2026-01')).toBe(false);
    expect(valueOf(cells, { period: '2026-02', indicator: 'referrals_received' })).toBe(1);
  });

  it('counts each postcode in its territory and in the department, the unmapped ones apart', () => {
    const mapped: DepartmentPolicy = {
      ...meuse,
      territories: [
        { name: 'UTAS Nord', postcodePrefixes: ['551'] },
        { name: 'UTAS Sud', postcodePrefixes: ['550'] },
      ],
    };
    const mapping = territoryMapping(mapped)!;
    expect(mapping.territoryOf('55000')).toBe('UTAS Sud');
    expect(mapping.territoryOf('57000')).toBe('non rattaché');
    const cells = aggregate(all, { by: 'quarter', from: '2026-01', to: '2026-03', ...mapping });
    expect(new Set(cells.map((cell) => cell.territory))).toEqual(new Set(['all', 'UTAS Nord', 'UTAS Sud', 'non rattaché']));
    const started = (territory: string) => valueOf(cells, { period: '2026-Q1', territory, indicator: 'measures_started' });
    expect(['all', 'UTAS Nord', 'UTAS Sud', 'non rattaché'].map(started)).toEqual([2, 1, 1, 0]);
  });

  it('maps no territory for any preset', () => {
    for (const policy of Object.values(policies)) expect(territoryMapping(policy)).toBeUndefined();
  });
});
