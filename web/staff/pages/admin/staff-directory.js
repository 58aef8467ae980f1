import { de } from '../../../../lib/domain/french-words.js';
import { allMembers, bodyOf, groupLabels, takeFlash } from './staff-members.js';

/** @type {import('../../shell.js').Page} */
export const staffDirectoryPage = {
  path: '/equipe',
  title: 'Annuaire du personnel',
  groups: ['admin'],
  nav: { label: 'Annuaire du personnel', order: 90 },
  async render(main, ctx) {
    const { h } = ctx.ui;
    ctx.ui.loading(main);
    let vocabulary;
    try {
      vocabulary = await ctx.vocabulary();
    } catch (error) {
      return ctx.ui.loadError(main, error);
    }
    const group = ctx.query.get('groupe') ?? '';
    const groups = Object.entries(vocabulary.labels.staffGroups ?? {}).map(([value, label]) => ({ value, label }));
    // The whole directory (a department's staff, a few pages at most), to sort names as people do.
    const members = await allMembers(ctx.api, group || undefined).catch((failure) => failure);
    main.replaceChildren();
    ctx.ui.heading(main, 'Annuaire du personnel');
    if (!Array.isArray(members)) return ctx.ui.loadError(main, members);

    const flash = takeFlash();
    // A success notice is a status region: screen readers read it without an announcement.
    if (flash) main.append(ctx.ui.notice('success', flash));
    main.append(
      h(
        'p',
        {},
        'Les personnes qui peuvent se connecter à l’espace du personnel, leurs groupes et leur territoire. Une personne désactivée ne peut plus se connecter ; son historique reste.',
      ),
      h('p', {}, h('a', { class: 'button', href: ctx.href('/equipe/nouveau') }, 'Ajouter une personne')),
    );

    const filter = h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Filtrer l’annuaire',
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = new FormData(event.currentTarget).get('groupe');
          ctx.navigate(chosen ? `/equipe?groupe=${encodeURIComponent(chosen)}` : '/equipe');
        },
      },
      ctx.ui.selectField({ name: 'groupe', label: 'Groupe', options: groups, value: group, placeholder: 'Tous les groupes' }),
      h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Filtrer')),
    );
    main.append(filter);

    if (members.length === 0) {
      main.append(ctx.ui.emptyState(group ? 'Personne dans ce groupe pour le moment.' : 'L’annuaire est vide.'));
      return;
    }

    const caption = group
      ? `Personnes du groupe « ${vocabulary.labels.staffGroups?.[group] ?? group} »`
      : 'Toutes les personnes de l’annuaire';
    const body = h('tbody');
    const table = h(
      'table',
      { class: 'data-table' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Nom', 'Identifiant', 'Adresse e-mail', 'Groupes', 'Territoire', 'État', 'Actions'].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      body,
    );

    function row(member) {
      const state = h('td', { 'data-label': 'État' });
      const toggle = h('button', { type: 'button', class: 'button button--secondary button--small' });
      const tr = h(
        'tr',
        {},
        h('th', { scope: 'row' }, member.name),
        h('td', { 'data-label': 'Identifiant' }, h('code', {}, member.id)),
        h('td', { 'data-label': 'Adresse e-mail' }, member.email),
        h('td', { 'data-label': 'Groupes' }, groupLabels(vocabulary.labels, member.groups).join(', ')),
        h('td', { 'data-label': 'Territoire' }, member.territory ?? '—'),
        state,
        h(
          'td',
          {},
          h(
            'div',
            { class: 'actions actions--row' },
            h(
              'a',
              { href: ctx.href(`/equipe/${encodeURIComponent(member.id)}`), class: 'button button--secondary button--small' },
              'Modifier',
              h('span', { class: 'visually-hidden' }, ` ${member.name}`),
            ),
            // Signed out at once and unable to sign back in: one's own account is another admin's to switch off.
            member.id === ctx.user.sub ? h('span', { class: 'field-hint' }, 'Votre compte') : toggle,
          ),
        ),
      );
      const show = (current) => {
        state.replaceChildren(
          h('span', { class: current.active ? 'tag' : 'tag tag--inactive' }, current.active ? 'Actif' : 'Inactif'),
        );
        toggle.replaceChildren(
          current.active ? 'Désactiver' : 'Réactiver',
          h('span', { class: 'visually-hidden' }, ` ${current.name}`),
        );
      };
      let current = member;
      show(current);
      toggle.addEventListener('click', async () => {
        toggle.disabled = true;
        const result = await ctx.api
          .put(`/staff/${encodeURIComponent(current.id)}`, bodyOf(current, { active: !current.active }))
          .catch((error) => error);
        toggle.disabled = false;
        tr.querySelector('.notice')?.remove();
        if (!result.ok) {
          state.append(ctx.ui.notice('error', ctx.ui.errorMessage(result)));
          return;
        }
        current = result.body;
        show(current);
        toggle.focus();
        ctx.ui.announce(
          current.active
            ? `Le compte ${de(current.name)} est réactivé : cette personne peut de nouveau se connecter.`
            : `Le compte ${de(current.name)} est désactivé : cette personne ne peut plus se connecter.`,
        );
      });
      return tr;
    }

    body.append(...members.map(row));
    main.append(table);
  },
};
