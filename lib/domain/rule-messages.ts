import { frenchList, monthsList } from './french-words.js';

/*
 * Refusals the worker pages also give before sending (web/staff/pages/worker/write-rules.js), so
 * that the page and the API say them in the same words. No schema here: the pages import it.
 */

/** « Signature manquante : le prescripteur. », « Signatures manquantes : le ménage et le prescripteur. » */
export function missingSignatures(labels: readonly string[]): string {
  const lacking = labels.length === 1 ? 'Signature manquante' : 'Signatures manquantes';
  return `${lacking} : ${frenchList(
    labels.map((label) => label.toLowerCase()),
    'et',
  )}.`;
}

/** A renewal of `months` that the policy, granting `allowed`, does not provide for. */
export function unplannedRenewal(months: number, allowed: readonly number[]): string {
  return `Un renouvellement de ${months} mois n’est pas prévu par le règlement du département, qui fixe une durée de ${monthsList(allowed)}.`;
}

/** A visit's duration in minutes that is not whole, or out of the schema's bounds. */
export const visitDuration = {
  notWhole: 'La durée est un nombre entier de minutes.',
  tooShort: (minimum: number) =>
    minimum === 1 ? 'La durée est d’au moins une minute.' : `La durée est d’au moins ${minimum} minutes.`,
  tooLong: (maximum: number) => {
    const hours = maximum / 60;
    const inHours = Number.isInteger(hours) ? ` (${hours} heure${hours > 1 ? 's' : ''})` : '';
    return `La durée d’une rencontre est d’au plus ${maximum} minutes${inHours}.`;
  },
};
