import * as z from 'zod/mini';

/**
 * Field schemas every body shares. Whatever they accept is something DynamoDB stores as sent and a
 * person can read back: no lone surrogates, no control characters, no text made only of invisible
 * characters, no number DynamoDB would refuse (subnormals, over 38 digits) or a euro amount with
 * fractions of a cent.
 */

/** C0 and C1 controls, DEL included; tab and line breaks are allowed only in multi-line texts. */
const controlsOnOneLine = /\p{Cc}/u;
// eslint-disable-next-line no-control-regex -- matching controls is the point
const controlsInParagraphs = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * What renders as nothing: format characters (joiners, bidi marks, BOM), separators and spaces,
 * combining grapheme joiner, variation selectors, Hangul and braille blanks.
 */
// eslint-disable-next-line no-misleading-character-class -- lone combining marks are what is matched
const invisible = /[\p{Cf}\p{Z}\s\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0]/gu;

export function isVisibleText(value: string): boolean {
  return value.replace(invisible, '').length > 0;
}

interface TextOptions {
  max: number;
  /** Tabs and line breaks allowed (messages, notes). */
  multiLine?: boolean;
  /** '' (or only spaces) accepted, as an optional field left blank. */
  allowEmpty?: boolean;
  maxMessage?: string;
}

/** A text a person typed: NFC, trimmed, well formed, without controls, visible, at most `max` characters. */
export function text(options: TextOptions) {
  const controls = options.multiLine ? controlsInParagraphs : controlsOnOneLine;
  return z.string().check(
    z.refine((value) => value.isWellFormed(), {
      error: 'Ce texte contient des caractères invalides (encodage incorrect).',
      abort: true,
    }),
    z.refine((value) => !controls.test(value), {
      error: options.multiLine
        ? 'Ce texte contient des caractères de contrôle non admis.'
        : 'Ce texte contient des caractères de contrôle ou des retours à la ligne non admis.',
      abort: true,
    }),
    z.normalize('NFC'),
    z.trim(),
    z.refine((value) => (options.allowEmpty && value === '') || isVisibleText(value), {
      error: (issue) =>
        (issue.input as string) === ''
          ? 'Ce champ ne peut pas être vide.'
          : 'Ce champ ne contient que des caractères invisibles.',
      abort: true,
    }),
    // Never fails after the check above; it tells the form's JSON Schema that the field needs text.
    z.minLength(options.allowEmpty ? 0 : 1),
    z.maxLength(options.max, { error: options.maxMessage ?? `Au plus ${options.max} caractères.` }),
  );
}

/** An optional text: absent, or blank, or a text as above. */
export function optionalText(options: Omit<TextOptions, 'allowEmpty'>) {
  return z.optional(text({ ...options, allowEmpty: true }));
}

/** Largest amount in euros the forms accept: far above any rent or arrears, far below DynamoDB's limits. */
export const maxAmountEuros = 1_000_000;

/** An amount in euros: 0 to 1,000,000, at most two decimals; −0 is stored as 0. */
export const euros = z
  .number({ error: (issue) => (issue.input === undefined ? undefined : 'Le montant doit être un nombre.') })
  .check(
    z.minimum(0, { error: 'Le montant ne peut pas être négatif.', abort: true }),
    z.maximum(maxAmountEuros, { error: 'Montant trop élevé (au plus 1 000 000 €).', abort: true }),
    z.refine((value) => Math.round(value * 100) / 100 === value, {
      error: 'Un montant en euros compte au plus deux décimales (les centimes).',
    }),
    z.overwrite((value) => (value === 0 ? 0 : value)),
  );

/** A whole count between `min` and `max`; −0 is stored as 0. */
export function wholeNumber(min: number, max: number, messages: { type: string; min: string; max: string }) {
  return z.int({ error: (issue) => (issue.input === undefined ? undefined : messages.type) }).check(
    z.minimum(min, { error: messages.min }),
    z.maximum(max, { error: messages.max }),
    z.overwrite((value) => (value === 0 ? 0 : value)),
  );
}

/** The `version` a client read, on every measure write: the store compares it (stale → 409); the domain ignores it. */
export const versionField = z.optional(
  z
    .int({ error: (issue) => (issue.input === undefined ? undefined : 'La version est un nombre entier.') })
    .check(z.positive({ error: 'La version est un nombre entier positif.' })),
);
