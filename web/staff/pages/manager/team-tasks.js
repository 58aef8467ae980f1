/**
 * « Tâches de l’équipe »: the managers' open tasks (`GET /tasks?status=open`), each marked done
 * here, and, to see where a worker stands, one worker's open tasks (`&workerId=`): those only the
 * worker marks done (API.md: a task of someone else answers 404), so they are shown, not closed.
 */
import { de } from '../../../../lib/domain/french-words.js';
import { loadWorkers, workerFilter } from './directory.js';
import { answerOrNull, filterForm } from './forms.js';
import { actionLink, loadPage, showResults } from './lists.js';
import { compactQuery, labeller, taskSubjectPath, workerName } from './model.js';

const path = '/taches-equipe';

function dueText(ctx, task) {
  const days = ctx.ui.daysUntil(task.dueOn);
  const date = ctx.ui.formatDate(task.dueOn);
  if (days < 0) return `À faire pour le ${date} : en retard de ${-days} ${days < -1 ? 'jours' : 'jour'}`;
  if (days === 0) return `À faire pour aujourd’hui, ${date}`;
  return `À faire pour le ${date}`;
}

function doneButton(ctx, task, item) {
  const { ui } = ctx;
  const button = ui.h('button', { type: 'button', class: 'button button--secondary' }, 'Marquer comme faite');
  button.setAttribute('aria-label', `Marquer comme faite : ${task.title}`);
  let failure = null;
  button.addEventListener('click', async () => {
    button.disabled = true;
    const result = await answerOrNull(() => ctx.api.post(`/tasks/${encodeURIComponent(task.id)}/done`));
    if (result?.ok) {
      const done = ui.h(
        'p',
        { class: 'manager-task-done', tabindex: '-1' },
        `Faite le ${ui.formatDateTime(result.body.doneAt)}.`,
      );
      button.replaceWith(done);
      item.classList.add('manager-task-is-done');
      done.focus();
      ui.announce(`Tâche marquée comme faite : ${task.title}`);
      return;
    }
    button.disabled = false;
    failure?.remove();
    failure = ui.notice('error', ui.errorMessage(result));
    button.after(failure);
  });
  return button;
}

function taskItem(ctx, task, { label, completable }) {
  const { h } = ctx.ui;
  const subject = taskSubjectPath(task);
  const item = h(
    'li',
    { class: 'manager-card' },
    h('h3', { class: 'manager-card-title' }, task.title),
    h('p', {}, `${label('taskKinds', task.kind)} · ${dueText(ctx, task)}`),
    subject ? actionLink(ctx, subject, `${task.measureId ? 'Ouvrir la mesure' : 'Ouvrir la demande'} ${task.reference}`) : null,
  );
  if (completable) item.append(doneButton(ctx, task, item));
  return item;
}

function whoseForm(ctx, workers, workerId) {
  return filterForm(ctx, {
    path,
    label: 'Choisir les tâches affichées',
    selects: [workerFilter(ctx, workers, { label: 'Tâches de', value: workerId, placeholder: 'L’encadrement (vos tâches)' })],
  });
}

/** @type {import('../../shell.js').Page} */
export const teamTasksPage = {
  path,
  title: 'Tâches de l’équipe',
  groups: ['manager'],
  nav: { label: 'Tâches de l’équipe', order: 30 },
  async render(main, ctx) {
    const { ui } = ctx;
    const workerId = ctx.query.get('workerId') || undefined;
    const load = (cursor) => ctx.api.get('/tasks', compactQuery({ status: 'open', workerId, cursor }));
    const loaded = await loadPage(main, ctx, [ctx.vocabulary(), loadWorkers(ctx), load()]);
    if (!loaded) return;
    const [{ labels }, { items: workers }, first] = loaded;
    ui.heading(main, 'Tâches de l’équipe');
    main.append(whoseForm(ctx, workers, workerId));
    const whose = workerId ? de(workerName(workers, workerId)) : 'de l’encadrement';
    main.append(ui.h('h2', { class: 'manager-results-title' }, `Tâches à faire ${whose}`));
    if (workerId) main.append(ui.h('p', {}, 'Ces tâches sont celles du travailleur social : lui seul les marque comme faites.'));
    const label = labeller(labels);
    showResults(main, ctx, {
      first: first.body,
      load,
      item: (task) => taskItem(ctx, task, { label, completable: !workerId }),
      empty: 'Aucune tâche à faire.',
      order: 'Par date d’échéance, la plus proche en premier.',
    });
  },
};
