import * as z from 'zod/mini';
import { ValidationError, type ErrorDetail } from '../errors.js';

/**
 * French messages for the issues no schema names itself, written for the person filling a form
 * (zod's own locale speaks of types, which a household does not need to read).
 * Schemas use zod/mini: it tree-shakes, which keeps every function's bundle small (see bench/).
 */
function frenchMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Ce champ est obligatoire.';
      return issue.expected === 'object'
        ? 'Ce bloc est mal formé.'
        : `Valeur d’un type inattendu (${typeName(issue.expected)} attendu).`;
    case 'invalid_value':
      return 'Cette valeur ne fait pas partie des choix proposés.';
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'Ce champ ne peut pas être vide.' : `Au moins ${issue.minimum} caractères.`;
      if (issue.origin === 'array') return `Choisissez au moins ${issue.minimum} élément${Number(issue.minimum) > 1 ? 's' : ''}.`;
      return `La valeur doit être supérieure ou égale à ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Au plus ${issue.maximum} caractères.`;
      if (issue.origin === 'array') return `Au plus ${issue.maximum} éléments.`;
      return `La valeur doit être inférieure ou égale à ${issue.maximum}.`;
    case 'invalid_format':
      return issue.format === 'email' ? 'Adresse e-mail invalide.' : 'Format invalide.';
    case 'unrecognized_keys':
      return `Champ${issue.keys.length > 1 ? 's' : ''} non prévu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}.`;
    default:
      return 'Valeur invalide.';
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'texte',
    number: 'nombre',
    int: 'nombre entier',
    boolean: 'oui ou non',
    array: 'liste',
    object: 'bloc',
  };
  return names[expected] ?? expected;
}

z.config({ localeError: frenchMessage });

export function toErrorDetails(error: z.core.$ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses `input` or throws a ValidationError (422) listing every field at fault. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toErrorDetails(result.error));
  return result.data;
}

/**
 * Refuses, with `message`, a value `accepts` says no to: the issue `z.refine` would raise, from a
 * plain check function (`.check()` takes one as is) where `z.refine` builds a whole schema, which
 * every function's cold start pays for.
 */
export function rule<T>(accepts: (value: T) => boolean, message: string): z.core.CheckFn<T> {
  return (payload) => {
    if (!accepts(payload.value)) payload.issues.push({ code: 'custom', message, input: payload.value, continue: true });
  };
}

/** Refuses a list that names the same value twice. */
export function distinctValues<T>(message: string) {
  return rule<T[]>((list) => new Set(list).size === list.length, message);
}
