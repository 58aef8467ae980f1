/**
 * « Mes mesures »: the worker's measures of one status (`GET /measures?status=`), paginated, each
 * linked to its file. The statuses and their names come from the API's vocabulary.
 */
import { householdName, firstPage } from './worker-data.js';

/** The dates a worker looks for in the list: the next one due, per status. */
function measureDates(measure, ui) {
  if (measure.status === 'awaiting_contract') return `Décidée le ${ui.formatDate(measure.decidedOn)}`;
  if (measure.status === 'closed') {
    const due = measure.followUpDueOn ? ` · visite de suivi ${ui.relativeDays(measure.followUpDueOn)}` : '';
    return `Mesure terminée${due}`;
  }
  const parts = [`Fin prévue le ${ui.formatDate(measure.plannedEnd)}`];
  if (measure.bilanDueOn) parts.push(`bilan à rendre ${ui.relativeDays(measure.bilanDueOn)}`);
  return parts.join(' · ');
}

function measureItem(measure, ctx) {
  const { h, ...ui } = ctx.ui;
  return h(
    'li',
    { class: 'measure-card' },
    h('h3', { class: 'measure-card__title' }, h('a', { href: ctx.href(`/mesures/${measure.id}`) }, householdName(measure))),
    h('p', {}, `${measure.reference} · ${measure.household.commune} (${measure.household.postcode})`),
    h('p', { class: 'measure-card__dates' }, measureDates(measure, ui)),
  );
}

/** The statuses, in the API's order and with its names. */
function statusSwitch(ctx, statuses, current) {
  const { h } = ctx.ui;
  return h(
    'nav',
    { class: 'view-switch', 'aria-label': 'Mesures par statut' },
    h(
      'ul',
      {},
      Object.keys(statuses).map((status) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: ctx.href(`/mes-mesures?statut=${status}`), 'aria-current': status === current ? 'page' : null },
            statuses[status],
          ),
        ),
      ),
    ),
  );
}

/**
 * On the « En cours » view, a word for the measures just given and not yet signed: they are not in
 * it, and their first task (the unsigned contract) comes only weeks later. Null when there is none,
 * or when the question could not be answered (the list below says what failed, if anything).
 */
async function awaitingContractNotice(ctx, statuses) {
  const { h, ...ui } = ctx.ui;
  const answer = await ctx.api.get('/measures', { status: 'awaiting_contract', limit: 1 }).catch(() => null);
  if (!answer?.ok || answer.body.items.length === 0) return null;
  return ui.notice(
    'info',
    h(
      'p',
      {},
      'Des mesures vous sont confiées et attendent leur contrat signé : ',
      h('a', { href: ctx.href('/mes-mesures?statut=awaiting_contract') }, `voir « ${statuses.awaiting_contract} »`),
      '.',
    ),
  );
}

/** @type {import('../../shell.js').Page} */
export const myMeasuresPage = {
  path: '/mes-mesures',
  title: 'Mes mesures',
  groups: ['worker'],
  nav: { label: 'Mes mesures', order: 20 },
  async render(main, ctx) {
    const { h, ...ui } = ctx.ui;
    ui.loading(main);
    let statuses;
    try {
      statuses = (await ctx.vocabulary()).labels.measureStatuses;
    } catch (error) {
      main.replaceChildren();
      ui.heading(main, 'Mes mesures');
      return ui.loadError(main, error);
    }
    const requested = ctx.query.get('statut');
    const status = Object.hasOwn(statuses, requested ?? '') ? requested : 'active';
    const list = h('ul', { class: 'measure-list' });
    const [page, awaiting] = await Promise.all([
      firstPage(
        ctx,
        list,
        (cursor) => ctx.api.get('/measures', { status, cursor }),
        (measure) => measureItem(measure, ctx),
      ),
      status === 'active' ? awaitingContractNotice(ctx, statuses) : null,
    ]);
    main.replaceChildren();
    ui.heading(main, 'Mes mesures');
    main.append(statusSwitch(ctx, statuses, status));
    if (awaiting) main.append(awaiting);
    if (page.failed) return ui.loadError(main, page.failed);
    main.append(h('h2', { class: 'view-caption' }, statuses[status]));
    if (list.children.length === 0) return void main.append(ui.emptyState(`Aucune mesure au statut « ${statuses[status]} ».`));
    main.append(list);
    if (page.more) main.append(page.more);
  },
};
