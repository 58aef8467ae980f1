import { describe, expect, it } from 'vitest';
import { de } from '../../lib/domain/french-words.js';

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
