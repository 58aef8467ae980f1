import { parisDate } from '../dates.js';

/**
 * What the downloads do with a period still under way at the last run (its last day is not before
 * the Paris day of the run's time). The `stats` job recounts it every night.
 * - `provisional` (the default, API.md): its figures are shown, small counts suppressed as in any
 *   period, and marked provisional (« en cours »).
 * - `hidden` (a deployment's choice, ASLL_STATS_ONGOING): every cell of it is answered suppressed
 *   until it has ended, because two downloads a day apart show, by difference, what one new
 *   household changed (one more referral from the CAF, one more one-person household…). The cells
 *   are still counted and stored each night: the first run after its last day publishes it.
 * Pure, and shared with the analyst page.
 */

export const ongoingModes = ['provisional', 'hidden'] as const;
export type OngoingMode = (typeof ongoingModes)[number];

export function isOngoingMode(value: unknown): value is OngoingMode {
  return (ongoingModes as readonly unknown[]).includes(value);
}

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
 * What every download and the analyst page say of a period under way, in French: its figures are
 * provisional, or its cells are all « s » and why. `headings` name the periods concerned as the
 * reader sees them (« T4 2026 »).
 */
export function ongoingNote(headings: readonly string[], marker: string, mode: OngoingMode): string {
  const named =
    headings.length === 1 ? `la période ${headings[0]} est en cours` : `les périodes ${headings.join(', ')} sont en cours`;
  if (mode === 'provisional') {
    return (
      `Période en cours, chiffres provisoires : ${named}. Ses chiffres sont recalculés chaque nuit jusqu’à sa fin ` +
      `et peuvent encore changer.`
    );
  }
  return (
    `Période en cours, publiée à sa fin : ${named}. Tant qu’une période n’est pas terminée, toutes ses cases sont ` +
    `« ${marker} », car ses chiffres changent chaque nuit et deux téléchargements successifs montreraient, par ` +
    `différence, un ménage ; elle est publiée au premier calcul de la nuit qui suit son dernier jour.`
  );
}
