import { firstPage } from './worker-data.js';

/**
 * « Mes tâches »: the worker's tasks by due date (`GET /tasks`), to do or done, each marked done
 * with one button (`POST /tasks/{id}/done`) and linked to its measure.
 */

/** `?statut=faites` shows the tasks done; anything else, the tasks to do. */
const views = [
  { id: 'open', query: null, label: 'À faire', empty: 'Aucune tâche à faire : les échéances de vos mesures apparaîtront ici.' },
  { id: 'done', query: 'faites', label: 'Faites', empty: 'Aucune tâche faite pour l’instant.' },
];

/** « À faire pour le 5 mars 2026 (dans 8 jours) », the overdue ones marked. */
function dueLine(task, ui) {
  const days = ui.daysUntil(task.dueOn);
  const late = task.status === 'open' && days !== null && days < 0;
  return ui.h(
    'p',
    { class: late ? 'task__due task__due--late' : 'task__due' },
    late ? 'En retard : à faire pour le ' : 'À faire pour le ',
    ui.formatDate(task.dueOn),
    task.status === 'open' ? ` (${ui.relativeDays(task.dueOn)})` : '',
  );
}

/**
 * One task: its title, due date, measure and « Marquer comme faite ». `onDone` is called once the
 * API has it done (the list removes it).
 * @param {any} task
 * @param {import('../../shell.js').PageContext} ctx
 * @param {{ level: 'h2' | 'h3', measureLink: boolean, onDone: (item: HTMLElement) => void }} options
 */
export function taskItem(task, ctx, { level, measureLink, onDone }) {
  const { h } = ctx.ui;
  const item = h('li', { class: 'task' }, h(level, { class: 'task__title' }, task.title), dueLine(task, ctx.ui));
  if (measureLink && task.measureId)
    item.append(h('p', {}, h('a', { href: ctx.href(`/mesures/${task.measureId}`) }, `Ouvrir la mesure ${task.reference}`)));
  // A manager reading a worker's file sees that worker's tasks; only the assignee marks one done.
  const assignee = task.assignee ?? {};
  const mine = assignee.workerId ? assignee.workerId === ctx.user.sub : ctx.user.groups.includes(assignee.group);
  if (task.status === 'done' || !mine) {
    if (task.status === 'done') item.append(h('p', { class: 'task__done' }, `Faite le ${ctx.ui.formatDateTime(task.doneAt)}`));
    return item;
  }
  const problem = h('div', { class: 'task__problem' });
  const button = h('button', { type: 'button', class: 'button button--secondary' }, 'Marquer comme faite');
  button.setAttribute('aria-label', `Marquer comme faite : ${task.title}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    problem.replaceChildren();
    let answer;
    try {
      answer = await ctx.api.post(`/tasks/${encodeURIComponent(task.id)}/done`);
    } catch (error) {
      answer = error;
    }
    if (answer?.ok) {
      ctx.ui.announce(`Tâche faite : ${task.title}`);
      onDone(item);
      return;
    }
    button.disabled = false;
    problem.replaceChildren(ctx.ui.notice('error', ctx.ui.errorMessage(answer)));
  });
  item.append(h('p', {}, button), problem);
  return item;
}

/**
 * After a task leaves its list: the focus goes to the next task's button, else the previous one's,
 * else `fallback`; an emptied list gives way to `emptyText`.
 */
export function removeTask(item, fallback, emptyState) {
  const list = item.parentElement;
  const next = item.nextElementSibling ?? item.previousElementSibling;
  item.remove();
  if (list && list.children.length === 0) list.replaceWith(emptyState);
  (next?.querySelector('button, a') ?? fallback)?.focus();
}

function viewSwitch(ctx, current) {
  const { h } = ctx.ui;
  return h(
    'nav',
    { class: 'view-switch', 'aria-label': 'Tâches à faire ou faites' },
    h(
      'ul',
      {},
      views.map((view) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: ctx.href(view.query ? `/taches?statut=${view.query}` : '/taches'),
              'aria-current': view === current ? 'page' : null,
            },
            view.label,
          ),
        ),
      ),
    ),
  );
}

/** @type {import('../../shell.js').Page} */
export const myTasksPage = {
  path: '/taches',
  title: 'Mes tâches',
  groups: ['worker'],
  nav: { label: 'Mes tâches', order: 10 },
  async render(main, ctx) {
    const { h, ...ui } = ctx.ui;
    const view = views.find((each) => each.query === ctx.query.get('statut')) ?? views[0];
    ui.loading(main);
    const list = h('ul', { class: 'task-list' });
    let title = null;
    const page = await firstPage(
      ctx,
      list,
      (cursor) => ctx.api.get('/tasks', { status: view.id, cursor }),
      (task) =>
        taskItem(task, ctx, {
          level: 'h2',
          measureLink: true,
          onDone: (item) => removeTask(item, title, ui.emptyState(view.empty)),
        }),
    );
    main.replaceChildren();
    title = ui.heading(main, 'Mes tâches');
    main.append(viewSwitch(ctx, view));
    if (page.failed) return ui.loadError(main, page.failed);
    if (list.children.length === 0) return void main.append(ui.emptyState(view.empty));
    main.append(list);
    if (page.more) main.append(page.more);
  },
};
