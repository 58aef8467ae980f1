import { defaultThreshold } from './domain/statistics/disclosure.js';
import { isOngoingMode, type OngoingMode } from './domain/statistics/publication.js';

/**
 * The statistics' setting of a deployment, read once and checked, apart from lib/config.ts so that
 * only the statistics downloads load it (and the disclosure module it takes its default from).
 */
export interface StatisticsConfig {
  /**
   * The disclosure threshold (`ASLL_STATS_THRESHOLD`, default 5): a count of 1 to threshold − 1
   * households is hidden. From 2 (1 would hide nothing) to 100.
   */
  threshold: number;
  /**
   * What a period under way shows (`ASLL_STATS_ONGOING`, default `provisional`): its figures,
   * provisional, or (`hidden`) every cell suppressed until it has ended, so that two nightly
   * downloads cannot be compared to see one household (lib/domain/statistics/publication.ts).
   */
  ongoing: OngoingMode;
}

let statistics: StatisticsConfig | undefined;

/**
 * On AWS the CDK app sets ASLL_STATS_THRESHOLD and ASLL_STATS_ONGOING from the contexts
 * `asllStatsThreshold` and `asllStatsOngoing`; locally, the environment of `npm start`.
 */
export function getStatisticsConfig(): StatisticsConfig {
  if (!statistics) {
    const value = process.env.ASLL_STATS_THRESHOLD;
    const threshold = value === undefined || value === '' ? defaultThreshold : Number(value);
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > 100) {
      throw new Error(`Configuration invalide — ASLL_STATS_THRESHOLD doit être un nombre entier de 2 à 100 : ${value}`);
    }
    const ongoing = process.env.ASLL_STATS_ONGOING || 'provisional';
    if (!isOngoingMode(ongoing)) {
      throw new Error(
        `Configuration invalide — ASLL_STATS_ONGOING doit valoir provisional (chiffres provisoires de la période en cours) ` +
          `ou hidden (période en cours masquée jusqu’à sa fin) : ${ongoing}`,
      );
    }
    statistics = { threshold, ongoing };
  }
  return statistics;
}
