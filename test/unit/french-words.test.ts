import { describe, expect, it } from 'vitest';
import { de, frenchList, monthsList } from '../../lib/domain/french-words.js';

describe('« de » before a word', () => {
  it('is elided before a vowel, accented or capital ones included', () => {
    expect(de('octobre 2025')).toBe('d’octobre 2025');
    expect(de('avril')).toBe('d’avril');
    expect(de('août 2026')).toBe('d’août 2026');
    expect(de('Isabelle Roy')).toBe('d’Isabelle Roy');
    expect(de('Élise Martin')).toBe('d’Élise Martin');
  });

  it('stays whole before a consonant, a digit or an h', () => {
    expect(de('mars 2026')).toBe('de mars 2026');
    expect(de('Marc Petit')).toBe('de Marc Petit');
    expect(de('2026')).toBe('de 2026');
    expect(de('Hugo Lambert')).toBe('de Hugo Lambert');
  });
});

describe('a French enumeration', () => {
  it('joins the last item with « ou », the others with a comma and no comma before « ou »', () => {
    expect(frenchList(['accès'])).toBe('accès');
    expect(frenchList(['accès', 'maintien'])).toBe('accès ou maintien');
    expect(frenchList(['CCAS', 'Mission Locale', 'UDAF'])).toBe('CCAS, Mission Locale ou UDAF');
    expect(frenchList([])).toBe('');
  });

  it('joins the members of a set with « et »', () => {
    expect(frenchList(['le ménage'], 'et')).toBe('le ménage');
    expect(frenchList(['le ménage', 'le prescripteur'], 'et')).toBe('le ménage et le prescripteur');
    expect(frenchList(['le ménage', 'le travailleur social référent', 'le prescripteur'], 'et')).toBe(
      'le ménage, le travailleur social référent et le prescripteur',
    );
  });

  it('writes durations in months the one way, whatever their number', () => {
    expect(monthsList([3])).toBe('3 mois');
    expect(monthsList([3, 6])).toBe('3 ou 6 mois');
    expect(monthsList([3, 6, 12])).toBe('3, 6 ou 12 mois');
    expect(monthsList([1])).toBe('1 mois');
  });

  it('gives a run of consecutive months by its bounds', () => {
    expect(monthsList([3, 4, 5, 6])).toBe('3 à 6 mois');
    expect(monthsList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBe('1 à 12 mois');
    expect(monthsList([4, 5, 6])).toBe('4 à 6 mois');
    expect(monthsList([3, 4, 6])).toBe('3, 4 ou 6 mois');
  });
});
