/**
 * Hand-over of a measure (`/mesures/:id/transfert`, `POST /measures/{id}/worker`): a manager gives
 * the measure to another active worker of the directory; its open tasks follow it.
 */
import { loadWorkers } from './directory.js';
import { handleSubmit } from './forms.js';
import { actionLink, factList, loadPage } from './lists.js';
import { activeWorkerOptions, labeller, workerName } from './model.js';

function handoverForm(ctx, measure, workers, onDone) {
  const { ui } = ctx;
  const options = activeWorkerOptions(workers, { except: measure.workerId });
  const submit = ui.h('button', { type: 'submit', class: 'button' }, 'Confier la mesure');
  const status = ui.h('div', { class: 'manager-form-status' });
  const form = ui.h(
    'form',
    { class: 'manager-form', novalidate: true },
    ui.selectField({
      name: 'workerId',
      label: 'Nouveau travailleur social référent',
      required: true,
      hint:
        options.length === 0
          ? 'Aucun autre travailleur social actif dans l’annuaire : un administrateur doit d’abord en inscrire un.'
          : 'Les travailleurs sociaux actifs de l’annuaire. Les tâches ouvertes de la mesure le suivent.',
      options,
      placeholder: 'Choisissez un travailleur social',
    }),
    status,
    submit,
  );
  handleSubmit(ctx, {
    form,
    submit,
    status,
    send: (idempotencyKey) =>
      ctx.api.post(`/measures/${measure.id}/worker`, { ...ui.readForm(form), version: measure.version }, { idempotencyKey }),
    onDone,
    conflict: () => ui.conflictNotice(),
  });
  return form;
}

/** @type {import('../../shell.js').Page} */
export const handoverPage = {
  path: '/mesures/:id/transfert',
  title: 'Confier une mesure à un autre travailleur social',
  groups: ['manager'],
  menu: ['/toutes-les-mesures'],
  async render(main, ctx) {
    const { ui } = ctx;
    const id = encodeURIComponent(ctx.params.id);
    const loaded = await loadPage(main, ctx, [ctx.api.get(`/measures/${id}`), loadWorkers(ctx), ctx.vocabulary()]);
    if (!loaded) return;
    const [{ body: measure }, { items: workers }, { labels }] = loaded;
    const label = labeller(labels);
    ui.heading(main, `Confier la mesure ${measure.reference} à un autre travailleur social`);
    const facts = (shown, workerTerm) =>
      factList(ctx, [
        ['Ménage', `${shown.household.lastName} ${shown.household.firstName}, ${shown.household.commune}`],
        ['Statut', label('measureStatuses', shown.status)],
        [workerTerm, workerName(workers, shown.workerId)],
      ]);
    const summary = facts(measure, 'Travailleur social actuel');
    const back = actionLink(ctx, `/mesures/${measure.id}`, `Retour à la mesure ${measure.reference}`);
    const onDone = (updated) => {
      const notice = ui.notice(
        'success',
        `La mesure ${updated.reference} est confiée à ${workerName(workers, updated.workerId)}, avec ses tâches ouvertes.`,
        actionLink(ctx, `/mesures/${updated.id}`, `Ouvrir la mesure ${updated.reference}`),
      );
      notice.setAttribute('tabindex', '-1');
      form.replaceWith(notice);
      back.remove();
      summary.replaceWith(facts(updated, 'Travailleur social'));
      // A notice of role status, focused: read once, where the person now is.
      notice.focus();
    };
    const form = handoverForm(ctx, measure, workers, onDone);
    main.append(summary, form, back);
  },
};
