/**
 * « Mon agenda »: the worker's private calendar address (README « Courriels et agenda des tâches »).
 * `GET /calendar-feed` says whether one is in service and since when (never the address itself);
 * `POST /calendar-feed` hands a new one, shown once, which replaces the previous one;
 * `POST /calendar-feed/revoke` stops it without another.
 */

/** Where each calendar application subscribes to an address. */
const subscribeSteps = [
  'Google Agenda : « Autres agendas », « + », puis « À partir de l’URL ».',
  'Outlook : « Ajouter un calendrier », puis « S’abonner à partir du web ».',
  'Apple Calendrier : menu « Fichier », puis « Nouvel abonnement à un calendrier ».',
];

/** What the page says of the address in service (`{active, createdAt}`). */
function statusText(ctx, feed) {
  if (!feed.active) return 'Vous n’avez pas d’adresse d’agenda en service.';
  return `Une adresse d’agenda est en service depuis le ${ctx.ui.formatDateTime(feed.createdAt)}.`;
}

/** The new address, shown once, with a button to copy it and how to subscribe. */
function issuedAddress(ctx, url) {
  const { h, ...ui } = ctx.ui;
  const field = ui.field({
    name: 'adresse-agenda',
    label: 'Adresse de votre agenda',
    hint: 'Elle ne sera plus affichée : collez-la maintenant dans votre application d’agenda.',
    value: url,
    attrs: { readonly: true, spellcheck: 'false', autocomplete: 'off' },
  });
  const input = field.querySelector('input');
  const copied = h('p', { role: 'status', class: 'calendar-feed__copied' });
  const copy = h('button', { type: 'button', class: 'button button--secondary' }, 'Copier l’adresse');
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      copied.textContent = 'Adresse copiée.';
    } catch {
      copied.textContent = 'La copie n’a pas abouti : l’adresse est sélectionnée, copiez-la avec Ctrl+C.';
    }
  });
  return h(
    'div',
    { class: 'calendar-feed__issued' },
    ui.notice('success', 'Voici l’adresse privée de votre agenda. L’adresse précédente, s’il y en avait une, ne sert plus.'),
    field,
    h('p', {}, copy),
    copied,
    h('h2', {}, 'S’abonner à cette adresse'),
    h(
      'ul',
      {},
      subscribeSteps.map((step) => h('li', {}, step)),
    ),
  );
}

/** @type {import('../../shell.js').Page} */
export const calendarFeedPage = {
  path: '/agenda',
  title: 'Mon agenda',
  groups: ['worker'],
  nav: { label: 'Mon agenda', order: 30 },
  async render(main, ctx) {
    const { h, ...ui } = ctx.ui;
    ui.loading(main);
    const answer = await ctx.api.get('/calendar-feed').catch((error) => error);
    main.replaceChildren();
    ui.heading(main, 'Mon agenda');
    if (!answer?.ok) return ui.loadError(main, answer);
    main.append(
      h(
        'p',
        {},
        'Vos tâches à faire peuvent paraître dans l’agenda de votre téléphone ou de votre messagerie : abonnez-vous à ' +
          'l’adresse privée de votre agenda. Une tâche faite en disparaît ; l’agenda se met à jour de lui-même.',
      ),
      h(
        'p',
        {},
        'Gardez cette adresse pour vous : qui la connaît voit les titres de vos tâches et les références de vos mesures, ' +
          'sans avoir à se connecter.',
      ),
    );
    const status = h('p', { class: 'calendar-feed__status' });
    const issued = h('div');
    const problem = h('div');
    const create = h('button', { type: 'button', class: 'button' });
    const revoke = h('button', { type: 'button', class: 'button button--secondary' }, 'Désactiver l’adresse');
    const show = (feed) => {
      status.textContent = statusText(ctx, feed);
      create.textContent = feed.active
        ? 'Obtenir une nouvelle adresse (l’actuelle cessera de servir)'
        : 'Obtenir l’adresse de mon agenda';
      revoke.hidden = !feed.active;
    };
    /** Sends `path`; on success `onDone(body)`, else the reason, focused. */
    const send = async (path, onDone) => {
      problem.replaceChildren();
      create.disabled = true;
      revoke.disabled = true;
      const result = await ctx.api.post(path).catch((error) => error);
      create.disabled = false;
      revoke.disabled = false;
      if (result?.ok) return onDone(result.body);
      const notice = ui.notice('error', ui.errorMessage(result));
      notice.tabIndex = -1;
      problem.replaceChildren(notice);
      notice.focus();
    };
    create.addEventListener('click', () =>
      send('/calendar-feed', (body) => {
        show({ active: true, createdAt: body.createdAt });
        issued.replaceChildren(issuedAddress(ctx, body.url));
        issued.querySelector('input')?.focus();
      }),
    );
    revoke.addEventListener('click', () =>
      send('/calendar-feed/revoke', (body) => {
        show(body);
        const done = ui.notice('success', 'L’adresse de votre agenda ne sert plus : vos tâches n’y paraissent plus.');
        done.tabIndex = -1;
        issued.replaceChildren(done);
        done.focus();
      }),
    );
    show(answer.body);
    main.append(status, problem, h('div', { class: 'actions' }, create, revoke), issued);
  },
};
