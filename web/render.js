/**
 * Fills the page's form from the form description of `GET /referral-form`: every list of choices,
 * the "obligatoire" marks and the figures of the hints come from there, never from this file.
 */
import { fillFigures, isRequired, schemaAt } from './form-model.js';

const idOf = (path) => path.replaceAll('.', '-');

function element(name, attributes = {}, text = '') {
  const created = document.createElement(name);
  for (const [attribute, value] of Object.entries(attributes)) created.setAttribute(attribute, value);
  if (text) created.textContent = text;
  return created;
}

/** The choices of a vocabulary, in the order the API gives them. */
function choicesOf(description, vocabulary) {
  const labels = description.labels[vocabulary] ?? {};
  // Referrers: only those the department allows, in the order its policy lists them.
  if (vocabulary === 'referrerKinds') return description.allowedReferrerKinds.map((code) => [code, labels[code] ?? code]);
  return Object.entries(labels);
}

function fillSelect(select, choices, required) {
  select.replaceChildren();
  if (choices.length === 1 && required) {
    // A single possible answer is given, not asked.
    const [code, label] = choices[0];
    const option = new Option(label, code, true, true);
    select.append(option);
    return;
  }
  select.append(new Option(required ? 'Choisissez dans la liste' : 'Non renseigné', '', true, true));
  for (const [code, label] of choices) select.append(new Option(label, code));
}

function choice(type, name, id, value, label) {
  const wrapper = element('div', { class: 'choice' });
  wrapper.append(element('input', { type, id, name, value }), element('label', { for: id }, label));
  return wrapper;
}

function fillChoices(container, group, choices) {
  const path = group.dataset.field;
  const type = container.dataset.choice === 'checkbox' ? 'checkbox' : 'radio';
  container.replaceChildren(...choices.map(([code, label]) => choice(type, path, `${idOf(path)}-${code}`, code, label)));
}

const yesNo = [
  ['true', 'Oui'],
  ['false', 'Non'],
];

function markRequired(group) {
  const caption = group.tagName === 'FIELDSET' ? group.querySelector('legend') : group.querySelector('label');
  if (!caption || caption.querySelector('.required')) return;
  caption.append(element('span', { class: 'required' }, ' (obligatoire)'));
}

/** Who may refer, in one sentence of the introduction. */
function whoMayReferText(description) {
  const allowed = description.allowedReferrerKinds;
  if (allowed.includes('household')) {
    return 'Vous pouvez faire cette demande pour vous-même, ou pour un ménage que vous accompagnez si vous êtes un professionnel ou un partenaire.';
  }
  const names = allowed.map((code) => description.labels.referrerKinds?.[code] ?? code);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ou ${names.at(-1)}` : names[0];
  const whom = names.length > 1 ? 'à l’un d’eux' : 'à lui';
  return `Dans ce département, la demande est faite par un professionnel : ${list}. Si vous souhaitez un accompagnement, adressez-vous ${whom} : il fera la demande avec vous.`;
}

export function renderForm(form, description) {
  const { schema } = description;

  for (const group of form.querySelectorAll('[data-field]')) {
    const path = group.dataset.field;
    const node = schemaAt(schema, path);
    const required = isRequired(schema, path);

    const select = group.querySelector('select[data-options]');
    if (select) fillSelect(select, choicesOf(description, select.dataset.options), required);

    const container = group.querySelector('.choices');
    if (container) {
      const choices = container.dataset.choice === 'yes-no' ? yesNo : choicesOf(description, container.dataset.options);
      fillChoices(container, group, choices);
    }

    for (const hint of group.querySelectorAll('[data-hint-range]')) hint.textContent = fillFigures(hint.textContent, node);
    if (required) markRequired(group);
  }

  const messageLimit = form.querySelector('#message-limit');
  if (messageLimit) messageLimit.textContent = fillFigures(messageLimit.textContent, schemaAt(schema, 'message'));
}

export function renderIntroduction(description) {
  document.getElementById('who-may-refer').textContent = whoMayReferText(description);
  // A tripartite contract: whoever refers signs it too (a household never refers itself there).
  if (description.policy?.tripartiteContract)
    document.getElementById('contract-signatories').textContent =
      'que signent le ménage, le travailleur social et vous, qui faites la demande (convention tripartite)';
  if (description.policy?.label) {
    const policyLabel = document.getElementById('policy-label');
    policyLabel.textContent = description.policy.label;
    policyLabel.hidden = false;
  }
}

/**
 * Shows a part only while another answer calls for it: `data-shown-when="<field name> <value> <value>…"`
 * (the landlord's type only for a tenant or subtenant). A hidden part is not sent (`visibleGroups`).
 */
export function applyConditions(form) {
  for (const part of form.querySelectorAll('[data-shown-when]')) {
    const [name, ...values] = part.dataset.shownWhen.split(' ');
    part.hidden = !values.includes(form.elements.namedItem(name)?.value ?? '');
  }
}

/**
 * Parts of the form that depend on who refers: a household referring itself has no organisation,
 * and its own details are the household's, which the browser may fill in (WCAG 1.3.5); a partner's
 * saved name and address must not land in the household's fields.
 */
export function applyReferrerKind(form) {
  const kind = form.querySelector('#referrer-kind')?.value;
  const selfReferral = kind === 'household';
  for (const part of form.querySelectorAll('.only-self')) part.hidden = !selfReferral;
  for (const part of form.querySelectorAll('.only-partner')) part.hidden = selfReferral;
  for (const control of form.querySelectorAll('[data-self-autocomplete]'))
    control.setAttribute('autocomplete', selfReferral ? control.dataset.selfAutocomplete : 'off');
}
