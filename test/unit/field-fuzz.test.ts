import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVisibleText } from '../../lib/domain/fields.js';
import { referralBodySchema } from '../../lib/domain/referral.js';
import { anyNumber, anyText, numberPaths, textPaths, valueAt, withValueAt } from '../support/arbitraries.js';
import { validReferral } from '../support/fixtures.js';

/** What DynamoDB stores as a number: 0, or a magnitude from 1e-130 to under 1e126, 38 digits at most. */
function dynamoDbStoresNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (value === 0) return !Object.is(value, -0);
  const magnitude = Math.abs(value);
  const digits = magnitude.toExponential().split('e')[0]!.replace('.', '').length;
  return magnitude >= 1e-130 && magnitude < 1e126 && digits <= 38;
}

const controls = /\p{Cc}/u;
/** Bidi embeddings, overrides and isolates: what reverses a text on display ("Trojan Source"). */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/u;
const bidiMessage = 'Ce texte contient des caractères qui inversent le sens d’écriture, non admis.';
// eslint-disable-next-line no-control-regex -- the controls a paragraph may not hold
const paragraphControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

describe('property: the referral schema accepts only values DynamoDB stores and a person can read', () => {
  it('keeps every accepted number storable, in euros with cents at most or as a whole count (5,000 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...numberPaths), anyNumber, (path, value) => {
        const result = referralBodySchema.safeParse(withValueAt(validReferral(), path, value));
        if (!result.success) {
          expect(result.error.issues[0]!.message).toMatch(/[a-zéèà]/);
          return;
        }
        const stored = valueAt(result.data, path) as number;
        expect(dynamoDbStoresNumber(stored), `${path.join('.')} = ${value}`).toBe(true);
        expect(Math.round(stored * 100) / 100).toBe(stored);
        expect(() => marshall(result.data, { removeUndefinedValues: true })).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps every accepted text well formed, free of controls and bidi overrides, NFC, trimmed and visible (5,000 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...textPaths), anyText, (path, value) => {
        const result = referralBodySchema.safeParse(withValueAt(validReferral(), path, value));
        if (!result.success) {
          const issue = result.error.issues[0]!;
          expect(issue.path.join('.')).toBe(path.join('.'));
          expect(issue.message).toMatch(/[a-zéèà]/);
          return;
        }
        const stored = valueAt(result.data, path) as string;
        expect(stored.isWellFormed()).toBe(true);
        expect(stored).not.toContain('\ufffd');
        expect((path[0] === 'message' ? paragraphControls : controls).test(stored)).toBe(false);
        expect(bidiControls.test(stored), JSON.stringify(stored)).toBe(false);
        expect(stored).toBe(stored.normalize('NFC').trim());
        if (stored !== '') expect(isVisibleText(stored)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['a subnormal rent', ['housing', 'monthlyRent'], 1e-200, 'Un montant en euros compte au plus deux décimales (les centimes).'],
    ['arrears beyond a million', ['housing', 'arrearsAmount'], 1e308, 'Montant trop élevé (au plus 1 000 000 €).'],
    ['a name made of a joiner', ['referrer', 'name'], '\u200d', 'Ce champ ne contient que des caractères invisibles.'],
    [
      'a name with a NUL',
      ['referrer', 'name'],
      'Cla\u0000ire',
      'Ce texte contient des caractères de contrôle ou des retours à la ligne non admis.',
    ],
    [
      'a last name with a line separator (U+2028), a line break outside ASCII',
      ['household', 'contact', 'lastName'],
      'Durand\u2028Léa',
      'Ce texte contient des caractères de contrôle ou des retours à la ligne non admis.',
    ],
    [
      'a name with a paragraph separator (U+2029)',
      ['referrer', 'name'],
      'Claire\u2029Martin',
      'Ce texte contient des caractères de contrôle ou des retours à la ligne non admis.',
    ],
    [
      'a commune with a lone surrogate',
      ['household', 'address', 'commune'],
      'Bar\ud800',
      'Ce texte contient des caractères invalides (encodage incorrect).',
    ],
    [
      'a message that was not sent in UTF-8',
      ['message'],
      'Loyer pay\ufffd\ufffd en retard',
      'Ce texte contient des caractères illisibles (« \ufffd ») : il n’a pas été envoyé en UTF-8. Saisissez-le à nouveau.',
    ],
    ['a last name with a right-to-left override', ['household', 'contact', 'lastName'], 'Martin\u202eXYZ', bidiMessage],
    ['a message with a right-to-left isolate', ['message'], 'Loyer\n\u2067payé\u2069', bidiMessage],
    ['a commune with a left-to-right embedding', ['household', 'address', 'commune'], '\u202aBar-le-Duc\u202c', bidiMessage],
    [
      'a name made of a left-to-right mark',
      ['referrer', 'name'],
      '\u200e',
      'Ce champ ne contient que des caractères invisibles.',
    ],
  ] as const)('refuses %s with a French message', (_case, path, value, message) => {
    const result = referralBodySchema.safeParse(withValueAt(validReferral(), path, value));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it('refuses every bidi embedding, override and isolate, in one-line texts and paragraphs alike', () => {
    for (const codePoint of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      for (const path of [['referrer', 'name'], ['message']] as const) {
        const result = referralBodySchema.safeParse(
          withValueAt(validReferral(), path, `Léa ${String.fromCodePoint(codePoint)}Durand`),
        );
        expect(result.error?.issues, codePoint.toString(16)).toEqual([
          expect.objectContaining({ path: [...path], message: bidiMessage }),
        ]);
      }
    }
  });

  it('keeps the bidi marks, joiners and non-joiners some scripts and emoji need', () => {
    for (const value of ['Léa\u200e', 'عائشة\u200f Benali', 'می\u200cخواهم', '👩‍👩‍👧 Durand']) {
      const parsed = referralBodySchema.parse(withValueAt(validReferral(), ['household', 'contact', 'lastName'], value));
      expect(parsed.household.contact.lastName).toBe(value.normalize('NFC'));
    }
  });

  it('stores −0 as 0 and keeps line breaks in the message', () => {
    const body = withValueAt(withValueAt(validReferral(), ['housing', 'arrearsAmount'], -0), ['message'], ' Ligne 1\nLigne 2 ');
    const parsed = referralBodySchema.parse(body);
    expect(Object.is(parsed.housing.arrearsAmount, -0)).toBe(false);
    expect(parsed.message).toBe('Ligne 1\nLigne 2');
  });
});
