import { ValidationError, type ErrorDetail } from '../../errors.js';
import { frenchMonthName } from '../french-dates.js';
import { de } from '../french-words.js';
import { monthsBetween, periodOf, type Granularity } from './count.js';

/**
 * The span of a `GET /stats` download (API.md "Analysts"): `from` and `to` are months (YYYY-MM),
 * `by` the kind of period. The `stats` job stores whole periods, so a quarter or a year is never
 * cut: under `by=quarter` the span starts on a quarter's first month and ends on a quarter's last,
 * under `by=year` on January and December. Anything else is refused (422), never rounded silently.
 */

/**
 * At most this many tables (one period of one territory: 108 cells) in one download: 150 months
 * (12 years and a half) for the department as a whole, a year by month for twelve territories. The
 * largest format, JSON, takes about 26 KB a table with every cell visible, long values and long
 * territory names, so the largest download is about 3.9 MB, under Lambda's 6 MB response (API
 * Gateway's is 10 MB) with room for a catalogue that grows; the spreadsheets, zipped, are far
 * smaller even base64-encoded. test/unit/statistics-download.test.ts builds the largest and measures it.
 */
export const maxStatisticsTables = 150;

export interface StatsRangeQuery {
  from?: string | undefined;
  to?: string | undefined;
  by: Granularity;
}

export interface StatsRange {
  /** First month, YYYY-MM. */
  from: string;
  /** Last month, YYYY-MM. */
  to: string;
  by: Granularity;
  /** Every period of the span, in order: `2026-03`, `2026-Q1` or `2026`. */
  periods: string[];
}

const periodNames: Record<Granularity, { one: string; many: string }> = {
  month: { one: 'mois', many: 'mois' },
  quarter: { one: 'trimestre', many: 'trimestres' },
  year: { one: 'année', many: 'années' },
};

const monthNumber = (month: string) => Number(month.slice(5, 7));
/** `2026-03` → « mars 2026 ». */
export const monthLabel = (month: string) => `${frenchMonthName(monthNumber(month))} ${month.slice(0, 4)}`;

/** The first and last months of the period of `by` that holds `month`. */
export function periodBounds(month: string, by: Granularity): { first: string; last: string } {
  const year = month.slice(0, 4);
  if (by === 'month') return { first: month, last: month };
  if (by === 'year') return { first: `${year}-01`, last: `${year}-12` };
  const quarter = Math.ceil(monthNumber(month) / 3);
  const pad = (value: number) => String(value).padStart(2, '0');
  return { first: `${year}-${pad(quarter * 3 - 2)}`, last: `${year}-${pad(quarter * 3)}` };
}

/** The rank of the period of `by` that holds `month`, counted from year 0: two ranks apart, two periods apart. */
function periodIndex(month: string, by: Granularity): number {
  const year = Number(month.slice(0, 4));
  if (by === 'year') return year;
  const monthIndex = year * 12 + monthNumber(month) - 1;
  return by === 'month' ? monthIndex : Math.floor(monthIndex / 3);
}

const alignmentHint: Record<Exclude<Granularity, 'month'>, { from: string; to: string }> = {
  quarter: {
    from: 'le premier mois d’un trimestre (janvier, avril, juillet ou octobre)',
    to: 'le dernier mois d’un trimestre (mars, juin, septembre ou décembre)',
  },
  year: { from: 'janvier', to: 'décembre' },
};

/**
 * How a refusal names the two ends of a span and a month: `GET /stats`'s parameters (`from`, `to`,
 * `2026-02`), or the analyst page's fields (« le mois de début », « février 2026 »).
 */
export interface SpanWords {
  from: string;
  to: string;
  /** `from` at the start of a sentence. */
  fromSubject: string;
  month: (month: string) => string;
}

const parameterWords: SpanWords = { from: 'from', to: 'to', fromSubject: 'from', month: (month) => month };

/**
 * What is wrong with a span of months (YYYY-MM) for `by`: a quarter or a year cut in two, or ends
 * in the wrong order; `[]` when none. The analyst page says the same before asking, in its words.
 */
export function spanProblems(from: string, to: string, by: Granularity, words: SpanWords = parameterWords): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (by !== 'month') {
    const hint = alignmentHint[by];
    const name = periodNames[by].one;
    const one = `un${by === 'year' ? 'e' : ''} ${name}`;
    if (periodBounds(from, by).first !== from)
      details.push({
        path: 'from',
        message: `Par ${name}, ${words.from} doit être ${hint.from} : ${words.month(from)} couperait ${one} en deux.`,
      });
    if (periodBounds(to, by).last !== to)
      details.push({
        path: 'to',
        message: `Par ${name}, ${words.to} doit être ${hint.to} : ${words.month(to)} couperait ${one} en deux.`,
      });
  }
  if (from > to)
    details.push({
      path: 'from',
      message: `${words.fromSubject} (${words.month(from)}) doit précéder ${words.to} (${words.month(to)}) ou lui être égal.`,
    });
  return details;
}

/**
 * The span asked for, with its defaults: `to` ends the period of `by` that holds the current month
 * (`today`, Europe/Paris), `from` is January of `to`'s year; so `GET /stats` alone is this year so
 * far, month by month. Throws a ValidationError (422) naming the parameter at fault.
 */
export function statsRange(query: StatsRangeQuery, today: string, territories: number): StatsRange {
  const { by } = query;
  const to = query.to ?? periodBounds(today.slice(0, 7), by).last;
  const from = query.from ?? `${to.slice(0, 4)}-01`;
  const details = spanProblems(from, to, by);
  if (details.length > 0) throw new ValidationError(details, details[0]!.message);

  // Counted before anything is listed: the query accepts 0000-01 to 9999-12, 120,000 months.
  const asked = periodIndex(to, by) - periodIndex(from, by) + 1;
  const most = Math.max(1, Math.floor(maxStatisticsTables / Math.max(1, territories)));
  if (asked > most) {
    const message =
      `Trop de périodes pour un seul téléchargement : au plus ${most} ${periodNames[by].many}` +
      (territories > 1 ? ` (${territories} territoires, ensemble du département compris)` : '') +
      ` ; la demande en compte ${asked}. Réduisez l’intervalle ou choisissez des périodes plus longues.`;
    throw new ValidationError([{ path: 'to', message }], message);
  }
  return { from, to, by, periods: [...new Set(monthsBetween(from, to).map((month) => periodOf(month, by)))] };
}

/** The first month of a period: `2026-Q2` → `2026-04`, `2026` → `2026-01`. */
export function firstMonthOf(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}-${String(Number(quarter[2]) * 3 - 2).padStart(2, '0')}`;
  return /^\d{4}$/.test(period) ? `${period}-01` : period;
}

/** « 2026, par trimestre », « d’octobre 2025 à mars 2026, par mois ». */
export function rangeLabel(range: Pick<StatsRange, 'from' | 'to' | 'by'>): string {
  const per = { month: 'par mois', quarter: 'par trimestre', year: 'par année' }[range.by];
  const wholeYear = range.from.endsWith('-01') && range.to.endsWith('-12') && range.from.slice(0, 4) === range.to.slice(0, 4);
  if (wholeYear) return `${range.from.slice(0, 4)}, ${per}`;
  if (range.from === range.to) return `${monthLabel(range.from)}, ${per}`;
  return `${de(monthLabel(range.from))} à ${monthLabel(range.to)}, ${per}`;
}
