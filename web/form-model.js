/**
 * From the page's fields to the referral body, and the client-side checks — both driven by the
 * JSON Schema that `GET /referral-form` serves, so that no rule is written here a second time.
 *
 * Every field sits in an element carrying `data-field="<path in the body>"` (for example
 * `household.address.postcode`); the element may carry the French messages of its checks:
 * `data-required`, `data-format`, `data-range`, `data-length` (with `{minimum}`, `{maximum}`,
 * `{maxLength}` taken from the schema).
 */

/** The schema of the value at `path`, or undefined when the schema does not describe it. */
export function schemaAt(schema, path) {
  let node = schema;
  for (const key of path.split('.')) node = node?.properties?.[key];
  return node;
}

/** Whether the body must carry a value at `path` (an array counts only if it needs an item). */
export function isRequired(schema, path) {
  let node = schema;
  for (const key of path.split('.')) {
    if (!node?.required?.includes(key)) return false;
    node = node.properties?.[key];
  }
  if (node?.type === 'array') return (node.minItems ?? 0) > 0;
  return node !== undefined;
}

/** The field groups a person can currently see (a group inside a hidden part is not sent). */
export function visibleGroups(form) {
  return [...form.querySelectorAll('[data-field]')].filter((group) => !group.closest('[hidden]'));
}

export function controlsOf(group) {
  return [...group.querySelectorAll('input, select, textarea')];
}

/**
 * `1 250,50` → 1250.5, `480 €` → 480; NaN when the text is not a plain number. At most two decimals
 * (the cents): `1.250` or `1,250` is a thousands separator as often as not, and read as 1.25 it
 * would send a debt a thousand times smaller than the one meant.
 */
export function parseNumber(text) {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '');
  return /^-?\d+([.,]\d{1,2})?$/.test(compact) ? Number(compact.replace(',', '.')) : Number.NaN;
}

function rawValue(group, node) {
  const controls = controlsOf(group);
  const first = controls[0];
  if (!first) return undefined;
  if (first.type === 'checkbox') {
    return node?.type === 'array' ? controls.filter((control) => control.checked).map((control) => control.value) : first.checked;
  }
  if (first.type === 'radio') return controls.find((control) => control.checked)?.value ?? '';
  // A number copied from a signature or a contact card often has non-breaking spaces, the API plain ones.
  return (first.type === 'tel' ? first.value.replace(/[\u00a0\u202f]/g, ' ') : first.value).trim();
}

/** The JSON value of one group: numbers as numbers, yes/no as booleans, an empty answer as undefined. */
function valueOf(group, schema) {
  const node = schemaAt(schema, group.dataset.field);
  const raw = rawValue(group, node);
  if (raw === undefined || Array.isArray(raw) || typeof raw === 'boolean') return raw;
  if (raw === '') return undefined;
  switch (node?.type) {
    case 'integer':
    case 'number':
      return parseNumber(raw);
    case 'boolean':
      return raw === 'true';
    default:
      return raw;
  }
}

function setAt(target, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  let node = target;
  for (const key of keys) node = node[key] ??= {};
  node[last] = value;
}

const patterns = new Map();

/** A schema pattern as a RegExp; null when this browser cannot read it (the server still checks). */
function patternOf(source) {
  if (!patterns.has(source)) {
    let compiled = null;
    for (const flags of ['u', '']) {
      try {
        compiled = new RegExp(source, flags);
        break;
      } catch {
        // try the next reading
      }
    }
    patterns.set(source, compiled);
  }
  return patterns.get(source);
}

/** Which check a value fails, if any: 'required', 'format', 'range' or 'length'. */
function failedCheck(value, node, required) {
  if (value === undefined) return required ? 'required' : null;
  if (!node) return null;
  if (node.const !== undefined && value !== node.const) return 'required';
  if (typeof value === 'number') {
    if (Number.isNaN(value) || (node.type === 'integer' && !Number.isInteger(value))) return 'format';
    if ((node.minimum !== undefined && value < node.minimum) || (node.maximum !== undefined && value > node.maximum))
      return 'range';
  }
  if (typeof value === 'string') {
    if (node.maxLength !== undefined && value.length > node.maxLength) return 'length';
    if (node.minLength !== undefined && value.length < node.minLength) return 'required';
    if (node.pattern && patternOf(node.pattern)?.test(value) === false) return 'format';
  }
  if (Array.isArray(value) && node.minItems !== undefined && value.length < node.minItems) return 'required';
  return null;
}

const fallbackMessages = {
  required: 'Ce champ est obligatoire.',
  format: 'Cette réponse n’a pas le format attendu.',
  range: 'Cette valeur doit être comprise entre {minimum} et {maximum}.',
  length: 'Cette réponse compte au plus {maxLength} caractères.',
};

/** Replaces `{minimum}`, `{maximum}`, `{maxLength}` with the schema's figures. */
export function fillFigures(text, node) {
  return text.replace(/\{(minimum|maximum|maxLength)\}/g, (whole, name) =>
    node?.[name] === undefined ? whole : Number(node[name]).toLocaleString('fr-FR'),
  );
}

/**
 * Reads the form: the body to send (empty optional answers left out) and the problems found,
 * as `[{path, message}]` in the order of the page, like the server's `details`.
 */
export function readForm(form, schema) {
  const body = {};
  const problems = [];
  for (const group of visibleGroups(form)) {
    const path = group.dataset.field;
    const node = schemaAt(schema, path);
    const value = valueOf(group, schema);
    const check = failedCheck(value, node, isRequired(schema, path));
    if (check) {
      const template = group.dataset[check] ?? fallbackMessages[check];
      problems.push({ path, message: fillFigures(template, node) });
    }
    if (value !== undefined) setAt(body, path, value);
  }
  return { body, problems };
}
