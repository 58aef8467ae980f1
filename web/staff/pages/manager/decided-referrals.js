/**
 * « Demandes décidées »: the referrals of one decision (`GET /referrals?status=accepted|refused|redirected`),
 * the most recently received first, page after page; the decision chosen is kept in the page's
 * address (`?status=refused`) so that the list can be bookmarked. The search by reference is there too.
 */
import { filterForm } from './forms.js';
import { actionLink, factList, loadPage, showResults } from './lists.js';
import { compactQuery, delayPhrase, labeller } from './model.js';
import { referenceSearch } from './reference-search.js';

const path = '/demandes-decidees';

/** The decided statuses, in the order of the list of choices, with what the page says of each. */
const decided = {
  accepted: { title: 'Demandes acceptées', empty: 'Aucune demande acceptée pour le moment.' },
  refused: { title: 'Demandes refusées', empty: 'Aucune demande refusée pour le moment.' },
  redirected: {
    title: 'Demandes orientées vers un autre dispositif',
    empty: 'Aucune demande orientée vers un autre dispositif pour le moment.',
  },
};

function referralItem(ctx, referral, label) {
  const { h, formatDate } = ctx.ui;
  const { household, decision } = referral;
  return h(
    'li',
    { class: 'manager-card' },
    h(
      'h3',
      { class: 'manager-card-title' },
      h('a', { href: ctx.href(`/demandes/${referral.id}`) }, `${referral.reference} — ménage ${household.contact.lastName}`),
    ),
    factList(ctx, [
      ['Décision', label('referralStatuses', referral.status)],
      ['Décidée le', decision && formatDate(decision.decidedOn)],
      ['Délai', decision && delayPhrase(decision.daysToDecision)],
      ['Motif', decision?.reason],
      ['Reçue le', formatDate(referral.receivedOn)],
      ['Prescripteur', label('referrerKinds', referral.referrer.kind)],
      ['Commune', `${household.address.commune} (${household.address.postcode})`],
      ['Orientation demandée', label('orientations', referral.orientation)],
    ]),
    decision?.measureId ? actionLink(ctx, `/mesures/${decision.measureId}`, `Ouvrir la mesure ${referral.reference}`) : null,
  );
}

/** @type {import('../../shell.js').Page} */
export const decidedReferralsPage = {
  path,
  title: 'Demandes décidées',
  groups: ['manager'],
  nav: { label: 'Demandes décidées', order: 15 },
  async render(main, ctx) {
    const { ui } = ctx;
    const asked = ctx.query.get('status') ?? '';
    const status = Object.hasOwn(decided, asked) ? asked : 'accepted';
    const load = (cursor) => ctx.api.get('/referrals', compactQuery({ status, order: 'newest', cursor }));
    const loaded = await loadPage(main, ctx, [ctx.vocabulary(), load()]);
    if (!loaded) return;
    const [{ labels }, first] = loaded;
    const label = labeller(labels);
    ui.heading(main, 'Demandes décidées');
    main.append(
      referenceSearch(ctx),
      filterForm(ctx, {
        path,
        label: 'Choisir la décision',
        selects: [
          ui.selectField({
            name: 'status',
            label: 'Décision',
            options: Object.keys(decided).map((value) => ({ value, label: label('referralStatuses', value) })),
            value: status,
            placeholder: null,
          }),
        ],
      }),
      ui.h('h2', { class: 'manager-results-title' }, decided[status].title),
    );
    showResults(main, ctx, {
      first: first.body,
      load,
      item: (referral) => referralItem(ctx, referral, label),
      empty: decided[status].empty,
      order: 'Les plus récemment reçues en premier.',
    });
  },
};
