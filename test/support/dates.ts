import { parisDate } from '../../lib/domain/dates.js';

/**
 * Today as the domain sees it: the Europe/Paris date. The UTC date is a day behind between 22:00
 * (or 23:00) and midnight UTC, when a decision "today" would be refused as in the future.
 */
export const parisToday = (): string => parisDate(new Date());
