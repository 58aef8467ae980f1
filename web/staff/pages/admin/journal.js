import { directoryNames, groupLabels } from './staff-members.js';

const pageSize = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const reference = /^ASLL-\d{4}-\d{6}$/;

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

/** The files a journal belongs to: in the page's address (`?mesure=<id>`), in the API's query (`measureId`). */
const kinds = [
  { value: 'mesure', label: 'Une mesure', query: 'measureId', title: 'Journal de la mesure' },
  { value: 'demande', label: 'Une demande (saisine)', query: 'referralId', title: 'Journal de la demande' },
];

/**
 * One file's journal, oldest first, page after page, under the file's reference when the page
 * knows it (asked by reference); asked by id, the id is said under the heading, not in it.
 */
function journalSection(ctx, { kind, id, reference: fileReference }, context) {
  const { h } = ctx.ui;
  const headingId = `journal-${kind.value}`;
  const section = h(
    'section',
    { 'aria-labelledby': headingId, class: 'journal' },
    h('h2', { id: headingId }, fileReference ? `${kind.title} ${fileReference}` : kind.title),
    fileReference ? null : h('p', {}, 'Identifiant : ', h('code', {}, id)),
  );
  const load = async () => {
    const first = await ctx.api.get('/journal', { [kind.query]: id, limit: pageSize }).catch((error) => error);
    // A file has journal entries from its first write: the API answers 404 for an id that names none.
    if (first.status === 404) return section.append(ctx.ui.emptyState('Aucun dossier ne porte cet identifiant.'));
    if (!first.ok) return section.append(ctx.ui.notice('error', ctx.ui.errorMessage(first)));
    const { labels, names } = await context;
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
        h('td', { 'data-label': 'Groupes' }, groupLabels(labels, entry.groups ?? []).join(', ') || '—'),
        h('td', { 'data-label': 'Opération' }, actionLabels[entry.action] ?? entry.action),
        h('td', { 'data-label': 'Route' }, h('code', {}, entry.route)),
      );
    body.append(...first.body.items.map(row));
    section.append(
      h(
        'table',
        { class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, `${kind.title}, de la plus ancienne entrée à la plus récente`),
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
      ctx.ui.nextPages({
        nextCursor: first.body.nextCursor,
        load: (cursor) => ctx.api.get('/journal', { [kind.query]: id, limit: pageSize, cursor }),
        show: (items) => body.append(...items.map(row)),
      }) ?? '',
    );
  };
  return { section, loaded: load() };
}

/** The files to show: from a reference (`?reference=`, its referral and measure), or one id of one kind. */
async function filesOf(ctx) {
  const asked = (ctx.query.get('reference') ?? '').trim().toUpperCase();
  if (asked) {
    if (!reference.test(asked)) return { problem: `« ${asked} » n’est pas une référence (par exemple ASLL-2026-000042).` };
    const found = await ctx.api.get(`/references/${encodeURIComponent(asked)}`).catch((error) => error);
    if (!found.ok) return { problem: ctx.ui.errorMessage(found) };
    return {
      files: [
        { kind: kinds[1], id: found.body.referralId, reference: found.body.reference },
        ...(found.body.measureId ? [{ kind: kinds[0], id: found.body.measureId, reference: found.body.reference }] : []),
      ],
    };
  }
  const kind = kinds.find((candidate) => ctx.query.has(candidate.value));
  if (!kind) return { files: [] };
  const id = (ctx.query.get(kind.value) ?? '').trim().toLowerCase();
  if (!uuid.test(id))
    return { problem: 'Cet identifiant n’a pas la forme attendue (36 caractères, chiffres, lettres a à f et tirets).' };
  return { files: [{ kind, id }] };
}

/** @type {import('../../shell.js').Page} */
export const journalPage = {
  path: '/journal',
  title: 'Journal d’un dossier',
  groups: ['admin'],
  nav: { label: 'Journal d’un dossier', order: 91 },
  async render(main, ctx) {
    const { h } = ctx.ui;
    const askedKind = kinds.find((candidate) => ctx.query.has(candidate.value));
    const asked = ctx.query.get('reference') ?? (askedKind ? ctx.query.get(askedKind.value) : '') ?? '';

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
      ctx.ui.field({
        name: 'file',
        label: 'Référence ou identifiant du dossier',
        hint: 'La référence que porte le dossier (par exemple ASLL-2026-000042) : on voit alors le journal de la demande et celui de la mesure qu’elle a ouverte. Ou l’identifiant d’une mesure ou d’une demande, tel qu’il apparaît dans l’adresse de sa page.',
        required: true,
        value: asked,
        attrs: { autocomplete: 'off', spellcheck: 'false' },
      }),
      ctx.ui.radios({
        name: 'kind',
        legend: 'Pour un identifiant, type de dossier',
        options: kinds,
        value: askedKind?.value ?? 'mesure',
      }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Afficher le journal')),
    );
    const status = h('p', { class: 'loading', role: 'status' }, 'Chargement…');
    const results = h('div', { class: 'journal-results' }, status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = ctx.ui.readForm(form);
      const chosen = values.file ?? '';
      if (reference.test(chosen.toUpperCase()))
        return ctx.navigate(`/journal?reference=${encodeURIComponent(chosen.toUpperCase())}`);
      if (uuid.test(chosen.toLowerCase()))
        return ctx.navigate(`/journal?${values.kind ?? 'mesure'}=${encodeURIComponent(chosen.toLowerCase())}`);
      // What was shown belongs to the entry before: it goes, the message stays alone.
      results.replaceChildren();
      ctx.ui.showErrors(form, {
        error: {
          details: [
            {
              path: 'file',
              message:
                'Indiquez une référence (ASLL-2026-000042) ou un identifiant complet (36 caractères, chiffres, lettres a à f et tirets).',
            },
          ],
        },
      });
    });
    main.append(form, results);
    const { files, problem } = await filesOf(ctx);
    if (problem || files.length === 0) {
      status.remove();
      if (problem) results.append(ctx.ui.notice('error', problem));
      return;
    }
    // Names beside the ids; without them (directory unreachable) the ids alone still say who.
    const context = Promise.all([
      ctx.vocabulary().catch(() => ({ labels: {} })),
      directoryNames(ctx.api).catch(() => new Map()),
    ]).then(([vocabulary, names]) => ({ labels: vocabulary.labels, names }));
    const sections = files.map((file) => journalSection(ctx, file, context));
    results.append(...sections.map((part) => part.section));
    await Promise.all(sections.map((part) => part.loaded));
    status.remove();
  },
};
