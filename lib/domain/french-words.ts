/**
 * « de » before a word, elided before a vowel as French writes it: « de mars 2026 »,
 * « d’octobre 2025 », « d’Isabelle Roy ». A word beginning with h keeps « de »: whether its h is
 * mute cannot be told from the spelling.
 */
export function de(word: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüÿœæ]/iu.test(word) ? `d’${word}` : `de ${word}`;
}
