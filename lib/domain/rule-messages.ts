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
