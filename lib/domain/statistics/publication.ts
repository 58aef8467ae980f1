import { parisDate } from '../dates.js';

/**
 * When a period's figures are published. The `stats` job recounts a period that is under way every
 * night, so two downloads a day apart would show, by difference, what one new household changed
 * (one more referral from the CAF, one more one-person household…): a period is published only once
 * it has ended, that is once its last day is before the Paris day of the last run's time. Until
 * then every cell of it is answered suppressed. The cells are still counted and stored each night:
 * the first run after the period's last day publishes it. Pure, and shared with the analyst page.
 */

/** The period of the same kind as `period` (`2026-03`, `2026-Q1`, `2026`) that holds `day` (YYYY-MM-DD). */
function periodHolding(period: string, day: string): string {
  const year = day.slice(0, 4);
  if (/^\d{4}$/.test(period)) return year;
  if (/^\d{4}-Q[1-4]$/.test(period)) return `${year}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
  return day.slice(0, 7);
}

/**
 * Whether `period` had ended by the run at `runTime` (an ISO instant): its last day is before that
 * instant's Paris day. Periods of one kind sort as text in time order, so it has ended when the
 * period of its kind holding that day comes after it.
 */
export function periodEnded(period: string, runTime: string): boolean {
  return period < periodHolding(period, parisDate(new Date(runTime)));
}

/**
 * What every download and the analyst page say of a period under way, in French: its cells are
 * « s », and why. `headings` name the periods concerned as the reader sees them (« T4 2026 »).
 */
export function ongoingNote(headings: readonly string[], marker: string): string {
  const named =
    headings.length === 1 ? `la période ${headings[0]} est en cours` : `les périodes ${headings.join(', ')} sont en cours`;
  return (
    `Période en cours, publiée à sa fin : ${named}. Tant qu’une période n’est pas terminée, toutes ses cases sont ` +
    `« ${marker} », car ses chiffres changent chaque nuit et deux téléchargements successifs montreraient, par ` +
    `différence, un ménage ; elle est publiée au premier calcul de la nuit qui suit son dernier jour.`
  );
}
