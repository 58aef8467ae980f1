/**
 * « Toutes les mesures »: every measure of one status, or one worker's (`GET /measures?status=&workerId=`),
 * the filters kept in the page's address so that a filtered list can be bookmarked or shared.
 */
import { loadWorkers } from './directory.js';
import { actionLink, factList, showPages } from './lists.js';
import { awaitsAWorker, compactQuery, labeller, workerFilterOptions, workerName } from './model.js';

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

function filterForm(ctx, { labels, workers, status, workerId }) {
  const { ui } = ctx;
  const form = ui.h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filtrer les mesures' },
    ui.selectField({
      name: 'status',
      label: 'Statut',
      options: optionsOf(labels.measureStatuses),
      value: status,
      placeholder: null,
    }),
    ui.selectField({
      name: 'workerId',
      label: 'Travailleur social',
      options: workerFilterOptions(workers),
      value: workerId,
      placeholder: 'Tous les travailleurs sociaux',
    }),
    ui.h('button', { type: 'submit', class: 'button button--secondary' }, 'Afficher'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`${path}?${new URLSearchParams(ui.readForm(form))}`);
  });
  return form;
}

/** @type {import('../../shell.js').Page} */
export const allMeasuresPage = {
  path,
  title: 'Toutes les mesures',
  groups: ['manager'],
  nav: { label: 'Toutes les mesures', order: 20 },
  async render(main, ctx) {
    const { ui } = ctx;
    ui.loading(main);
    const status = ctx.query.get('status') || 'active';
    const workerId = ctx.query.get('workerId') || undefined;
    const load = (cursor) => ctx.api.get('/measures', compactQuery({ status, workerId, cursor }));
    const [{ labels }, directory, first] = await Promise.all([ctx.vocabulary(), loadWorkers(ctx), load()]);
    main.replaceChildren();
    const failed = [directory, first].find((result) => !result.ok);
    if (failed) return ui.loadError(main, failed);
    const label = labeller(labels);
    const workers = directory.items;
    ui.heading(main, 'Toutes les mesures');
    main.append(filterForm(ctx, { labels, workers, status, workerId }));
    const whose = workerId ? ` confiées à ${workerName(workers, workerId)}` : '';
    main.append(ui.h('h2', { class: 'manager-results-title' }, `Mesures « ${label('measureStatuses', status)} »${whose}`));
    if (first.body.items.length === 0) {
      main.append(ui.emptyState('Aucune mesure ne correspond à ces critères.'));
      return;
    }
    main.append(ui.h('p', {}, 'Les plus récentes en premier.'));
    const list = ui.h('ol', { class: 'manager-cards' });
    main.append(list);
    showPages(ctx, { list, first: first.body, load, item: (measure) => measureItem(ctx, measure, { label, workers }) });
  },
};
