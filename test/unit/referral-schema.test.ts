import { describe, expect, it } from 'vitest';
import { referralBodySchema } from '../../lib/domain/referral.js';
import { parseOrThrow } from '../../lib/domain/validation.js';
import { ValidationError } from '../../lib/errors.js';
import { validReferral } from '../support/fixtures.js';

function problemsOf(input: unknown) {
  try {
    parseOrThrow(referralBodySchema, input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
}

describe('the referral body', () => {
  it('accepts a complete referral and trims its texts', () => {
    const body = validReferral();
    body.household.contact.lastName = '  Durand ';
    expect(parseOrThrow(referralBodySchema, body).household.contact.lastName).toBe('Durand');
  });

  it('names each missing field with a French message', () => {
    const problems = problemsOf({});
    expect(problems).toContainEqual({ path: 'household', message: 'Ce champ est obligatoire.' });
    expect(problems).toContainEqual({ path: 'orientation', message: 'Indiquez l’orientation demandée : accès ou maintien.' });
  });

  it('refuses a household of no adult, or of more than 15 children', () => {
    const body = validReferral();
    body.household.adults = 0;
    body.household.children = 16;
    const problems = problemsOf(body);
    expect(problems).toContainEqual({ path: 'household.adults', message: 'Le ménage compte au moins un adulte.' });
    expect(problems).toContainEqual({ path: 'household.children', message: 'Au plus 15 enfants.' });
  });

  it('refuses a postcode that is not five digits', () => {
    const body = validReferral();
    body.household.address.postcode = '5500';
    expect(problemsOf(body)).toContainEqual({ path: 'household.address.postcode', message: 'Le code postal compte 5 chiffres.' });
  });

  it('refuses a referral without the household agreement, since support is never imposed', () => {
    const body = validReferral() as unknown as { consent: { householdAgrees: boolean } };
    body.consent.householdAgrees = false;
    expect(problemsOf(body)[0]?.path).toBe('consent.householdAgrees');
    expect(problemsOf(body)[0]?.message).toContain('n’est jamais imposé');
  });

  it('refuses fields it does not know, at any depth', () => {
    const body = { ...validReferral(), nationality: 'x', housing: { ...validReferral().housing, floor: 3 } };
    const problems = problemsOf(body);
    expect(problems).toContainEqual({ path: '', message: 'Champ non prévu : nationality.' });
    expect(problems).toContainEqual({ path: 'housing', message: 'Champ non prévu : floor.' });
  });

  it('refuses a message over 2000 characters and a difficulty given twice', () => {
    const body = validReferral({ message: 'x'.repeat(2001), difficulties: ['budget', 'budget'] });
    const paths = problemsOf(body).map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['message', 'difficulties']));
  });

  it('refuses a word or a fraction where a count is expected, saying what was expected', () => {
    const body = validReferral() as unknown as { household: { adults: unknown; children: unknown } };
    body.household.adults = 'deux';
    body.household.children = 1.5;
    expect(problemsOf(body)).toEqual([
      { path: 'household.adults', message: 'Le nombre d’adultes doit être un nombre entier.' },
      { path: 'household.children', message: 'Le nombre d’enfants doit être un nombre entier.' },
    ]);
  });

  it('says a block sent as something else is malformed', () => {
    const body = { ...validReferral(), exclusions: 'non' };
    expect(problemsOf(body)).toEqual([{ path: 'exclusions', message: 'Ce bloc est mal formé.' }]);
  });
});
