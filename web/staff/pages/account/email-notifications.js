/**
 * « Mes courriels »: a worker or a manager stops, or takes back, the emails of new tasks that the
 * deadlines job sends them (README « Échéances planifiées »), by `PUT /me/email-notifications`
 * `{enabled}`, whose answer is their directory entry. The emails' last line links here
 * (`emailSettingsLink` of lib/domain/task-email.ts: keep the path alike).
 *
 * The setting shown is the caller's own directory entry (`GET /me`), whatever their group.
 */

/** Where each group's tasks stay listed when the emails stop. */
const taskPages = [
  ['worker', '/taches', 'Mes tâches'],
  ['manager', '/taches-equipe', 'Tâches de l’équipe'],
];

/**
 * The setting as the directory has it: `{ enabled: true|false }`; `{ enabled: null, reason:
 * 'unlisted' }` when the directory does not know the caller; `{ failed }` when reading failed.
 */
async function currentSetting(ctx) {
  const result = await ctx.api.get('/me').catch((error) => error);
  if (result?.ok) return { enabled: result.body.emailNotifications !== false };
  if (result?.status === 404) return { enabled: null, reason: 'unlisted' };
  return { failed: result };
}

const statusTexts = {
  true: 'Vous recevez ces courriels.',
  false: 'Vous ne recevez pas ces courriels.',
  unlisted:
    'Vous ne figurez pas dans l’annuaire du personnel : aucun courriel de tâches ne vous est envoyé. Demandez à un ' +
    'administrateur de vous y inscrire.',
};

/** @type {import('../../shell.js').Page} */
export const emailNotificationsPage = {
  path: '/courriels',
  title: 'Mes courriels',
  groups: ['worker', 'manager'],
  nav: { label: 'Mes courriels', order: 80 },
  async render(main, ctx) {
    const { h, ...ui } = ctx.ui;
    ui.loading(main);
    const setting = await currentSetting(ctx);
    main.replaceChildren();
    ui.heading(main, 'Mes courriels');
    if (setting.failed) return ui.loadError(main, setting.failed);
    const places = taskPages
      .filter(([group]) => ctx.user.groups.includes(group))
      .flatMap(([, path, label], index) => [...(index > 0 ? [' et '] : []), h('a', { href: ctx.href(path) }, `« ${label} »`)]);
    main.append(
      h(
        'p',
        {},
        'Chaque matin où de nouvelles tâches vous attendent, ASLL vous en envoie la liste par courriel, avec un lien vers ' +
          'chaque dossier. Vous pouvez ne plus les recevoir : vos tâches restent dans ',
        ...places,
        '.',
      ),
    );
    const status = h('p', { class: 'email-settings__status' });
    const problem = h('div');
    const done = h('div');
    const stop = h('button', { type: 'button', class: 'button button--secondary' }, 'Ne plus recevoir ces courriels');
    const resume = h('button', { type: 'button', class: 'button' }, 'Recevoir ces courriels');
    const show = (enabled, reason) => {
      status.textContent = statusTexts[enabled ?? reason];
      stop.hidden = enabled === false || reason === 'unlisted';
      resume.hidden = enabled === true || reason === 'unlisted';
    };
    /** Records `enabled`; shows what the server recorded, or why it refused, focused. */
    const choose = async (enabled) => {
      problem.replaceChildren();
      done.replaceChildren();
      stop.disabled = true;
      resume.disabled = true;
      const result = await ctx.api.put('/me/email-notifications', { enabled }).catch((error) => error);
      stop.disabled = false;
      resume.disabled = false;
      const message = result?.ok
        ? ui.notice(
            'success',
            result.body.emailNotifications
              ? 'C’est noté : vous recevrez de nouveau un courriel quand de nouvelles tâches vous attendront.'
              : 'C’est noté : vous ne recevrez plus ces courriels. Vos tâches restent dans l’espace du personnel.',
          )
        : ui.notice('error', ui.errorMessage(result));
      if (result?.ok) show(result.body.emailNotifications !== false);
      message.tabIndex = -1;
      (result?.ok ? done : problem).replaceChildren(message);
      message.focus();
    };
    stop.addEventListener('click', () => choose(false));
    resume.addEventListener('click', () => choose(true));
    show(setting.enabled, setting.reason);
    main.append(
      h('h2', {}, 'Courriels de nouvelles tâches'),
      status,
      problem,
      h('div', { class: 'actions' }, stop, resume),
      done,
    );
  },
};
