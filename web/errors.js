/**
 * Errors shown the way the GOV.UK error summary pattern does: a summary at the top that takes the
 * focus and links to each field, and the same message next to the field, tied to it with
 * aria-describedby and aria-invalid. Client checks and the server's 422 `details` use the same path.
 */
import { controlsOf, visibleGroups } from './form-model.js';

const errorIdOf = (group) => `${group.dataset.field.replaceAll('.', '-')}-error`;

/** The group a server path belongs to: the deepest group that holds it, or the first group under it. */
export function groupFor(form, path) {
  const groups = visibleGroups(form);
  let best = null;
  for (const group of groups) {
    const field = group.dataset.field;
    if ((path === field || path.startsWith(`${field}.`)) && (!best || field.length > best.dataset.field.length)) best = group;
  }
  if (best || !path) return best;
  return groups.find((group) => group.dataset.field.startsWith(`${path}.`)) ?? null;
}

/** The elements whose description must name the error: the fieldset of a group of choices, else the control. */
function describedElements(group) {
  return group.tagName === 'FIELDSET' ? [group] : controlsOf(group);
}

function addDescription(target, id) {
  const ids = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) target.setAttribute('aria-describedby', [...ids, id].join(' '));
}

function removeDescription(target, id) {
  const ids = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((known) => known && known !== id);
  if (ids.length > 0) target.setAttribute('aria-describedby', ids.join(' '));
  else target.removeAttribute('aria-describedby');
}

function markGroup(group, messages) {
  const errorId = errorIdOf(group);
  const message = document.createElement('p');
  message.className = 'error-message';
  message.id = errorId;
  const prefix = document.createElement('span');
  prefix.className = 'visually-hidden';
  prefix.textContent = 'Erreur :';
  message.append(prefix, ` ${messages.join(' ')}`);
  const control = group.querySelector('.field-control');
  if (control) control.before(message);
  else group.append(message);
  group.classList.add('form-group--error');
  for (const target of describedElements(group)) addDescription(target, errorId);
  for (const control of controlsOf(group)) control.setAttribute('aria-invalid', 'true');
}

export function clearErrors(form, summary) {
  for (const group of form.querySelectorAll('.form-group--error')) {
    const errorId = errorIdOf(group);
    group.classList.remove('form-group--error');
    for (const target of describedElements(group)) removeDescription(target, errorId);
    for (const control of controlsOf(group)) control.removeAttribute('aria-invalid');
  }
  for (const message of form.querySelectorAll('.error-message')) message.remove();
  summary.hidden = true;
  summary.querySelector('ul').replaceChildren();
}

function summaryLink(group, message) {
  const target = controlsOf(group)[0];
  const link = document.createElement('a');
  link.href = `#${target.id}`;
  link.textContent = message;
  // As in the GOV.UK pattern: focus the field and bring its question (label or legend) into view.
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const caption =
      group.tagName === 'FIELDSET' ? group.querySelector('legend') : group.querySelector(`label[for="${target.id}"]`);
    (caption ?? target).scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });
  return link;
}

/**
 * Shows `problems` ([{path, message}]) next to their fields and in the summary, then focuses the
 * summary. `title` heads the summary; `intro` (optional) says what happened in a sentence.
 */
export function showErrors(form, summary, { title, intro = '', problems }) {
  clearErrors(form, summary);
  const byGroup = new Map();
  const unplaced = [];
  for (const problem of problems) {
    const group = groupFor(form, problem.path ?? '');
    if (!group) {
      unplaced.push(problem.message);
      continue;
    }
    if (!byGroup.has(group)) byGroup.set(group, []);
    const messages = byGroup.get(group);
    if (!messages.includes(problem.message)) messages.push(problem.message);
  }

  const items = [];
  for (const message of unplaced) {
    const item = document.createElement('li');
    item.textContent = message;
    items.push(item);
  }
  // Page order, whatever the order of the answer.
  const ordered = visibleGroups(form).filter((group) => byGroup.has(group));
  for (const group of ordered) {
    const messages = byGroup.get(group);
    markGroup(group, messages);
    for (const message of messages) {
      const item = document.createElement('li');
      item.append(summaryLink(group, message));
      items.push(item);
    }
  }

  summary.querySelector('.error-summary__title').textContent = title;
  const introduction = summary.querySelector('#error-summary-intro');
  introduction.textContent = intro;
  introduction.hidden = !intro;
  const list = summary.querySelector('ul');
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
  summary.hidden = false;
  summary.focus();
}
