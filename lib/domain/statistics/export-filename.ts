import { parsePeriod, type ParsedPeriod, type StatisticsFileFormat } from './table.js';

const prefix = 'asll-statistiques';

/** `2026-M03`, `2026-T1`, `2026`: the filename form of one period. */
function periodCode({ kind, year, part }: ParsedPeriod): string {
  if (kind === 'month') return `${year}-M${part}`;
  if (kind === 'quarter') return `${year}-T${part}`;
  return year;
}

/**
 * The span of a download in its filename: one period alone (`2026-T2`); within one year, the year
 * once (`2026-T1-T4`, `2026-M01-M12`); across years, both ends whole (`2025-T3-2026-T2`,
 * `2025-M10-2026-M03`, `2025-2026`).
 */
export function periodSpan(columns: readonly string[]): string {
  if (columns.length === 0) return '';
  const first = parsePeriod(columns[0]!);
  const last = parsePeriod(columns[columns.length - 1]!);
  if (first.kind !== last.kind) throw new Error(`Périodes de deux sortes : ${columns[0]} et ${columns.at(-1)}`);
  const from = periodCode(first);
  const to = periodCode(last);
  if (from === to) return from;
  if (first.kind !== 'year' && first.year === last.year) return `${from}-${to.slice(5)}`;
  return `${from}-${to}`;
}

/** `asll-statistiques-2026-T1-T4.xlsx`: ASCII only, so it needs no encoding anywhere. */
export function statisticsFilename(columns: readonly string[], format: StatisticsFileFormat): string {
  const span = periodSpan(columns);
  return `${span ? `${prefix}-${span}` : prefix}.${format}`;
}

/** RFC 5987 `value-chars`: everything else is percent-encoded from UTF-8. */
const encodeExtValue = (text: string) =>
  encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` of a download (RFC 6266): `attachment; filename="…"`. A name with other
 * than printable ASCII also gets `filename*=UTF-8''…` (RFC 8187), which browsers prefer, after an
 * ASCII fallback where each such character is `_`. The statistics' names are ASCII already.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const header = `attachment; filename="${ascii}"`;
  return ascii === filename ? header : `${header}; filename*=UTF-8''${encodeExtValue(filename)}`;
}
