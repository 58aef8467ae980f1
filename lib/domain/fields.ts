import * as z from 'zod/mini';
import { isCalendarDate } from './dates.js';
import { rule } from './validation.js';

/**
 * Field schemas every body shares. Whatever they accept is something DynamoDB stores as sent and a
 * person can read back: no lone surrogates, no replacement character (bytes that were not UTF-8), no
 * control characters, no bidi embedding, override or isolate, no text made only of invisible
 * characters, no number DynamoDB would refuse (subnormals, over 38 digits) or a euro amount with
 * fractions of a cent.
 */

/**
 * C0 and C1 controls, DEL included (general category Cc, which Unicode never extends; written as
 * ranges, cheaper to build than `\p{Cc}`); tab and line breaks are allowed only in multi-line texts,
 * the line and paragraph separators U+2028 and U+2029 (line breaks to Unicode, JSON and JavaScript) too.
 */
// eslint-disable-next-line no-control-regex -- matching controls is the point
const controlsOnOneLine = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex -- matching controls is the point
const controlsInParagraphs = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * Bidi embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI): they reverse
 * what follows them wherever the text is shown, up to the end of the line ("Trojan Source":
 * "Martin\u202eXYZ" reads "MartinZYX"; a file name's extension can be made to look like another).
 * The marks LRM and RLM (U+200E, U+200F), which only set a neutral character's direction, and the
 * joiners some scripts and emoji need stay accepted.
 */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * What renders as nothing: format characters (joiners, bidi marks, BOM), separators and spaces,
 * combining grapheme joiner, variation selectors, Hangul and braille blanks.
 */
// eslint-disable-next-line no-misleading-character-class -- lone combining marks are what is matched
const invisible = /[\p{Cf}\p{Z}\s\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0]/gu;

export function isVisibleText(value: string): boolean {
  return value.replace(invisible, '').length > 0;
}

const replacementMessage =
  'Ce texte contient des caractères illisibles (« \ufffd ») : il n’a pas été envoyé en UTF-8. Saisissez-le à nouveau.';

interface TextOptions {
  max: number;
  /** Tabs and line breaks allowed (messages, notes). */
  multiLine?: boolean;
  /** '' (or only spaces) accepted, as an optional field left blank. */
  allowEmpty?: boolean;
  maxMessage?: string;
  /** What to say when the field is absent or blank (a choice left unmade), instead of the generic words. */
  missingMessage?: string;
}

/**
 * What is wrong with a text as typed (ill formed, controls, bidi overrides, nothing visible once trimmed), in
 * French; otherwise the text as stored: NFC, trimmed.
 */
function typedText(value: string, options: TextOptions): { problem: string } | { text: string } {
  if (!value.isWellFormed()) return { problem: 'Ce texte contient des caractères invalides (encodage incorrect).' };
  // U+FFFD is what bytes that were not UTF-8 became on the way (API Gateway and the local gateway
  // both decode leniently): what the person typed is already lost, so it is refused, not stored.
  if (value.includes('\ufffd')) return { problem: replacementMessage };
  if (options.multiLine ? controlsInParagraphs.test(value) : controlsOnOneLine.test(value)) {
    return {
      problem: options.multiLine
        ? 'Ce texte contient des caractères de contrôle non admis.'
        : 'Ce texte contient des caractères de contrôle ou des retours à la ligne non admis.',
    };
  }
  if (bidiControls.test(value))
    return { problem: 'Ce texte contient des caractères qui inversent le sens d’écriture, non admis.' };
  const trimmed = value.normalize('NFC').trim();
  if (trimmed === '')
    return options.allowEmpty ? { text: trimmed } : { problem: options.missingMessage ?? 'Ce champ ne peut pas être vide.' };
  return isVisibleText(trimmed) ? { text: trimmed } : { problem: 'Ce champ ne contient que des caractères invisibles.' };
}

/** The schema option that says `message` for a field left out (other issues keep their own words). */
const whenMissing = (message: string | undefined) =>
  message ? { error: (issue: { input?: unknown }) => (issue.input === undefined ? message : undefined) } : {};

/**
 * A text a person typed: NFC, trimmed, well formed, without controls or bidi overrides, visible, at most `max` characters.
 * One check function for all but the length, rather than a `refine` (a whole schema) per rule and an
 * overwrite per rewrite: that is what a function's cold start builds. It stops at the first problem
 * (`continue: false`), so the length is not judged on a text already refused. The checks go to
 * `z.string()` itself: `.check()` would build the string schema a second time.
 */
export function text(options: TextOptions) {
  return z.string({
    ...whenMissing(options.missingMessage),
    checks: [
      z.check<string>((payload) => {
        const typed = typedText(payload.value, options);
        if ('text' in typed) payload.value = typed.text;
        else payload.issues.push({ code: 'custom', message: typed.problem, input: payload.value, continue: false });
      }),
      // Never fails after the check above; it tells the form's JSON Schema that the field needs text.
      z.minLength(options.allowEmpty ? 0 : 1),
      z.maxLength(options.max, { error: options.maxMessage ?? `Au plus ${options.max} caractères.` }),
    ],
  });
}

/** An optional text: absent, or blank, or a text as above. */
export function optionalText(options: Omit<TextOptions, 'allowEmpty'>) {
  return z.optional(text({ ...options, allowEmpty: true }));
}

/** Largest amount in euros the forms accept: far above any rent or arrears, far below DynamoDB's limits. */
export const maxAmountEuros = 1_000_000;

/**
 * An amount in euros: 0 to 1,000,000, at most two decimals; −0 is stored as 0. A function, as
 * `versionField` below: only a body that has one builds it.
 */
export function euros() {
  return z.number({ error: (issue) => (issue.input === undefined ? undefined : 'Le montant doit être un nombre.') }).check(
    z.minimum(0, { error: 'Le montant ne peut pas être négatif.', abort: true }),
    z.maximum(maxAmountEuros, { error: 'Montant trop élevé (au plus 1 000 000 €).', abort: true }),
    rule<number>(
      (value) => Math.round(value * 100) / 100 === value,
      'Un montant en euros compte au plus deux décimales (les centimes).',
    ),
    z.overwrite((value) => (value === 0 ? 0 : value)),
  );
}

/** A whole count between `min` and `max`; −0 is stored as 0. */
export function wholeNumber(min: number, max: number, messages: { type: string; min: string; max: string }) {
  return z.int({ error: (issue) => (issue.input === undefined ? undefined : messages.type) }).check(
    z.minimum(min, { error: messages.min }),
    z.maximum(max, { error: messages.max }),
    z.overwrite((value) => (value === 0 ? 0 : value)),
  );
}

/** The `version` a client read, on every measure write: the store compares it (stale → 409); the domain ignores it. */
export function versionField() {
  return z.optional(
    z
      .int({ error: (issue) => (issue.input === undefined ? undefined : 'La version est un nombre entier.') })
      .check(z.positive({ error: 'La version est un nombre entier positif.' })),
  );
}

/**
 * A business date (Europe/Paris), YYYY-MM-DD; `missingMessage`, when given, says which date is
 * missing. Here rather than in dates.ts, which the jobs read without any schema: they bundle no zod.
 */
export function businessDate(missingMessage?: string) {
  return z.string({
    ...whenMissing(missingMessage),
    checks: [z.check(rule(isCalendarDate, 'Date invalide : format attendu AAAA-MM-JJ.'))],
  });
}
