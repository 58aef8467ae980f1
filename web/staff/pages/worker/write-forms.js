/**
 * One page per lifecycle write of a measure (`/mesures/:id/contrat`, `…/rencontre`, `…/bilan`,
 * `…/renouvellement`, `…/cloture`, `…/suivi`): a short form whose choices come from
 * `GET /measure-form`, checked before it sends (write-rules.js), sent with the `version` of the
 * file it was filled from and one `Idempotency-Key` per fill. The server's 422 shows beside the
 * fields, a 409 says the file changed meanwhile and keeps what was typed; on success, back to the file with a confirmation.
 */
import { frenchList } from '../../../../lib/domain/french-words.js';
import { renewedPlannedEnd } from '../../../../lib/domain/measure-dates.js';
import { loadMeasureInto, measureMenu } from './measure-file.js';
import { renewingBilan } from '../../../../lib/domain/measure.js';
import { possibleActions } from './measure-view.js';
import { householdName, confirmOnFile } from './worker-data.js';
import { checkWrite, clientError, writes } from './write-rules.js';

/**
 * @typedef {{ measure: any, form: any, ctx: import('../../shell.js').PageContext, today: string, idempotencyKey: string }} FormContext
 */

const optionsOf = (labels, values = Object.keys(labels)) => values.map((value) => ({ value, label: labels[value] }));
const yesNoOptions = [
  { value: 'true', label: 'Oui' },
  { value: 'false', label: 'Non' },
];
/** 'true' / 'false' from a pair of radios → a boolean; absent stays absent. */
const booleanOf = (value) => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The write's date, today by default, never after it. */
function dateField({ ctx, today }, name, label) {
  return ctx.ui.field({ name, label, type: 'date', required: true, value: today, attrs: { max: today } });
}

/** « Au plus 4 000 caractères. », French digit grouping. */
const lengthHint = (max) => `Au plus ${max.toLocaleString('fr-FR')} caractères.`;

/**
 * A long text, its maximum length from the schema, said in the hint. No `maxlength`: the browser
 * would silently cut a longer paste; the form's check (write-rules.js) says by how much instead.
 */
function textArea({ ctx, form }, schemaName, name, label, { required = false, hint } = {}) {
  const max = form.schemas[schemaName].properties[name]?.maxLength;
  return ctx.ui.field({ name, label, type: 'textarea', required, hint: hint ?? (max ? lengthHint(max) : undefined) });
}

/** A lone checkbox (`readForm` gives a boolean), with its error slot for `showErrors`. */
function checkbox(ui, name, label) {
  const id = `case-${name}`;
  return ui.h(
    'div',
    { class: 'field choice', dataset: { field: name } },
    ui.h('p', { class: 'field-error', id: `${id}-erreur`, hidden: true }),
    ui.h('input', { type: 'checkbox', id, name }),
    ui.h('label', { for: id }, label),
  );
}

const axisLabels = ({ measure, form }) => optionsOf(form.labels.workAxes, measure.axes);

/** The objectives of the contract: one row per objective (axis, text), one per work axis to start with. */
function objectivesField(context) {
  const { ui } = context.ctx;
  const { h } = ui;
  const rows = h('div', { class: 'objective-rows' });
  const error = h('p', { class: 'field-error', id: 'objectifs-erreur', hidden: true });
  const textMax = context.form.schemas.contract.properties.objectives.items.properties.text.maxLength;
  const renumber = (values) => {
    rows.replaceChildren(
      ...values.map((value, index) =>
        h(
          'fieldset',
          { class: 'fieldset objective-row', dataset: { field: `objectives.${index}` } },
          h('legend', {}, `Objectif ${index + 1}`),
          ui.selectField({
            name: `objectives.${index}.axis`,
            label: 'Axe de travail',
            options: axisLabels(context),
            required: true,
            value: value.axis,
          }),
          ui.field({
            name: `objectives.${index}.text`,
            label: 'Objectif',
            type: 'textarea',
            required: true,
            value: value.text,
            hint: lengthHint(textMax),
          }),
          values.length > 1
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'button button--secondary',
                  onclick: () => {
                    renumber(current().filter((_, other) => other !== index));
                    add.focus();
                  },
                },
                `Retirer l’objectif ${index + 1}`,
              )
            : null,
        ),
      ),
    );
  };
  const current = () =>
    [...rows.querySelectorAll('.objective-row')].map((row) => ({
      axis: row.querySelector('select').value,
      text: row.querySelector('textarea').value,
    }));
  const add = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      onclick: () => {
        renumber([...current(), { axis: '', text: '' }]);
        rows.lastElementChild?.querySelector('select')?.focus();
      },
    },
    'Ajouter un objectif',
  );
  renumber(context.measure.axes.map((axis) => ({ axis, text: '' })));
  return h(
    'fieldset',
    { class: 'fieldset field', dataset: { field: 'objectives' } },
    h('legend', {}, 'Objectifs fixés avec le ménage'),
    error,
    rows,
    h('p', {}, add),
  );
}

/** Each write's fields, and the body it sends from what `readForm` read. */
const forms = {
  contract: {
    fields(context) {
      const { ui } = context.ctx;
      const { labels, policy } = context.form;
      const required = frenchList(
        policy.contract.requiredSignatories.map((who) => labels.signatories[who].toLowerCase()),
        'et',
      );
      return [
        dateField(context, 'signedOn', 'Date de signature'),
        objectivesField(context),
        ui.checkboxes({
          name: 'signatories',
          legend: 'Signataires',
          hint: `Dans ce département, signent : ${required}.`,
          required: true,
          options: optionsOf(labels.signatories),
        }),
      ];
    },
    // Every row is an objective, even one left blank (the check names it rather than dropping it).
    body: (values, formElement) => ({
      ...values,
      objectives: [...formElement.querySelectorAll('.objective-row')].map((_, index) => values.objectives?.[index] ?? {}),
    }),
  },
  visit: {
    fields(context) {
      const { ui } = context.ctx;
      const { labels, schemas } = context.form;
      const duration = schemas.visit.properties.durationMinutes;
      return [
        dateField(context, 'date', 'Date de la rencontre'),
        ui.radios({ name: 'kind', legend: 'Type de rencontre', required: true, options: optionsOf(labels.visitKinds) }),
        ui.field({
          name: 'durationMinutes',
          label: 'Durée (en minutes)',
          type: 'number',
          required: true,
          hint: `De ${duration.minimum} à ${duration.maximum} minutes.`,
          attrs: { min: String(duration.minimum), max: String(duration.maximum), step: '1', inputmode: 'numeric' },
        }),
        ui.checkboxes({
          name: 'axes',
          legend: 'Axes de travail abordés',
          required: true,
          options: axisLabels(context),
          values: context.measure.axes.length === 1 ? context.measure.axes : [],
        }),
        ui.checkboxes({ name: 'actions', legend: 'Actions engagées', options: optionsOf(labels.visitActions) }),
        checkbox(ui, 'withSectorWorker', 'Le travailleur social de secteur était présent'),
        textArea(context, 'visit', 'notes', 'Notes'),
      ];
    },
    body: (values) => ({ ...values, axes: values.axes ?? [], actions: values.actions ?? [] }),
  },
  bilan: {
    fields(context) {
      const { ui } = context.ctx;
      const { labels } = context.form;
      const { h } = ui;
      const next = ui.radios({
        name: 'nextOrientation',
        legend: 'Orientation proposée pour la suite',
        hint: 'Seulement si le bilan préconise le renouvellement.',
        options: optionsOf(labels.orientations),
        value: context.measure.orientation,
      });
      const recommendation = ui.radios({
        name: 'recommendation',
        legend: 'Préconisation',
        required: true,
        options: optionsOf(labels.bilanRecommendations),
      });
      const showNext = () => {
        next.hidden = recommendation.querySelector('input:checked')?.value !== 'renew';
      };
      recommendation.addEventListener('change', showNext);
      showNext();
      return [
        dateField(context, 'submittedOn', 'Date du bilan'),
        h(
          'fieldset',
          { class: 'fieldset' },
          h('legend', {}, 'Objectifs atteints, axe par axe'),
          context.measure.axes.map((axis, index) =>
            h(
              'div',
              {},
              h('input', { type: 'hidden', name: `objectivesReached.${index}.axis`, value: axis }),
              ui.radios({
                name: `objectivesReached.${index}.reached`,
                legend: labels.workAxes[axis],
                required: true,
                options: optionsOf(labels.objectiveReached),
              }),
            ),
          ),
        ),
        textArea(context, 'bilan', 'stepsTaken', 'Démarches réalisées', { required: true }),
        recommendation,
        next,
      ];
    },
    body: (values) => {
      const { nextOrientation, ...rest } = values;
      return { ...rest, ...(values.recommendation === 'renew' ? { nextOrientation } : {}) };
    },
  },
  renewal: {
    fields(context) {
      const { ui } = context.ctx;
      const { labels, policy } = context.form;
      const durations = policy.renewal.durationsMonths;
      const proposed = renewingBilan(context.measure)?.nextOrientation ?? context.measure.orientation;
      const months = ui.selectField({
        name: 'months',
        label: 'Durée du renouvellement',
        required: true,
        options: durations.map((each) => ({ value: String(each), label: `${each} mois` })),
        value: durations.length === 1 ? String(durations[0]) : undefined,
        placeholder: durations.length === 1 ? null : undefined,
      });
      // The new period follows the old one, whenever the renewal is decided: say where it ends.
      const end = ui.h('p', { class: 'field-hint', 'aria-live': 'polite' });
      const showEnd = () => {
        const chosen = Number(months.querySelector('select').value);
        const { plannedEnd } = context.measure;
        if (!chosen || !plannedEnd) return void (end.textContent = '');
        const next = renewedPlannedEnd(plannedEnd, chosen);
        const past = ui.daysUntil(next) < 0;
        end.textContent =
          `La fin prévue passera du ${ui.formatDate(plannedEnd)} au ${ui.formatDate(next)}.` +
          (past ? ' Cette date est déjà passée : la période renouvelée sera échue dès son enregistrement.' : '');
      };
      months.addEventListener('change', showEnd);
      showEnd();
      months.append(end);
      return [
        dateField(context, 'decidedOn', 'Date de la décision de renouvellement'),
        months,
        ui.radios({
          name: 'orientation',
          legend: 'Orientation de la mesure renouvelée',
          required: true,
          options: optionsOf(labels.orientations),
          value: proposed,
        }),
      ];
    },
    body: (values) => ({ ...values, months: values.months === undefined ? undefined : Number(values.months) }),
    intro(context) {
      const { measure, form } = context;
      const { renewal, totalCapMonths } = form.policy;
      const granted = measure.renewals.reduce((total, each) => total + each.months, measure.initialDurationMonths);
      const count = renewal.maxCount === null ? '' : ` (au plus ${renewal.maxCount})`;
      const cap = totalCapMonths === null ? '' : `, au plus ${totalCapMonths} mois au total`;
      return `Renouvellements déjà accordés : ${measure.renewals.length}${count}. Durée accordée jusqu’ici : ${granted} mois${cap}.`;
    },
  },
  closure: {
    fields(context) {
      const { ui } = context.ctx;
      const { labels } = context.form;
      return [
        dateField(context, 'endedOn', 'Date de fin de la mesure'),
        ui.selectField({ name: 'reason', label: 'Motif de fin', required: true, options: optionsOf(labels.closureReasons) }),
        ui.radios({
          name: 'housingOutcome',
          legend: 'Situation de logement à la fin de la mesure',
          required: true,
          options: optionsOf(labels.housingOutcomes),
        }),
        ui.radios({
          name: 'evictionAvoided',
          legend: 'Une expulsion a-t-elle été évitée ?',
          // A choice of its own rather than « leave it blank »: a radio once checked cannot be unchecked.
          options: [...yesNoOptions, { value: '', label: 'Sans objet : pas de procédure d’expulsion' }],
        }),
      ];
    },
    body: (values) => ({ ...values, evictionAvoided: booleanOf(values.evictionAvoided) }),
  },
  followUp: {
    fields(context) {
      const { ui } = context.ctx;
      const sector = context.form.policy.followUp?.withSectorWorker;
      return [
        dateField(context, 'visitedOn', 'Date de la visite de suivi'),
        ui.radios({
          name: 'withSectorWorker',
          legend: 'Le travailleur social de secteur était-il présent ?',
          hint: sector ? 'Dans ce département, la visite de suivi se fait avec lui.' : undefined,
          required: true,
          options: yesNoOptions,
        }),
        ui.radios({
          name: 'stillHoused',
          legend: 'Le ménage est-il toujours dans son logement ?',
          required: true,
          options: yesNoOptions,
        }),
        textArea(context, 'followUp', 'notes', 'Notes'),
      ];
    },
    body: (values) => ({
      ...values,
      withSectorWorker: booleanOf(values.withSectorWorker),
      stillHoused: booleanOf(values.stillHoused),
    }),
  },
};

/** Why this write cannot be recorded on this measure now, or null. */
function unavailable(id, measure, form) {
  const write = writes[id];
  if (measure.status !== write.status)
    return `Cette saisie n’est possible que pour une mesure au statut « ${form.labels.measureStatuses[write.status]} » : celle-ci est au statut « ${form.labels.measureStatuses[measure.status]} ».`;
  const action = possibleActions(measure, form.policy).find((each) => each.id === id);
  return action ? action.reason : 'Cette saisie n’est plus possible sur cette mesure.';
}

/**
 * A 409: the file changed since the form was opened (another device, a manager). What was typed
 * stays in the form; the form now checks and sends against the file as it is, under a new key.
 * Resolves to the notice that says so (or why this write is no longer possible).
 */
async function keptAfterConflict(id, context) {
  const { ctx, form } = context;
  const { ui } = ctx;
  const fresh = await ctx.api.get(`/measures/${encodeURIComponent(context.measure.id)}`).catch(() => null);
  if (!fresh?.ok) return ui.conflictNotice();
  context.measure = fresh.body;
  context.idempotencyKey = crypto.randomUUID();
  const reason = unavailable(id, fresh.body, form);
  return ui.notice(
    'warning',
    'Ce dossier a été modifié entre-temps (depuis un autre appareil, ou par un responsable) : votre saisie n’a pas été enregistrée.',
    reason ??
      'Elle est conservée ci-dessous : vérifiez-la au regard du dossier à jour (lien « Dossier » ci-dessus), puis enregistrez de nouveau.',
  );
}

/** Sends the form's body; shows what the answer says, or goes back to the file. */
async function submit(id, formElement, context, problemSlot) {
  const { ctx, measure, form, today } = context;
  const { ui } = ctx;
  ui.clearErrors(formElement);
  problemSlot.replaceChildren();
  const body = forms[id].body(ui.readForm(formElement), formElement);
  const problems = checkWrite(id, body, { measure, form, today, formatDate: ui.formatDate });
  if (problems.length > 0) return ui.showErrors(formElement, clientError(problems));
  const button = formElement.querySelector('button[type="submit"]');
  button.disabled = true;
  let answer;
  try {
    answer = await ctx.api.post(
      `/measures/${encodeURIComponent(measure.id)}/${writes[id].endpoint}`,
      { ...body, version: measure.version },
      { idempotencyKey: context.idempotencyKey },
    );
  } catch (error) {
    answer = error;
  } finally {
    button.disabled = false;
  }
  if (answer?.ok) {
    confirmOnFile(measure.id, writes[id].confirmation);
    return ctx.navigate(`/mesures/${measure.id}`);
  }
  if (answer?.status === 422) return ui.showErrors(formElement, answer.body);
  const notice = answer?.status === 409 ? await keptAfterConflict(id, context) : ui.notice('error', ui.errorMessage(answer));
  notice.tabIndex = -1;
  problemSlot.replaceChildren(notice);
  notice.focus();
}

/** The page of one write. */
function writePage(id) {
  const write = writes[id];
  /** @type {import('../../shell.js').Page} */
  return {
    path: `/mesures/:id/${write.segment}`,
    title: write.title,
    groups: ['worker', 'manager'],
    menu: measureMenu,
    async render(main, ctx) {
      const { ui } = ctx;
      const loaded = await loadMeasureInto(main, ctx);
      if (!loaded) return;
      const { measure, form } = loaded;
      ui.heading(main, write.title);
      const fileLink = ui.h(
        'a',
        { href: ctx.href(`/mesures/${measure.id}`) },
        `${householdName(measure)} — ${measure.reference}`,
      );
      main.append(ui.h('p', { class: 'back-link' }, 'Dossier : ', fileLink));
      const reason = unavailable(id, measure, form);
      if (reason) return void main.append(ui.notice('info', reason));
      // One key for this fill: a retry after a lost answer is recognised, a fresh page is a new write.
      /** @type {FormContext} */
      const context = { measure, form, ctx, today: ui.today(), idempotencyKey: crypto.randomUUID() };
      if (forms[id].intro) main.append(ui.notice('info', forms[id].intro(context)));
      const problemSlot = ui.h('div', { class: 'form-problem' });
      const formElement = ui.h(
        'form',
        { class: 'write-form', novalidate: true },
        forms[id].fields(context),
        ui.h(
          'div',
          { class: 'actions' },
          ui.h('button', { type: 'submit', class: 'button' }, 'Enregistrer'),
          ui.h('a', { href: ctx.href(`/mesures/${measure.id}`), class: 'button button--secondary' }, 'Annuler'),
        ),
      );
      formElement.addEventListener('submit', (event) => {
        event.preventDefault();
        void submit(id, formElement, context, problemSlot);
      });
      main.append(problemSlot, formElement);
    },
  };
}

export const writePages = Object.keys(writes).map(writePage);
