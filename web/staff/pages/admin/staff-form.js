import { de } from '../../../../lib/domain/french-words.js';
import { bodyOf, findMember, setFlash } from './staff-members.js';

/** The form of a staff member: `member` null for a new one (its id asked), else its values. */
function memberForm(ctx, labels, member) {
  const { h } = ctx.ui;
  const groups = Object.entries(labels.staffGroups ?? {}).map(([value, label]) => ({ value, label }));
  return h(
    'form',
    { novalidate: true, class: 'staff-form' },
    member
      ? null
      : ctx.ui.field({
          name: 'id',
          label: 'Identifiant de connexion',
          hint: 'Sans espace, sans « / » ni « # » (par exemple lucie.martin). Sur AWS, c’est le nom d’utilisateur Cognito. Il ne pourra plus changer.',
          required: true,
          attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '128' },
        }),
    ctx.ui.field({
      name: 'name',
      label: 'Prénom et nom',
      required: true,
      value: member?.name,
      attrs: { autocomplete: 'off', maxlength: '120' },
    }),
    ctx.ui.field({
      name: 'email',
      label: 'Adresse e-mail professionnelle',
      type: 'email',
      required: true,
      value: member?.email,
      hint: 'Les courriels de nouvelles tâches et, sur AWS, l’invitation à se connecter y sont envoyés.',
      attrs: { autocomplete: 'off', maxlength: '254' },
    }),
    ctx.ui.checkboxes({
      name: 'groups',
      legend: 'Groupes',
      hint: 'Au moins un. Les groupes ouvrent les pages et les dossiers de chaque fonction.',
      options: groups,
      values: member?.groups ?? [],
      required: true,
    }),
    ctx.ui.field({
      name: 'territory',
      label: 'Territoire',
      hint: 'Facultatif : secteur ou antenne.',
      value: member?.territory,
      attrs: { maxlength: '120' },
    }),
    ctx.ui.fieldset(
      'Courriels',
      h(
        'div',
        { class: 'choice field', dataset: { field: 'emailNotifications' } },
        h('input', {
          type: 'checkbox',
          id: 'champ-courriels',
          name: 'emailNotifications',
          checked: member?.emailNotifications ?? true,
        }),
        h('label', { for: 'champ-courriels' }, 'Recevoir un courriel quand de nouvelles tâches lui sont données'),
        h('p', { class: 'field-error', id: 'champ-courriels-erreur', hidden: true }),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, member ? 'Enregistrer les modifications' : 'Ajouter la personne'),
      h('a', { href: ctx.href('/equipe'), class: 'button button--secondary' }, 'Annuler'),
    ),
  );
}

function onSubmit(ctx, form, member) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type="submit"]');
    const values = ctx.ui.readForm(form);
    const id = member?.id ?? values.id ?? '';
    const body = member
      ? bodyOf(member, {
          name: values.name,
          email: values.email,
          groups: values.groups,
          territory: values.territory,
          emailNotifications: values.emailNotifications,
        })
      : {
          name: values.name,
          email: values.email,
          groups: values.groups,
          emailNotifications: values.emailNotifications,
          ...(values.territory ? { territory: values.territory } : {}),
        };
    if (!body.territory) delete body.territory;
    ctx.ui.clearErrors(form);
    if (!id) {
      ctx.ui.showErrors(form, { error: { details: [{ path: 'id', message: 'Indiquez l’identifiant de connexion.' }] } });
      return;
    }
    if (id === ctx.user.sub && !(values.groups ?? []).includes('admin')) {
      const message =
        'Vous ne pouvez pas vous retirer vous-même le groupe « Administrateur » : vous perdriez aussitôt l’accès à cette page. Un autre administrateur peut le faire.';
      ctx.ui.showErrors(form, { error: { details: [{ path: 'groups', message }] } });
      return;
    }
    submit.disabled = true;
    try {
      if (!member) {
        // PUT creates or replaces: a new person must not overwrite someone already there.
        const existing = await findMember(ctx.api, id);
        if (existing.result) return ctx.ui.showErrors(form, { error: { message: ctx.ui.errorMessage(existing.result) } });
        if (existing.member) {
          return ctx.ui.showErrors(form, {
            error: {
              details: [
                { path: 'id', message: `Cet identifiant est déjà celui ${de(existing.member.name)} : choisissez-en un autre.` },
              ],
            },
          });
        }
      }
      const result = await ctx.api.put(`/staff/${encodeURIComponent(id)}`, body);
      if (result.status === 422 || result.status === 400) return ctx.ui.showErrors(form, result.body);
      if (!result.ok) return ctx.ui.showErrors(form, { error: { message: ctx.ui.errorMessage(result) } });
      setFlash(
        member
          ? `Les informations ${de(result.body.name)} sont enregistrées.`
          : `${result.body.name} fait désormais partie de l’annuaire et peut se connecter.`,
      );
      ctx.navigate('/equipe');
    } catch (error) {
      ctx.ui.showErrors(form, { error: { message: ctx.ui.errorMessage(error) } });
    } finally {
      submit.disabled = false;
    }
  });
}

/** The page's form under its heading, and what to read before it. */
function showForm(main, ctx, labels, member, title, intro) {
  ctx.ui.heading(main, title);
  const form = memberForm(ctx, labels, member);
  onSubmit(ctx, form, member);
  main.append(intro, form);
}

/** @type {import('../../shell.js').Page} */
export const newStaffPage = {
  path: '/equipe/nouveau',
  title: 'Ajouter une personne',
  groups: ['admin'],
  async render(main, ctx) {
    ctx.ui.loading(main);
    const vocabulary = await ctx.vocabulary().catch((error) => error);
    main.replaceChildren();
    if (vocabulary instanceof Error) return ctx.ui.loadError(main, vocabulary);
    const intro = ctx.ui.h('p', {}, 'Tous les champs sont obligatoires sauf mention contraire.');
    showForm(main, ctx, vocabulary.labels, null, 'Ajouter une personne à l’annuaire', intro);
  },
};

/** @type {import('../../shell.js').Page} */
export const editStaffPage = {
  path: '/equipe/:id',
  title: 'Modifier une personne',
  groups: ['admin'],
  async render(main, ctx) {
    ctx.ui.loading(main);
    const [vocabulary, found] = await Promise.all([ctx.vocabulary().catch((error) => error), findMember(ctx.api, ctx.params.id)]);
    main.replaceChildren();
    if (vocabulary instanceof Error) return ctx.ui.loadError(main, vocabulary);
    if (found.result) return ctx.ui.loadError(main, found.result);
    if (!found.member) {
      ctx.ui.heading(main, 'Personne introuvable');
      main.append(
        ctx.ui.notice('error', `Aucune personne de l’annuaire n’a l’identifiant « ${ctx.params.id} ».`),
        ctx.ui.h('p', {}, ctx.ui.h('a', { href: ctx.href('/equipe') }, 'Revenir à l’annuaire')),
      );
      return;
    }
    const { member } = found;
    const intro = ctx.ui.h(
      'p',
      {},
      'Identifiant de connexion : ',
      ctx.ui.h('code', {}, member.id),
      member.active ? '' : ' — compte désactivé (réactivez-le depuis l’annuaire).',
    );
    showForm(main, ctx, vocabulary.labels, member, `Modifier : ${member.name}`, intro);
  },
};
