import type { StatisticsTable } from '../../lib/domain/statistics/table.js';

/**
 * A hand-made download, 2026 by quarter: counts, a zero, a decimal average, suppressed cells, and
 * labels that test the writers (accents, `;`, a double quote, a line end, a leading `=` or `-`).
 */
export function statisticsTable(overrides: Partial<StatisticsTable> = {}): StatisticsTable {
  return {
    title: 'Statistiques ASLL du PDALPD — Meuse (données fictives)',
    periodLabel: '2026, par trimestre',
    threshold: 5,
    columns: ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
    rows: [
      {
        indicator: 'referrals_received',
        indicatorLabel: 'Saisines reçues',
        dimension: null,
        dimensionLabel: 'Ensemble',
        category: null,
        categoryLabel: 'Ensemble',
        unit: 'saisines',
        values: [42, 37, 0, 1250],
      },
      {
        indicator: 'referrals_received',
        indicatorLabel: 'Saisines reçues',
        dimension: 'referrerKind',
        dimensionLabel: 'Prescripteur',
        category: 'ccas',
        categoryLabel: 'CCAS; mairie "annexe"',
        unit: 'saisines',
        values: [null, 30, 0, null],
      },
      {
        indicator: 'referrals_received',
        indicatorLabel: 'Saisines reçues',
        dimension: 'referrerKind',
        dimensionLabel: 'Prescripteur',
        category: 'other',
        categoryLabel: '=HYPERLINK("http://exemple.invalid")',
        unit: 'saisines',
        values: [null, 7, 0, 1245],
      },
      {
        indicator: 'measure_duration_mean',
        indicatorLabel: 'Durée moyenne des mesures\nclôturées',
        dimension: null,
        dimensionLabel: 'Ensemble',
        category: null,
        categoryLabel: '-',
        unit: 'mois',
        values: [7.5, 12.25, null, 0.125],
      },
    ],
    definitions: [
      {
        id: 'referrals_received',
        label: 'Saisines reçues',
        unit: 'saisines',
        definition: 'Saisines reçues par le service, comptées dans la période de leur date de réception (receivedOn).',
        breakdowns: [
          { id: 'referrerKind', label: 'Prescripteur' },
          { id: 'orientation', label: 'Orientation' },
        ],
      },
      {
        id: 'measure_duration_mean',
        label: 'Durée moyenne des mesures clôturées',
        unit: 'mois',
        definition: 'Durée moyenne, du début à la fin, des mesures clôturées dans la période (endedOn).',
        breakdowns: [],
      },
    ],
    ...overrides,
  };
}
