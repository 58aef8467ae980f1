import { directoryNames, groupLabels } from './staff-members.js';

const pageSize = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What each journal action means (the API records the name of the write, or `read` / `listed`). */
const actionLabels = {
  read: 'Consultation du dossier',
  listed: 'Affichage dans une liste',
  received: 'Réception de la demande',
  decided: 'Décision sur la demande',
  contract: 'Contrat d’accompagnement',
  visit: 'Visite ou entretien',
  bilan: 'Bilan',
  renewal: 'Renouvellement',
  closure: 'Fin de mesure',
  follow_up: 'Suivi après la fin',
  handover: 'Changement de référent',
  task_done: 'Tâche terminée',
};

const kinds = [
  { value: 'mesure', label: 'Une mesure', query: 'measureId' },
  { value: 'demande', label: 'Une demande (saisine)', query: 'referralId' },
];

/** @type {import('../../shell.js').Page} */
export const journalPage = {
  path: '/journal',
  title: 'Journal d’un dossier',
  groups: ['admin'],
  nav: { label: 'Journal d’un dossier', order: 91 },
  async render(main, ctx) {
    const { h } = ctx.ui;
    const kind = kinds.find((candidate) => ctx.query.has(candidate.value)) ?? null;
    const id = kind ? (ctx.query.get(kind.value) ?? '').trim().toLowerCase() : '';

    ctx.ui.heading(main, 'Journal d’un dossier');
    main.append(
      h(
        'p',
        {},
        'Qui a consulté ou modifié les données personnelles d’un dossier, quand, et par quelle opération (délibération CNIL 2021-122). Les entrées sont affichées de la plus ancienne à la plus récente.',
      ),
    );
    const form = h(
      'form',
      { novalidate: true, role: 'search', 'aria-label': 'Choisir le dossier' },
      ctx.ui.radios({ name: 'kind', legend: 'Type de dossier', options: kinds, value: kind?.value ?? 'mesure', required: true }),
      ctx.ui.field({
        name: 'id',
        label: 'Identifiant du dossier',
        hint: 'L’identifiant de la mesure ou de la demande, tel qu’il apparaît dans l’adresse de sa page (par exemple 3f2b…-…).',
        required: true,
        value: id,
        attrs: { autocomplete: 'off', spellcheck: 'false' },
      }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Afficher le journal')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = ctx.ui.readForm(form);
      const chosen = (values.id ?? '').toLowerCase();
      if (!uuid.test(chosen)) {
        ctx.ui.showErrors(form, {
          error: {
            details: [
              { path: 'id', message: 'Indiquez un identifiant complet : 36 caractères, chiffres, lettres a à f et tirets.' },
            ],
          },
        });
        return;
      }
      ctx.navigate(`/journal?${values.kind ?? 'mesure'}=${encodeURIComponent(chosen)}`);
    });
    main.append(form);
    if (!kind) return;

    const results = h('section', { 'aria-labelledby': 'journal-resultats', class: 'journal' });
    main.append(results);
    const title = h(
      'h2',
      { id: 'journal-resultats' },
      `Journal ${kind.value === 'mesure' ? 'de la mesure' : 'de la demande'} ${id}`,
    );
    results.append(title);
    if (!uuid.test(id)) {
      results.append(
        ctx.ui.notice('error', 'Cet identifiant n’a pas la forme attendue (36 caractères, chiffres, lettres a à f et tirets).'),
      );
      return;
    }
    results.append(h('p', { class: 'loading', role: 'status' }, 'Chargement…'));
    const [vocabulary, first, names] = await Promise.all([
      ctx.vocabulary().catch(() => ({ labels: {} })),
      ctx.api.get('/journal', { [kind.query]: id, limit: pageSize }).catch((error) => error),
      // Names beside the ids; without them (directory unreachable) the ids alone still say who.
      directoryNames(ctx.api).catch(() => new Map()),
    ]);
    results.querySelector('.loading')?.remove();
    if (!first.ok) {
      results.append(ctx.ui.notice('error', ctx.ui.errorMessage(first)));
      return;
    }
    if (first.body.items.length === 0) {
      results.append(
        ctx.ui.emptyState('Aucune entrée : ce dossier n’existe pas, ou personne ne l’a encore consulté ni modifié.'),
      );
      return;
    }
    const body = h('tbody');
    const row = (entry) =>
      h(
        'tr',
        {},
        h('td', { 'data-label': 'Date et heure' }, h('time', { datetime: entry.at }, ctx.ui.formatDateTime(entry.at))),
        h(
          'td',
          { 'data-label': 'Personne' },
          entry.actor === 'public' ? 'Formulaire public' : [names.get(entry.actor) ?? '', ' ', h('code', {}, entry.actor)],
        ),
        h('td', { 'data-label': 'Groupes' }, groupLabels(vocabulary.labels, entry.groups ?? []).join(', ') || '—'),
        h('td', { 'data-label': 'Opération' }, actionLabels[entry.action] ?? entry.action),
        h('td', { 'data-label': 'Route' }, h('code', {}, entry.route)),
      );
    body.append(...first.body.items.map(row));
    results.append(
      h(
        'table',
        { class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, 'Entrées du journal, de la plus ancienne à la plus récente'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Date et heure', 'Personne', 'Groupes', 'Opération', 'Route'].map((label) => h('th', { scope: 'col' }, label)),
          ),
        ),
        body,
      ),
    );
    let cursor = first.body.nextCursor;
    if (cursor) {
      results.append(
        ctx.ui.moreButton(async () => {
          const next = await ctx.api.get('/journal', { [kind.query]: id, limit: pageSize, cursor }).catch((error) => error);
          if (!next.ok) {
            results.append(ctx.ui.notice('error', ctx.ui.errorMessage(next)));
            return true;
          }
          body.append(...next.body.items.map(row));
          cursor = next.body.nextCursor;
          return Boolean(cursor);
        }),
      );
    }
  },
};
