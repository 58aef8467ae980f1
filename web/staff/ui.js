/**
 * The helpers every staff page builds with (contract: web-shell-contract.md, "ctx.ui"). Pages
 * create their DOM through `h`, never through innerHTML: data from the API is always text.
 */

/** Appends children (strings become text nodes; null, undefined and false are skipped; arrays are flattened). */
function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.append(child);
    else element.append(document.createTextNode(String(child)));
  }
  return element;
}

/**
 * `h('a', { href: '#/taches', class: 'link' }, 'Mes tâches')`. Attributes: `class`, `for`, `on<event>`
 * (a function: an event listener), `dataset` (an object), booleans (present when true), anything
 * else as an attribute; null and undefined leave the attribute out.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'value' && 'value' in element) element.value = String(value);
    else if (name === 'checked' || name === 'selected') element[name] = Boolean(value);
    else element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  return append(element, children);
}

const parisZone = 'Europe/Paris';
const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: parisZone,
});
const parisDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: parisZone });

function utcDate(date) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date ?? ''));
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
}

/** `formatDate('2026-03-05')` → « 5 mars 2026 » (« 1er » on the first of the month); '' when not a date. */
export function formatDate(date) {
  const day = utcDate(date);
  if (!day) return '';
  const text = dateFormat.format(day);
  return day.getUTCDate() === 1 ? text.replace(/^1 /, '1er ') : text;
}

/** An instant (ISO 8601) as a person in France reads it: « 5 mars 2026 à 14:05 ». */
export function formatDateTime(iso) {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  return dateTimeFormat.format(instant).replace(/^1 /, '1er ');
}

/** Today's date in France, `YYYY-MM-DD` (business dates are Paris dates). */
export function today(now = new Date()) {
  return parisDay.format(now);
}

/** Days from today (in France) to `date`: 0 today, 1 tomorrow, negative when past; null when not a date. */
export function daysUntil(date, now = new Date()) {
  const target = utcDate(date);
  const from = utcDate(today(now));
  if (!target || !from) return null;
  return Math.round((target.getTime() - from.getTime()) / 86_400_000);
}

/** « dans 8 jours », « demain », « aujourd’hui », « hier », « il y a 3 jours ». */
export function relativeDays(date, now = new Date()) {
  const days = daysUntil(date, now);
  if (days === null) return '';
  if (days === 0) return 'aujourd’hui';
  if (days === 1) return 'demain';
  if (days === -1) return 'hier';
  return days > 0 ? `dans ${days} jours` : `il y a ${-days} jours`;
}

/** The page's one h1; it takes the focus, so that a screen reader starts reading the new page there. */
export function heading(main, text) {
  const title = h('h1', { tabindex: '-1', class: 'page-title' }, text);
  main.append(title);
  title.focus({ preventScroll: false });
  return title;
}

const noticeRoles = { error: 'alert', warning: 'status', success: 'status', info: null };

/** A coloured box: kind ∈ info, success, warning, error; `content` is text or nodes. */
export function notice(kind, ...content) {
  const role = noticeRoles[kind] ?? null;
  return h(
    'div',
    { class: `notice notice--${kind}`, role },
    ...content.map((part) => (typeof part === 'string' ? h('p', {}, part) : part)),
  );
}

const nameCollator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** Two names in the order a French reader sorts them: accents and case aside, « Exemple 2 » before « Exemple 10 ». */
export const compareNames = (a, b) => nameCollator.compare(a, b);

/** A copy of `items` sorted by their `name` (`compareNames`). */
export const byName = (items) => [...items].sort((a, b) => compareNames(a.name, b.name));

export function emptyState(text) {
  return h('p', { class: 'empty-state' }, text);
}

/** Empties `main` and says that the page is loading. */
export function loading(main) {
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Chargement…'));
  main.setAttribute('aria-busy', 'true');
  const done = new MutationObserver(() => {
    if (!main.querySelector(':scope > .loading')) {
      main.removeAttribute('aria-busy');
      done.disconnect();
    }
  });
  done.observe(main, { childList: true });
}

/** What went wrong with an API answer (or a failed fetch), in French, for the person who asked. */
export function errorMessage(result) {
  if (result instanceof Error || !result || typeof result.status !== 'number') {
    return 'Le service ne répond pas. Vérifiez votre connexion à internet, puis réessayez dans quelques instants.';
  }
  const message = result.body?.error?.message;
  switch (result.status) {
    case 401:
      return 'Votre session a expiré : reconnectez-vous.';
    case 403:
      return message ?? 'Vous n’avez pas accès à cette page ou à ce dossier.';
    case 404:
      return message ?? 'Ce dossier est introuvable : l’adresse est peut-être incomplète, ou il a été supprimé.';
    case 429:
      return 'Trop de demandes en peu de temps : patientez quelques secondes, puis réessayez.';
    case 503:
      return 'Le service est momentanément indisponible. Réessayez dans quelques instants.';
    default:
      if (message) return message;
      return result.status >= 500
        ? 'Le service a rencontré un problème. Réessayez dans quelques instants ; si cela persiste, prévenez l’administrateur.'
        : `La demande a été refusée (code ${result.status}).`;
  }
}

/**
 * Whether asking again may succeed: no answer at all, a timeout, throttling, a server in trouble.
 * Not a 404, a 403, a 4xx refusal: the same request gets the same answer.
 */
export function retryable(result) {
  if (result instanceof Error || !result || typeof result.status !== 'number') return true;
  return result.status === 408 || result.status === 429 || result.status >= 500;
}

/**
 * Shows why a page could not load: keeps the page's h1 if it has one (else adds one), replaces the
 * rest by the message and, when asking again may help (`retryable`), a button to try again.
 */
export function loadError(main, result) {
  const title = main.querySelector('h1');
  main.replaceChildren();
  if (title) main.append(title);
  else heading(main, result?.status === 404 ? 'Dossier introuvable' : 'Cette page n’a pas pu être affichée');
  main.append(notice('error', errorMessage(result)));
  if (!retryable(result)) {
    // The same request would get the same answer: a way back instead of « Réessayer » (`#/` is one's landing page).
    main.append(h('p', {}, h('a', { href: '#/' }, 'Revenir à l’accueil')));
    return;
  }
  main.append(
    h(
      'p',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'button button--secondary',
          onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')),
        },
        'Réessayer',
      ),
    ),
  );
}

/**
 * The « Afficher plus » button of a paginated list. `onMore` loads the next page and resolves to
 * true while there is still more (the button stays), false at the end (the button goes).
 */
export function moreButton(onMore) {
  const button = h('button', { type: 'button', class: 'button button--secondary' }, 'Afficher plus');
  const wrapper = h('p', { class: 'more' }, button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Chargement…';
    let more;
    try {
      more = Boolean(await onMore());
    } catch {
      // The page said what went wrong; the button stays to try again.
      more = true;
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = 'Afficher plus';
    }
    if (!more) {
      wrapper.remove();
      announce('Tous les éléments sont affichés.');
    } else {
      button.focus();
      announce('Éléments suivants affichés.');
    }
  });
  return wrapper;
}

/**
 * The rest of a paginated list (API.md: `{items, nextCursor}`): an « Afficher plus » button while
 * there is a `nextCursor`, or null. `load(cursor)` fetches the next page (`ctx.api.get(…, {cursor})`),
 * `show(items)` appends its items; a failed page shows its message before the button, which stays.
 */
export function nextPages({ nextCursor, load, show }) {
  if (!nextCursor) return null;
  let cursor = nextCursor;
  const button = moreButton(async () => {
    const next = await load(cursor).catch((error) => error);
    button.querySelector('.notice')?.remove();
    if (!next.ok) {
      button.prepend(notice('error', errorMessage(next)));
      return true;
    }
    show(next.body.items);
    cursor = next.body.nextCursor;
    return Boolean(cursor);
  });
  return button;
}

let fieldCounter = 0;
/** An id for a field, from its name (`objectives.0.text` → `champ-objectives-0-text`), unique in the document. */
function fieldId(name) {
  fieldCounter += 1;
  return `champ-${String(name).replace(/[^A-Za-z0-9_-]+/g, '-')}-${fieldCounter}`;
}

function hintAndError(id, hint) {
  const hintElement = hint ? h('p', { class: 'field-hint', id: `${id}-aide` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${id}-erreur`, hidden: true });
  return { hintElement, error, describedBy: hint ? `${id}-aide` : null };
}

const requiredMark = (required) => (required ? h('span', { class: 'required' }, ' (obligatoire)') : null);

/**
 * A labelled control in its wrapper (label, hint, error slot that `showErrors` fills);
 * `control(id, describedBy)` builds the control itself.
 */
function labelled({ name, label, hint, required }, control) {
  const id = fieldId(name);
  const { hintElement, error, describedBy } = hintAndError(id, hint);
  return h(
    'div',
    { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label, requiredMark(required)),
    hintElement,
    error,
    control(id, describedBy),
  );
}

/**
 * A labelled input: `type` text (default), email, number, date, tel, textarea…; `attrs` passes
 * more attributes (min, max, step, maxlength, autocomplete, inputmode, rows).
 */
export function field({ name, label, type = 'text', hint, required = false, value, attrs = {} }) {
  return labelled({ name, label, hint, required }, (id, describedBy) =>
    type === 'textarea'
      ? h('textarea', { id, name, required, 'aria-describedby': describedBy, rows: '4', ...attrs }, value ?? '')
      : h('input', { id, name, type, required, 'aria-describedby': describedBy, value: value ?? null, ...attrs }),
  );
}

/** A labelled list; `placeholder` (default « Choisissez dans la liste ») is an empty first choice, `null` for none. */
export function selectField({
  name,
  label,
  options,
  hint,
  required = false,
  value,
  placeholder = 'Choisissez dans la liste',
  attrs = {},
}) {
  return labelled({ name, label, hint, required }, (id, describedBy) =>
    h(
      'select',
      { id, name, required, 'aria-describedby': describedBy, ...attrs },
      placeholder === null ? null : h('option', { value: '' }, placeholder),
      options.map((option) =>
        h('option', { value: option.value, selected: String(option.value) === String(value ?? '') }, option.label),
      ),
    ),
  );
}

function choiceGroup(type, { name, legend, options, hint, required = false, value, values }) {
  const id = fieldId(name);
  const { hintElement, error, describedBy } = hintAndError(id, hint);
  const chosen = new Set((values ?? (value === undefined || value === null ? [] : [value])).map(String));
  const choices = options.map((option, index) => {
    const choiceId = `${id}-${index}`;
    return h(
      'div',
      { class: 'choice' },
      h('input', {
        type,
        id: choiceId,
        name,
        value: option.value,
        checked: chosen.has(String(option.value)),
        required: type === 'radio' && required,
      }),
      h('label', { for: choiceId }, option.label),
    );
  });
  return h(
    'fieldset',
    {
      class: 'field fieldset',
      dataset: { field: name, multiple: type === 'checkbox' ? 'true' : null },
      'aria-describedby': describedBy,
    },
    h('legend', {}, legend, requiredMark(required)),
    hintElement,
    error,
    h('div', { class: 'choices' }, choices),
  );
}

/** A fieldset of checkboxes sharing `name`: `readForm` gives the checked values as an array. */
export function checkboxes(options) {
  return choiceGroup('checkbox', options);
}

/** A fieldset of radio buttons sharing `name`: `readForm` gives the checked value (absent when none). */
export function radios(options) {
  return choiceGroup('radio', options);
}

export function fieldset(legend, ...children) {
  return h('fieldset', { class: 'fieldset' }, h('legend', {}, legend), ...children);
}

function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  keys.forEach((key, index) => {
    const last = index === keys.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(keys[index + 1]);
    const slot = /^\d+$/.test(key) ? Number(key) : key;
    if (last) node[slot] = value;
    else {
      node[slot] ??= nextIsIndex ? [] : {};
      node = node[slot];
    }
  });
}

/**
 * The form's values as a JSON body: names with dots nest (`household.adults`, `objectives.0.text`);
 * an empty text is left out; number inputs give numbers; checkbox groups give arrays, a lone
 * checkbox a boolean; radios the checked value.
 */
export function readForm(form) {
  const body = {};
  const seen = new Set();
  for (const element of form.elements) {
    const { name } = element;
    if (!name || element.disabled || seen.has(name) || element.type === 'submit' || element.type === 'button') continue;
    if (element.type === 'checkbox') {
      if (element.closest('[data-multiple="true"]')) {
        seen.add(name);
        const checked = [...form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(name)}"]`)].filter(
          (box) => box.checked,
        );
        setPath(
          body,
          name,
          checked.map((box) => box.value),
        );
      } else setPath(body, name, element.checked);
      continue;
    }
    if (element.type === 'radio') {
      seen.add(name);
      const checked = form.querySelector(`input[type="radio"][name="${CSS.escape(name)}"]:checked`);
      if (checked) setPath(body, name, checked.value);
      continue;
    }
    const text = element.value.trim();
    if (text === '') continue;
    if (element.type === 'number') {
      const number = Number(text.replace(',', '.'));
      setPath(body, name, Number.isFinite(number) ? number : text);
    } else setPath(body, name, text);
  }
  return body;
}

function summaryOf(form) {
  let summary = form.querySelector(':scope > .error-summary');
  if (!summary) {
    summary = h(
      'div',
      { class: 'error-summary', tabindex: '-1', role: 'alert', 'aria-labelledby': fieldId('resume-erreurs') },
      h('h2', { class: 'error-summary__title' }, 'Il y a un problème'),
      h('ul', { class: 'error-summary__list' }),
    );
    summary.querySelector('h2').id = summary.getAttribute('aria-labelledby');
    form.prepend(summary);
  }
  return summary;
}

/** Removes every message `showErrors` put in the form. */
export function clearErrors(form) {
  form.querySelector(':scope > .error-summary')?.remove();
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.hidden = true;
  }
  for (const wrapper of form.querySelectorAll('.field--error')) wrapper.classList.remove('field--error');
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-erreur'));
    if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/** The wrapper of the field an API path names, or of its closest parent (`objectives.0` for `objectives.0.text`). */
function wrapperFor(form, path) {
  const parts = String(path ?? '').split('.');
  while (parts.length > 0) {
    const name = parts.join('.');
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (wrapper) return wrapper;
    parts.pop();
  }
  return null;
}

/**
 * Puts the API's messages (`details[].message` by `path`) beside their fields and in the error
 * summary at the top of the form, which takes the focus. A message for no field shows in the summary.
 */
export function showErrors(form, apiErrorBody) {
  clearErrors(form);
  const error = apiErrorBody?.error ?? {};
  const details =
    Array.isArray(error.details) && error.details.length > 0
      ? error.details
      : [{ path: '', message: error.message ?? 'La demande a été refusée.' }];
  const summary = summaryOf(form);
  const list = summary.querySelector('ul');
  for (const detail of details) {
    const wrapper = wrapperFor(form, detail.path);
    if (!wrapper) {
      list.append(h('li', {}, detail.message));
      continue;
    }
    const slot = wrapper.querySelector('.field-error');
    slot.textContent = slot.textContent ? `${slot.textContent} ${detail.message}` : detail.message;
    slot.hidden = false;
    wrapper.classList.add('field--error');
    const control = wrapper.matches('fieldset')
      ? wrapper.querySelector('input, select, textarea')
      : wrapper.querySelector('input, select, textarea');
    const invalid = wrapper.matches('fieldset') ? wrapper : control;
    if (invalid) {
      if (invalid !== wrapper) invalid.setAttribute('aria-invalid', 'true');
      const describedBy = new Set((invalid.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      describedBy.add(slot.id);
      invalid.setAttribute('aria-describedby', [...describedBy].join(' '));
    }
    const link = h('a', { href: `#${control?.id ?? ''}` }, detail.message);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      control?.focus();
      control?.scrollIntoView({ block: 'center' });
    });
    list.append(h('li', {}, link));
  }
  summary.focus();
}

/** For a 409 on a stale `version`: what happened and a button to reload the page. */
export function conflictNotice() {
  return notice(
    'warning',
    'Ce dossier a été modifié entre-temps : rechargez la page pour voir la dernière version.',
    h('p', {}, h('button', { type: 'button', class: 'button', onclick: () => window.location.reload() }, 'Recharger la page')),
  );
}

/** Says `text` to screen readers (a polite live region of the shell). */
export function announce(text) {
  const region = document.getElementById('annonces');
  if (!region) return;
  region.textContent = '';
  // A new text in the next frame: the same message twice is read twice.
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}
