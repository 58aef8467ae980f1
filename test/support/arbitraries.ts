import fc from 'fast-check';

/**
 * Values an attacker sends where the API expects numbers and texts: the whole double range
 * (subnormals, ±0, 1e308, non-finite) and all of UTF-16 (lone surrogates, controls, joiners,
 * invisible characters, bidi embeddings, overrides and isolates), mixed with the cases that once
 * broke the API.
 */
export const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(1e-200, 5e-324, -0, 1e308, -1e308, 0.1 + 0.2, 12.345, 1_000_000.01, 2 ** 53 + 2, 480.55),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ min: 0, max: 1_000_000, noNaN: true }).map((value) => Math.round(value * 100) / 100),
);

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const trickyPiece = fc.constantFrom(
  '\u200d',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '\u2028',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ufffd',
  '\u3164',
  '\u034f',
  // Bidi embeddings, overrides and isolates ("Trojan Source"), refused; the marks LRM/RLM and ZWNJ, kept.
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u200c',
  'Martin\u202eXYZ',
  '\n',
  '\t',
  ' ',
  'e\u0301',
  '👩‍👩‍👧',
  'Léa',
  'Durand',
);

export const anyText = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(trickyPiece, { maxLength: 6 }).map((pieces) => pieces.join('')),
  fc.tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 10 }), trickyPiece).map(([text, piece]) => text + piece),
);

/** Where the referral body holds numbers and texts. */
export const numberPaths = [
  ['housing', 'monthlyRent'],
  ['housing', 'arrearsAmount'],
  ['household', 'adults'],
  ['household', 'children'],
] as const;

export const textPaths = [
  ['referrer', 'name'],
  ['referrer', 'organisation'],
  ['household', 'contact', 'lastName'],
  ['household', 'contact', 'firstName'],
  ['household', 'address', 'line'],
  ['household', 'address', 'commune'],
  ['message'],
] as const;

type Json = Record<string, unknown>;

/** A copy of `target` with `value` at `path`. */
export function withValueAt<T>(target: T, path: readonly string[], value: unknown): T {
  const copy = structuredClone(target) as Json;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  node[path.at(-1)!] = value;
  return copy as T;
}

export function valueAt(target: unknown, path: readonly string[]): unknown {
  let node = target as Json | undefined;
  for (const key of path) node = node?.[key] as Json | undefined;
  return node;
}
