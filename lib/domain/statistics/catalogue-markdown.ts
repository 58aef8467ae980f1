import { catalogueView, dimensionIds, dimensions } from './catalogue.js';

/**
 * The catalogue as the Markdown tables of the README's "Statistiques du PDALPD" section, so that the
 * README is generated from the code, never written twice (`npm run --silent catalogue:md`).
 */

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const kinds = { count: 'effectif', mean: 'moyenne', median: 'médiane' } as const;

export function catalogueMarkdown(): string {
  const lines = [
    '| indicateur | libellé | unité | nature | définition | ventilations |',
    '|---|---|---|---|---|---|',
    ...catalogueView().map((entry) =>
      [
        '',
        `\`${entry.id}\``,
        cell(entry.label),
        cell(entry.unit),
        kinds[entry.kind],
        cell(entry.definition),
        entry.breakdowns.map((breakdown) => `\`${breakdown.dimension}\``).join(', ') || '—',
        '',
      ]
        .join(' | ')
        .trim(),
    ),
    '',
    '| ventilation | libellé | modalités |',
    '|---|---|---|',
    ...dimensionIds.map((id) => {
      const dimension = dimensions[id];
      const categories = dimension.categories.map((category) => `\`${category.id}\` ${cell(category.label)}`).join(' · ');
      const note = dimension.multiple ? ' (plusieurs possibles : les modalités ne s’additionnent pas au total)' : '';
      return `| \`${id}\` | ${cell(dimension.label)}${note} | ${categories} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
