import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueMarkdown } from '../../lib/domain/statistics/catalogue-markdown.js';
import { catalogueView, dimensions, indicatorTexts, indicators } from '../../lib/domain/statistics/catalogue.js';
import {
  closureReasons,
  decisions,
  difficulties,
  orientations,
  referrerKinds,
  visitKinds,
  workAxes,
} from '../../lib/domain/vocabulary.js';
import { protect } from '../../lib/domain/statistics/disclosure.js';
import { aggregate } from '../../lib/domain/statistics/count.js';
import { statsRows } from '../../lib/domain/statistics/export.js';

describe('the statistics catalogue', () => {
  it('holds at least the indicators and breakdowns API.md lists', () => {
    const breakdowns = Object.fromEntries(indicators.map((indicator) => [indicator.id, indicator.breakdowns]));
    expect(breakdowns).toMatchObject({
      referrals_received: expect.arrayContaining(['referrerKind', 'orientation']),
      decisions: expect.arrayContaining(['decision']),
      measures_started: expect.arrayContaining(['orientation', 'axis']),
      measures_active_end: expect.any(Array),
      measures_closed: expect.arrayContaining(['reason', 'housingOutcome']),
      renewals: expect.any(Array),
      visits: expect.arrayContaining(['visitKind']),
      follow_ups: expect.arrayContaining(['stillHoused']),
      evictions_avoided: expect.any(Array),
    });
  });

  it('gives every indicator a unique id, a French label and a definition naming the date it counts on', () => {
    expect(new Set(indicators.map((indicator) => indicator.id)).size).toBe(indicators.length);
    expect(Object.keys(indicatorTexts)).toEqual(indicators.map((indicator) => indicator.id));
    for (const indicator of indicators) {
      const text = indicatorTexts[indicator.id];
      expect(text.label.length).toBeGreaterThan(5);
      expect(text.definition).toMatch(/période/);
      expect(text.definition).toMatch(
        /receivedOn|decidedOn|startedOn|endedOn|submittedOn|visitedOn|date de la rencontre|dernier jour/,
      );
    }
  });

  it('takes each breakdown’s categories from the domain’s vocabularies, in their order', () => {
    const ids = (dimension: keyof typeof dimensions) => dimensions[dimension].categories.map((category) => category.id);
    expect(ids('referrerKind')).toEqual(referrerKinds.values);
    expect(ids('orientation')).toEqual(orientations.values);
    expect(ids('decision')).toEqual(decisions.values);
    expect(ids('axis')).toEqual(workAxes.values);
    expect(ids('reason')).toEqual(closureReasons.values);
    expect(ids('visitKind')).toEqual(visitKinds.values);
    expect(ids('difficulty')).toEqual(difficulties.values);
    expect(dimensions.orientation.categories[0]).toEqual({ id: 'acces', label: 'Accès au logement' });
    expect(ids('householdSize')).toEqual(['1', '2', '3-4', '5+']);
    expect(ids('stillHoused')).toEqual(['yes', 'no']);
  });

  it('spells out each breakdown in the GET /stats/catalogue view', () => {
    const decisionsEntry = catalogueView().find((entry) => entry.id === 'decisions')!;
    expect(decisionsEntry).toMatchObject({ label: 'Décisions sur les demandes', unit: 'ménages', kind: 'count' });
    expect(decisionsEntry.breakdowns).toEqual([
      {
        dimension: 'decision',
        label: 'Décision',
        multiple: false,
        categories: decisions.values.map((id) => ({ id, label: decisions.labels[id] })),
      },
    ]);
  });

  it('is written in the README as the code generates it (npm run --silent catalogue:md)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /<!-- catalogue:start -->\n([\s\S]*?)<!-- catalogue:end -->/.exec(readme);
    expect(section?.[1]).toBe(catalogueMarkdown());
  });
});

describe('the rows of the downloads', () => {
  const cells = protect(
    aggregate([], {
      by: 'quarter',
      from: '2026-01',
      to: '2026-06',
      territoryOf: () => null,
      territories: ['UTAS Sud', 'UTAS Nord'],
    }),
  );

  it('carry exactly the fields of API.md, and no household count', () => {
    for (const row of statsRows(cells))
      expect(Object.keys(row)).toEqual(['period', 'territory', 'indicator', 'dimension', 'category', 'value', 'suppressed']);
  });

  it('come in a fixed order whatever the order of the cells: period, territory, indicator, total first, categories', () => {
    const rows = statsRows([...cells].reverse());
    expect(statsRows(cells)).toEqual(rows);
    expect(rows[0]).toEqual({
      period: '2026-Q1',
      territory: 'all',
      indicator: 'referrals_received',
      dimension: null,
      category: null,
      value: 0,
      suppressed: false,
    });
    expect(rows.slice(1, 3).map((row) => [row.dimension, row.category])).toEqual([
      ['referrerKind', 'household'],
      ['referrerKind', 'ccas'],
    ]);
    expect([...new Set(rows.map((row) => `${row.period} ${row.territory}`))]).toEqual([
      '2026-Q1 all',
      '2026-Q1 UTAS Nord',
      '2026-Q1 UTAS Sud',
      '2026-Q2 all',
      '2026-Q2 UTAS Nord',
      '2026-Q2 UTAS Sud',
    ]);
  });

  it('list an indicator’s breakdowns in the catalogue’s order for that indicator', () => {
    const closed = statsRows(cells).filter(
      (row) => row.period === '2026-Q1' && row.territory === 'all' && row.indicator === 'measures_closed',
    );
    expect([...new Set(closed.map((row) => row.dimension))]).toEqual([null, 'reason', 'housingOutcome', 'orientation']);
  });

  it('show a suppressed cell as null', () => {
    const [row] = statsRows([{ ...cells[0]!, value: 3, suppressed: true }]);
    expect(row).toMatchObject({ value: null, suppressed: true });
  });
});
