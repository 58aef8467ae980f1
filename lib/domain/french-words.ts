/**
 * « de » before a word, elided before a vowel as French writes it: « de mars 2026 »,
 * « d’octobre 2025 », « d’Isabelle Roy ». A word beginning with h keeps « de »: whether its h is
 * mute cannot be told from the spelling.
 */
export function de(word: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüÿœæ]/iu.test(word) ? `d’${word}` : `de ${word}`;
}

/**
 * A French enumeration, with no comma before the last item: « 3 », « 3 ou 6 », « 3, 4, 5 ou 6 »;
 * « le ménage et le prescripteur » with `et`. `ou` names values one may choose from, `et` the
 * members of a set.
 */
export function frenchList(items: readonly (string | number)[], conjunction: 'ou' | 'et' = 'ou'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/**
 * Durations a rule allows, in months, to follow « de »: « 3 mois », « 3 ou 6 mois », « 3, 6 ou 12
 * mois »; a run of three or more consecutive months as its bounds, « 3 à 6 mois » (« une durée de 3
 * à 6 mois » rather than « de 1, 2, 3, …, 11 ou 12 mois »).
 */
export function monthsList(months: readonly number[]): string {
  const consecutive = months.length >= 3 && months.every((month, index) => index === 0 || month === months[index - 1]! + 1);
  return consecutive ? `${months[0]} à ${months.at(-1)} mois` : `${frenchList(months)} mois`;
}
