/**
 * The measure file (`/mesures/:id`, `GET /measures/{id}`), for its worker and for managers: who
 * and what, the dates ahead, the open tasks, what can be recorded now, and the timeline of
 * everything recorded. A measure the caller may not reach answers 404, shown as « introuvable »
 * with nothing of it.
 */
import { dueDatesOf, possibleActions, timelineOf } from './measure-view.js';
import { removeTask, taskItem } from './tasks.js';
import { householdName, loadMeasureForm, takeConfirmation } from './worker-data.js';

/** The menu items a measure's pages come under: a worker's « Mes mesures », else a manager's « Toutes les mesures ». */
export const measureMenu = ['/mes-mesures', '/toutes-les-mesures'];

/** The measure and the form description, or the first answer that failed. */
async function loadMeasure(ctx) {
  try {
    const [measure, form] = await Promise.all([
      ctx.api.get(`/measures/${encodeURIComponent(ctx.params.id)}`),
      loadMeasureForm(ctx),
    ]);
    if (!measure.ok) return { failed: measure };
    if (!form.ok) return { failed: form };
    return { measure: measure.body, form: form.body };
  } catch (error) {
    return { failed: error };
  }
}

/**
 * Loads the measure of the page's `:id` and the form description into `main`, emptied; when either
 * fails, says why there instead (« Mesure introuvable » for a 404, with nothing of the measure)
 * and resolves to null.
 * @returns {Promise<{ measure: any, form: any } | null>}
 */
export async function loadMeasureInto(main, ctx) {
  const { ui } = ctx;
  ui.loading(main);
  const loaded = await loadMeasure(ctx);
  main.replaceChildren();
  if (!loaded.failed) return loaded;
  if (loaded.failed.status === 404) {
    document.title = 'Mesure introuvable — ASLL';
    ui.heading(main, 'Mesure introuvable');
  }
  ui.loadError(main, loaded.failed);
  return null;
}

/** A section of the file under its h2. */
const section = (h, id, title, ...content) =>
  h('section', { 'aria-labelledby': id }, h('h2', { id, tabindex: '-1' }, title), ...content);

function summary(measure, labels, ui) {
  const { h } = ui;
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'measure-summary' },
    row('Statut', labels.measureStatuses[measure.status]),
    row('Référence', measure.reference),
    row('Commune', `${measure.household.commune} (${measure.household.postcode})`),
    row('Orientation', labels.orientations[measure.orientation]),
    row('Axes de travail', measure.axes.map((axis) => labels.workAxes[axis]).join(', ')),
    measure.startedOn ? row('Début', ui.formatDate(measure.startedOn)) : row('Décision', ui.formatDate(measure.decidedOn)),
    measure.closure ? row('Fin', ui.formatDate(measure.closure.endedOn)) : null,
    measure.closure ? row('Motif de fin', labels.closureReasons[measure.closure.reason]) : null,
  );
}

function dueSection(measure, ui) {
  const { h } = ui;
  const due = dueDatesOf(measure, (date) => ui.daysUntil(date));
  if (due.length === 0) return null;
  return section(
    h,
    'echeances',
    'Échéances',
    h(
      'ul',
      { class: 'due-list' },
      due.map((entry) =>
        h(
          'li',
          { class: entry.overdue ? 'due due--late' : 'due', dataset: { due: entry.key } },
          h('strong', {}, `${entry.label} : `),
          `${ui.formatDate(entry.date)} (${ui.relativeDays(entry.date)})`,
          entry.overdue ? ' — date dépassée' : '',
        ),
      ),
    ),
  );
}

function tasksSection(measure, ctx) {
  const { h } = ctx.ui;
  const empty = ctx.ui.emptyState('Aucune tâche ouverte sur cette mesure.');
  const list = h('ul', { class: 'task-list' });
  const tasks = section(h, 'taches-mesure', 'Tâches ouvertes', measure.tasks.length > 0 ? list : empty);
  const title = tasks.querySelector('h2');
  for (const task of measure.tasks)
    list.append(taskItem(task, ctx, { level: 'h3', measureLink: false, onDone: (item) => removeTask(item, title, empty) }));
  return tasks;
}

function actionsSection(measure, form, ctx) {
  const { h } = ctx.ui;
  const actions = possibleActions(measure, form.policy);
  const available = actions.filter((action) => action.path);
  const waiting = actions.filter((action) => !action.path);
  const body = [];
  if (available.length > 0)
    body.push(
      h(
        'ul',
        { class: 'action-list' },
        available.map((action) => h('li', {}, h('a', { class: 'button', href: ctx.href(action.path) }, action.label))),
      ),
    );
  else body.push(ctx.ui.emptyState('Plus rien à enregistrer : la mesure est close et sa visite de suivi faite.'));
  // A manager may hand a measure still running over to another worker (the managers' page).
  if (ctx.user.groups.includes('manager') && measure.status !== 'closed')
    body.push(
      h(
        'p',
        {},
        h(
          'a',
          { href: ctx.href(`/mesures/${encodeURIComponent(measure.id)}/transfert`) },
          'Confier la mesure à un autre travailleur social',
        ),
      ),
    );
  if (waiting.length > 0)
    body.push(
      h('p', { class: 'action-waiting__title' }, 'Pas possible pour l’instant :'),
      h(
        'ul',
        { class: 'action-waiting' },
        waiting.map((action) => h('li', {}, h('strong', {}, action.label), ' — ', action.reason)),
      ),
    );
  return section(h, 'actions', 'Enregistrer', ...body);
}

function timelineSection(measure, labels, ui) {
  const { h } = ui;
  return section(
    h,
    'historique',
    'Historique du dossier',
    h(
      'ol',
      { class: 'timeline' },
      timelineOf(measure, labels, ui.formatDate).map((entry) =>
        h(
          'li',
          { class: `timeline__entry timeline__entry--${entry.kind}` },
          h(
            'h3',
            { class: 'timeline__title' },
            h('time', { datetime: entry.date }, ui.formatDate(entry.date)),
            ' — ',
            entry.title,
          ),
          h(
            'ul',
            { class: 'timeline__lines' },
            entry.lines.map((line) => h('li', {}, line)),
          ),
        ),
      ),
    ),
  );
}

/** @type {import('../../shell.js').Page} */
export const measureFilePage = {
  path: '/mesures/:id',
  title: 'Dossier de la mesure',
  groups: ['worker', 'manager'],
  menu: measureMenu,
  async render(main, ctx) {
    const { ui } = ctx;
    const loaded = await loadMeasureInto(main, ctx);
    if (!loaded) return;
    const { measure, form } = loaded;
    const { labels } = form;
    ui.heading(main, `${householdName(measure)} — mesure ${measure.reference}`);
    const confirmation = takeConfirmation(measure.id);
    if (confirmation) {
      main.append(ui.notice('success', confirmation));
      ui.announce(confirmation);
    }
    const sections = [
      summary(measure, labels, ui),
      dueSection(measure, ui),
      actionsSection(measure, form, ctx),
      tasksSection(measure, ctx),
      timelineSection(measure, labels, ui),
    ];
    main.append(...sections.filter(Boolean));
  },
};
