import { de } from '../../../../lib/domain/french-words.js';
import { ongoingNote } from '../../../../lib/domain/statistics/publication.js';
import { statisticsMediaTypes, suppressedMarker, suppressionNote } from '../../../../lib/domain/statistics/table.js';
import { drawBarChart } from './charts.js';
import {
  alignMonths,
  breakdownSeries,
  breakdownTable,
  cellText,
  cellsOf,
  defaultMonths,
  hasFigures,
  latestPeriodWithData,
  ongoingModeOf,
  ongoingPeriodsOf,
  periodLabel,
  periodProblems,
  periodSeries,
  periodsOf,
  shortPeriodLabel,
  territoriesOf,
  wholeDepartment,
} from './stats-model.js';

/**
 * « Statistiques »: the PDALPD figures of the last `stats` run (GET /stats), as charts each
 * followed by its data table, with the indicators' definitions (GET /stats/catalogue) and the
 * three downloads. Nothing here names a household: the API sends aggregates only.
 */

const granularities = [
  { value: 'month', label: 'Mois', per: 'par mois' },
  { value: 'quarter', label: 'Trimestre', per: 'par trimestre' },
  { value: 'year', label: 'Année', per: 'par année' },
];

const formats = [
  { format: 'csv', label: 'CSV', hint: 'tableur, séparateur point-virgule' },
  { format: 'xlsx', label: 'XLSX', hint: 'Excel' },
  { format: 'ods', label: 'ODS', hint: 'LibreOffice Calc' },
];

/** Charts over time: each indicator's total per period (several indicators side by side). */
const timeCharts = [
  { id: 'saisines', title: 'Demandes reçues', indicators: ['referrals_received'] },
  { id: 'mesures', title: 'Mesures commencées et mesures en cours', indicators: ['measures_started', 'measures_active_end'] },
  { id: 'rencontres', title: 'Rencontres avec les ménages', indicators: ['visits'] },
];

/** Charts of one period by category: the breakdowns of the catalogue, the first one shown first. */
const breakdownCharts = [
  { id: 'fins', indicator: 'measures_closed' },
  { id: 'prescripteurs', indicator: 'referrals_received' },
];

const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

/** @type {import('../../shell.js').Page} */
export const statisticsPage = {
  path: '/statistiques',
  title: 'Statistiques',
  groups: ['analyst', 'admin'],
  nav: { label: 'Statistiques', order: 40 },
  async render(main, ctx) {
    const { h } = ctx.ui;
    ctx.ui.heading(main, 'Statistiques');
    main.append(
      h(
        'p',
        { class: 'stats-intro' },
        'Les chiffres du PDALPD calculés chaque nuit : des effectifs de ménages et de mesures, jamais une personne.',
      ),
    );

    const defaults = defaultMonths(parisToday());
    const initial = {
      from: ctx.query.get('from') ?? defaults.from,
      to: ctx.query.get('to') ?? defaults.to,
      by: ctx.query.get('by') ?? 'month',
    };
    const form = periodForm(ctx, initial);
    const status = h('p', { class: 'stats-updated' });
    const downloads = downloadBar(ctx, () => applied);
    const results = h('div', { class: 'stats-results' });
    const definitions = h('section', { class: 'stats-definitions', 'aria-labelledby': 'stats-definitions-title' });
    main.append(form, status, downloads.element, results, definitions);

    /** The query of the figures on screen: what the downloads fetch. */
    let applied = { ...initial };
    let detach = [];
    const clearCharts = () => {
      for (const each of detach) each();
      detach = [];
    };

    // One page of the largest size a list gives holds the whole catalogue (API.md lists: limit 1–100).
    const catalogueResult = await ctx.api.get('/stats/catalogue', { limit: 100 });
    if (!catalogueResult.ok) {
      form.remove();
      downloads.element.remove();
      ctx.ui.loadError(results, catalogueResult);
      return clearCharts;
    }
    const catalogue = catalogueResult.body.items;
    const entryOf = (id) => catalogue.find((entry) => entry.id === id);
    renderDefinitions(ctx, definitions, catalogue);

    const load = async (query, { announce }) => {
      ctx.ui.clearErrors(form);
      clearCharts();
      results.replaceChildren();
      const problems = periodProblems(query.from, query.to, query.by);
      if (problems.length > 0) {
        status.textContent = '';
        downloads.element.hidden = true;
        ctx.ui.showErrors(form, {
          error: { code: 'VALIDATION_FAILED', message: problems[0].message, details: problems },
        });
        return;
      }
      ctx.ui.loading(results);
      const result = await ctx.api.get('/stats', { ...query, format: 'json' });
      results.replaceChildren();
      if (!result.ok) {
        // Nothing stale stays on screen: no figures, no date, no download of an earlier period.
        status.textContent = '';
        downloads.element.hidden = true;
      }
      if (result.status === 422 || result.status === 400) {
        ctx.ui.showErrors(form, result.body);
        return;
      }
      if (!result.ok) {
        ctx.ui.loadError(results, result);
        return;
      }
      applied = { from: query.from, to: query.to, by: query.by };
      const body = result.body;
      if (!body.generatedAt || body.rows.length === 0) {
        status.textContent = '';
        downloads.element.hidden = true;
        results.append(
          ctx.ui.emptyState(
            body.generatedAt
              ? 'Aucun chiffre pour cette période : le calcul de la nuit ne l’a pas encore couverte.'
              : 'Les statistiques n’ont pas encore été calculées : le calcul a lieu chaque nuit. Revenez demain.',
          ),
        );
        if (announce) ctx.ui.announce('Aucun chiffre pour cette période.');
        return;
      }
      status.textContent = `Dernière mise à jour : ${ctx.ui.formatDateTime(body.generatedAt)}.`;
      downloads.element.hidden = false;
      const dashboard = new Dashboard(ctx, results, body, entryOf, (cleanup) => detach.push(cleanup), clearCharts);
      dashboard.show(wholeDepartment);
      if (announce) ctx.ui.announce(`Statistiques affichées, ${periodRange(body)}.`);
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = ctx.ui.readForm(form);
      void load({ from: values.from, to: values.to, by: values.by }, { announce: true });
    });
    await load(initial, { announce: false });
    return clearCharts;
  },
};

function periodRange(body) {
  const per = granularities.find((each) => each.value === body.by)?.per ?? '';
  return `${de(periodLabel(body.from))} à ${periodLabel(body.to)}, ${per}`;
}

function periodForm(ctx, initial) {
  const { h } = ctx.ui;
  const form = h(
    'form',
    { class: 'stats-period', novalidate: '' },
    ctx.ui.fieldset(
      'Période et granularité',
      h(
        'div',
        { class: 'stats-months' },
        ctx.ui.field({
          name: 'from',
          label: 'Du mois de',
          type: 'month',
          hint: 'Format AAAA-MM, par exemple 2026-01',
          required: true,
          value: initial.from,
        }),
        ctx.ui.field({
          name: 'to',
          label: 'Au mois de (compris)',
          type: 'month',
          hint: 'Format AAAA-MM',
          required: true,
          value: initial.to,
        }),
      ),
      ctx.ui.radios({
        name: 'by',
        legend: 'Regrouper par',
        options: granularities.map(({ value, label }) => ({ value, label })),
        value: initial.by,
        hint: 'Par trimestre ou par année, les mois choisis sont élargis à des trimestres ou des années entiers.',
      }),
    ),
    h('button', { type: 'submit', class: 'button' }, 'Afficher'),
  );
  // A quarter or a year is never cut (GET /stats refuses it): choosing one widens the months to whole periods.
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'by') return;
    const from = form.elements.namedItem('from');
    const to = form.elements.namedItem('to');
    const aligned = alignMonths(from.value, to.value, event.target.value);
    if (aligned.from === from.value && aligned.to === to.value) return;
    from.value = aligned.from;
    to.value = aligned.to;
    ctx.ui.announce(`Période élargie : ${de(periodLabel(aligned.from))} à ${periodLabel(aligned.to)}.`);
  });
  return form;
}

function downloadBar(ctx, currentQuery) {
  const { h } = ctx.ui;
  const message = h('div', { class: 'stats-download-message' });
  const buttons = formats.map(({ format, label, hint }) => {
    const button = h(
      'button',
      { type: 'button', class: 'button button-secondary' },
      `Télécharger en ${label}`,
      h('span', { class: 'stats-format-hint' }, ` (${hint})`),
    );
    button.addEventListener('click', async () => {
      message.replaceChildren();
      button.disabled = true;
      try {
        // API Gateway gives back a spreadsheet's bytes only when the request's Accept names its type.
        const result = await ctx.api.download('/stats', { ...currentQuery(), format }, { accept: statisticsMediaTypes[format] });
        if (result.ok) ctx.ui.announce(`Fichier ${result.filename} téléchargé.`);
        else message.append(ctx.ui.notice('error', downloadFailure(result)));
      } catch {
        message.append(ctx.ui.notice('error', 'Le service ne répond pas : vérifiez la connexion puis réessayez.'));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  const element = h(
    'section',
    { class: 'stats-downloads', 'aria-labelledby': 'stats-downloads-title' },
    h('h2', { id: 'stats-downloads-title' }, 'Télécharger ces statistiques'),
    h('p', {}, 'Tous les indicateurs et toutes leurs ventilations de la période affichée, avec leurs définitions.'),
    h('div', { class: 'stats-download-buttons' }, ...buttons),
    message,
  );
  element.hidden = true;
  return { element };
}

function downloadFailure(status) {
  if (status === 403) return 'Votre compte ne permet pas de télécharger les statistiques.';
  if (status === 422 || status === 400)
    return 'La période demandée n’est pas valable : corrigez-la puis cliquez sur « Afficher ».';
  return 'Le téléchargement n’a pas abouti : réessayez dans un instant.';
}

function renderDefinitions(ctx, section, catalogue) {
  const { h } = ctx.ui;
  section.replaceChildren(
    h('h2', { id: 'stats-definitions-title' }, 'Définitions des indicateurs'),
    h(
      'dl',
      { class: 'stats-definition-list' },
      ...catalogue.flatMap((entry) => [h('dt', {}, `${entry.label} (${entry.unit})`), h('dd', {}, entry.definition)]),
    ),
  );
}

/** A chart's definition, within reach of the chart itself. */
function definitionOf(ctx, entry) {
  const { h } = ctx.ui;
  return h(
    'details',
    { class: 'stats-definition' },
    h('summary', {}, `Définition : ${entry.label}`),
    h('p', {}, entry.definition),
  );
}

/** The legend shared by every chart and table: what « s » means, as the downloads say it. */
function suppressionLegend(ctx, threshold) {
  const { h } = ctx.ui;
  return h(
    'p',
    { class: 'stats-legend' },
    suppressionNote(threshold),
    ` Sur les graphiques, une valeur masquée n’est pas tracée et ne vaut pas 0 : sa place porte la mention « ${suppressedMarker} ».`,
  );
}

/**
 * Where the answer holds a period under way: that its figures are provisional, or, where the
 * deployment hides it (ASLL_STATS_ONGOING=hidden), why all its cells are « s » and when it is published.
 */
function ongoingLegend(ctx, ongoing, mode) {
  if (ongoing.length === 0) return [];
  return [ctx.ui.h('p', { class: 'stats-legend stats-ongoing' }, ongoingNote(ongoing.map(periodLabel), suppressedMarker, mode))];
}

class Dashboard {
  constructor(ctx, container, body, entryOf, keep, clearCharts) {
    this.ctx = ctx;
    this.container = container;
    this.body = body;
    this.entryOf = entryOf;
    this.keep = keep;
    this.clearCharts = clearCharts;
    this.periods = periodsOf(body.rows);
    this.ongoing = ongoingPeriodsOf(body);
    this.ongoingMode = ongoingModeOf(body, this.ongoing);
    this.territories = territoriesOf(body.rows);
    this.per = granularities.find((each) => each.value === body.by)?.per ?? '';
  }

  /** « mars 2026 », or « mars 2026 (en cours) » for a period under way. */
  periodName(period) {
    return this.ongoing.includes(period) ? `${periodLabel(period)} (en cours)` : periodLabel(period);
  }

  territoryName(territory) {
    return territory === wholeDepartment ? 'Tout le département' : territory;
  }

  show(territory) {
    const { h } = this.ctx.ui;
    this.clearCharts();
    const cells = cellsOf(this.body.rows, territory);
    const charts = h('div', { class: 'stats-charts' });
    this.container.replaceChildren(
      ...(this.territories.length > 1 ? [this.territoryPicker(territory)] : []),
      suppressionLegend(this.ctx, this.body.threshold),
      ...ongoingLegend(this.ctx, this.ongoing, this.ongoingMode),
      charts,
    );
    for (const spec of timeCharts) charts.append(this.timeChart(spec, cells, territory));
    for (const spec of breakdownCharts) charts.append(this.breakdownChart(spec, cells, territory));
  }

  territoryPicker(territory) {
    const select = this.ctx.ui.selectField({
      name: 'territory',
      label: 'Territoire',
      options: this.territories.map((each) => ({ value: each, label: this.territoryName(each) })),
      value: territory,
      placeholder: null,
    });
    const control = select.querySelector('select') ?? select;
    control.value = territory;
    control.addEventListener('change', () => {
      this.show(control.value);
      this.container.querySelector('select[name="territory"]')?.focus();
      this.ctx.ui.announce(`Territoire : ${this.territoryName(control.value)}.`);
    });
    return this.ctx.ui.h('div', { class: 'stats-territory' }, select);
  }

  /** A card: its heading, the chart (hidden from assistive technologies), a key, the table and the definition. */
  card(id, title, chartArea, key, table, definitions) {
    const { h } = this.ctx.ui;
    return h(
      'section',
      { class: 'stats-card', 'aria-labelledby': `stats-${id}-title` },
      h('h2', { id: `stats-${id}-title` }, title),
      chartArea,
      ...(key ? [key] : []),
      table,
      ...definitions,
    );
  }

  chartArea(draw) {
    const area = this.ctx.ui.h('div', { class: 'stats-chart', 'aria-hidden': 'true' });
    // Drawn once the card is in the page, when its width is known.
    requestAnimationFrame(() => {
      if (area.isConnected) this.keep(draw(area));
    });
    return area;
  }

  timeChart({ id, title: name, indicators }, cells, territory) {
    const { h } = this.ctx.ui;
    const entries = indicators.map((indicator) => this.entryOf(indicator)).filter(Boolean);
    const series = periodSeries(
      cells,
      this.periods,
      entries.map((entry) => ({ indicator: entry.id, label: entry.label })),
    );
    const title = `${name}, ${this.per}`;
    const chartArea = hasFigures(series)
      ? this.chartArea((area) => drawBarChart(area, { labels: this.periods.map(shortPeriodLabel), series }))
      : this.ctx.ui.emptyState('Rien à représenter sur cette période.');
    const key =
      entries.length > 1
        ? h(
            'ul',
            { class: 'stats-key' },
            ...entries.map((entry, index) =>
              h(
                'li',
                {},
                h('span', { class: `stats-swatch stats-swatch-${'abcdefgh'[index]}`, 'aria-hidden': 'true' }),
                entry.label,
              ),
            ),
          )
        : null;
    const table = this.table(
      `${title} — ${this.territoryName(territory)}`,
      'Période',
      entries.map((entry) => `${entry.label} (${entry.unit})`),
      this.periods.map((period, index) => ({
        label: this.periodName(period),
        cells: series.map((each) => ({ value: each.values[index], suppressed: each.suppressed[index] })),
      })),
    );
    return this.card(
      id,
      title,
      chartArea,
      key,
      table,
      entries.map((entry) => definitionOf(this.ctx, entry)),
    );
  }

  breakdownChart({ id, indicator }, cells, territory) {
    const { h } = this.ctx.ui;
    const entry = this.entryOf(indicator);
    if (!entry || entry.breakdowns.length === 0) return h('div', {});
    let breakdown = entry.breakdowns[0];
    let period = latestPeriodWithData(cells, indicator, this.periods, this.ongoingMode === 'hidden' ? this.ongoing : []);
    const holder = h('div', { class: 'stats-breakdown' });
    const titleOf = () => `${entry.label} par ${breakdown.label.toLowerCase()}`;
    const heading = h('h2', { id: `stats-${id}-title` }, titleOf());

    const breakdownSelect = this.ctx.ui.selectField({
      name: `${id}-breakdown`,
      label: 'Répartition',
      options: entry.breakdowns.map((each) => ({ value: each.id, label: each.label })),
      value: breakdown.id,
      placeholder: null,
    });
    const periodSelect = this.ctx.ui.selectField({
      name: `${id}-period`,
      label: 'Période',
      options: this.periods.map((each) => ({ value: each, label: this.periodName(each) })),
      value: period,
      placeholder: null,
    });
    const controlOf = (field) => field.querySelector('select') ?? field;
    controlOf(breakdownSelect).value = breakdown.id;
    controlOf(periodSelect).value = period;

    let detachChart = null;
    const draw = () => {
      detachChart?.();
      detachChart = null;
      heading.textContent = titleOf();
      const series = breakdownSeries(cells, entry, breakdown, period);
      const chartArea = hasFigures([series])
        ? this.chartArea((area) => {
            detachChart = drawBarChart(area, {
              labels: breakdown.categories.map((category) => category.label),
              series: [series],
              horizontal: true,
            });
            return () => detachChart?.();
          })
        : this.ctx.ui.emptyState('Rien à représenter sur cette période.');
      const rows = breakdownTable(cells, entry, breakdown, [period]).map((row) => ({ label: row.label, cells: row.cells }));
      const table = this.table(
        `${titleOf()}, ${this.periodName(period)} — ${this.territoryName(territory)}`,
        breakdown.label,
        [`${entry.label} (${entry.unit})`],
        rows,
      );
      const notes = breakdown.multiple
        ? [
            h(
              'p',
              { class: 'stats-note' },
              'Un même ménage peut compter dans plusieurs catégories : leur somme dépasse le total.',
            ),
          ]
        : [];
      holder.replaceChildren(chartArea, table, ...notes);
    };
    controlOf(breakdownSelect).addEventListener('change', (event) => {
      breakdown = entry.breakdowns.find((each) => each.id === event.target.value) ?? breakdown;
      draw();
    });
    controlOf(periodSelect).addEventListener('change', (event) => {
      period = event.target.value;
      draw();
    });
    draw();
    return h(
      'section',
      { class: 'stats-card', 'aria-labelledby': `stats-${id}-title` },
      heading,
      h('div', { class: 'stats-card-controls' }, breakdownSelect, periodSelect),
      holder,
      definitionOf(this.ctx, entry),
    );
  }

  /** A data table, the text alternative of a chart: caption, column and row headings. */
  table(caption, rowHeading, columns, rows) {
    const { h } = this.ctx.ui;
    const table = h(
      'table',
      { class: 'stats-table' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, rowHeading), ...columns.map((column) => h('th', { scope: 'col' }, column))),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, row.label),
            ...row.cells.map((cell) => h('td', { class: cell?.suppressed ? 'stats-suppressed' : null }, cellText(cell))),
          ),
        ),
      ),
    );
    // A wide table scrolls within its own box, which the keyboard can reach and scroll.
    return h('div', { class: 'stats-table-scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table);
  }
}
