/**
 * « Demandes à examiner »: the referrals still waiting for a decision, those waiting longest first,
 * each with what a manager sorts them by: who refers, where, the screening flags, how long it waits.
 */
import { factList, loadPage, showResults } from './lists.js';
import { compactQuery, labeller, waitingPhrase } from './model.js';
import { referenceSearch } from './reference-search.js';

/** One referral of the queue: its reference leads to its page. */
function referralItem(referral, label, ctx) {
  const { h, daysUntil } = ctx.ui;
  const flags = referral.screening?.flags ?? [];
  const household = referral.household;
  return h(
    'li',
    { class: 'manager-card' },
    h(
      'h2',
      { class: 'manager-card-title' },
      h('a', { href: ctx.href(`/demandes/${referral.id}`) }, `${referral.reference} — ménage ${household.contact.lastName}`),
    ),
    h('p', { class: 'manager-waiting' }, waitingPhrase(-daysUntil(referral.receivedOn))),
    factList(ctx, [
      ['Prescripteur', label('referrerKinds', referral.referrer.kind)],
      ['Commune', `${household.address.commune} (${household.address.postcode})`],
      ['Orientation demandée', label('orientations', referral.orientation)],
      [
        'Signalements',
        flags.length === 0
          ? 'Aucun'
          : h('ul', { class: 'manager-flags' }, ...flags.map((flag) => h('li', {}, label('screeningFlags', flag)))),
      ],
    ]),
  );
}

/** @type {import('../../shell.js').Page} */
export const referralQueuePage = {
  path: '/demandes',
  title: 'Demandes à examiner',
  groups: ['manager'],
  nav: { label: 'Demandes à examiner', order: 10 },
  async render(main, ctx) {
    const load = (cursor) => ctx.api.get('/referrals', compactQuery({ status: 'received', order: 'oldest', cursor }));
    const loaded = await loadPage(main, ctx, [ctx.vocabulary(), load()]);
    if (!loaded) return;
    const [{ labels }, first] = loaded;
    ctx.ui.heading(main, 'Demandes à examiner');
    main.append(referenceSearch(ctx));
    const label = labeller(labels);
    showResults(main, ctx, {
      first: first.body,
      load,
      item: (referral) => referralItem(referral, label, ctx),
      empty: 'Aucune demande n’attend de décision.',
      order: 'Les demandes reçues et pas encore décidées, celles qui attendent depuis le plus longtemps en premier.',
    });
  },
};
