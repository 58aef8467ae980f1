/**
 * « Tâches de l’équipe »: the managers' open tasks (`GET /tasks?status=open`), each marked done
 * here, and, to see where a worker stands, one worker's open tasks (`&workerId=`): those only the
 * worker marks done (API.md: a task of someone else answers 404), so they are shown, not closed.
 */
import { loadWorkers } from './directory.js';
import { answerOrNull } from './forms.js';
import { actionLink, showPages } from './lists.js';
import { compactQuery, labeller, taskSubjectPath, workerFilterOptions, workerName } from './model.js';

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
  const { ui } = ctx;
  const form = ui.h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Choisir les tâches affichées' },
    ui.selectField({
      name: 'workerId',
      label: 'Tâches de',
      options: workerFilterOptions(workers),
      value: workerId,
      placeholder: 'L’encadrement (vos tâches)',
    }),
    ui.h('button', { type: 'submit', class: 'button button--secondary' }, 'Afficher'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams(ui.readForm(form));
    ctx.navigate(query.size > 0 ? `${path}?${query}` : path);
  });
  return form;
}

/** @type {import('../../shell.js').Page} */
export const teamTasksPage = {
  path,
  title: 'Tâches de l’équipe',
  groups: ['manager'],
  nav: { label: 'Tâches de l’équipe', order: 30 },
  async render(main, ctx) {
    const { ui } = ctx;
    ui.loading(main);
    const workerId = ctx.query.get('workerId') || undefined;
    const load = (cursor) => ctx.api.get('/tasks', compactQuery({ status: 'open', workerId, cursor }));
    const [{ labels }, directory, first] = await Promise.all([ctx.vocabulary(), loadWorkers(ctx), load()]);
    main.replaceChildren();
    const failed = [directory, first].find((result) => !result.ok);
    if (failed) return ui.loadError(main, failed);
    const workers = directory.items;
    ui.heading(main, 'Tâches de l’équipe');
    main.append(whoseForm(ctx, workers, workerId));
    main.append(
      ui.h(
        'h2',
        { class: 'manager-results-title' },
        workerId ? `Tâches à faire de ${workerName(workers, workerId)}` : 'Tâches à faire de l’encadrement',
      ),
    );
    if (workerId) main.append(ui.h('p', {}, 'Ces tâches sont celles du travailleur social : lui seul les marque comme faites.'));
    if (first.body.items.length === 0) {
      main.append(ui.emptyState('Aucune tâche à faire.'));
      return;
    }
    main.append(ui.h('p', {}, 'Par date d’échéance, la plus proche en premier.'));
    const list = ui.h('ol', { class: 'manager-cards' });
    main.append(list);
    const label = labeller(labels);
    showPages(ctx, { list, first: first.body, load, item: (task) => taskItem(ctx, task, { label, completable: !workerId }) });
  },
};
