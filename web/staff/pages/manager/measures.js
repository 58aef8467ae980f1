/**
 * « Toutes les mesures »: every measure of one status, or one worker's (`GET /measures?status=&workerId=`),
 * the filters kept in the page's address so that a filtered list can be bookmarked or shared.
 */
import { loadWorkers, workerFilter } from './directory.js';
import { filterForm } from './forms.js';
import { actionLink, factList, loadPage, showResults } from './lists.js';
import { awaitsAWorker, compactQuery, labeller, workerName } from './model.js';

const path = '/toutes-les-mesures';
const optionsOf = (labels) => Object.entries(labels ?? {}).map(([value, text]) => ({ value, label: text }));

function measureItem(ctx, measure, { label, workers }) {
  const { h, formatDate } = ctx.ui;
  const { household } = measure;
  return h(
    'li',
    { class: 'manager-card' },
    h(
      'h3',
      { class: 'manager-card-title' },
      h('a', { href: ctx.href(`/mesures/${measure.id}`) }, `${measure.reference} — ménage ${household.lastName}`),
    ),
    factList(ctx, [
      ['Statut', label('measureStatuses', measure.status)],
      ['Travailleur social', workerName(workers, measure.workerId)],
      ['Commune', `${household.commune} (${household.postcode})`],
      ['Orientation', label('orientations', measure.orientation)],
      ['Décidée le', formatDate(measure.decidedOn)],
      ['Début', measure.startedOn && formatDate(measure.startedOn)],
      ['Fin prévue', measure.plannedEnd && formatDate(measure.plannedEnd)],
    ]),
    awaitsAWorker(measure)
      ? actionLink(
          ctx,
          `/mesures/${measure.id}/transfert`,
          `Confier la mesure ${measure.reference} à un autre travailleur social`,
        )
      : null,
  );
}

function filters(ctx, { labels, workers, status, workerId }) {
  const { ui } = ctx;
  return filterForm(ctx, {
    path,
    label: 'Filtrer les mesures',
    selects: [
      ui.selectField({
        name: 'status',
        label: 'Statut',
        options: optionsOf(labels.measureStatuses),
        value: status,
        placeholder: null,
      }),
      workerFilter(ctx, workers, { label: 'Travailleur social', value: workerId, placeholder: 'Tous les travailleurs sociaux' }),
    ],
  });
}

/** @type {import('../../shell.js').Page} */
export const allMeasuresPage = {
  path,
  title: 'Toutes les mesures',
  groups: ['manager'],
  nav: { label: 'Toutes les mesures', order: 20 },
  async render(main, ctx) {
    const { ui } = ctx;
    const status = ctx.query.get('status') || 'active';
    const workerId = ctx.query.get('workerId') || undefined;
    const load = (cursor) => ctx.api.get('/measures', compactQuery({ status, workerId, cursor }));
    const loaded = await loadPage(main, ctx, [ctx.vocabulary(), loadWorkers(ctx), load()]);
    if (!loaded) return;
    const [{ labels }, { items: workers }, first] = loaded;
    const label = labeller(labels);
    ui.heading(main, 'Toutes les mesures');
    main.append(filters(ctx, { labels, workers, status, workerId }));
    const whose = workerId ? ` confiées à ${workerName(workers, workerId)}` : '';
    main.append(ui.h('h2', { class: 'manager-results-title' }, `Mesures « ${label('measureStatuses', status)} »${whose}`));
    showResults(main, ctx, {
      first: first.body,
      load,
      item: (measure) => measureItem(ctx, measure, { label, workers }),
      empty: 'Aucune mesure ne correspond à ces critères.',
      order: 'Les plus récentes en premier.',
    });
  },
};
