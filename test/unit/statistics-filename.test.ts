import { describe, expect, it } from 'vitest';
import { contentDisposition, periodSpan, statisticsFilename } from '../../lib/domain/statistics/export-filename.js';

describe('the filename of a statistics download', () => {
  it('names the quarters of one year once: asll-statistiques-2026-T1-T4.xlsx', () => {
    expect(statisticsFilename(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'], 'xlsx')).toBe('asll-statistiques-2026-T1-T4.xlsx');
  });

  it('names the months of one year once, the months with an M: 2026-M01-M12', () => {
    const months = Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`);
    expect(statisticsFilename(months, 'csv')).toBe('asll-statistiques-2026-M01-M12.csv');
  });

  it('names both ends whole when the periods run over two years, and years as they are', () => {
    expect(periodSpan(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'])).toBe('2025-T3-2026-T2');
    expect(periodSpan(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'])).toBe('2025-M10-2026-M03');
    expect(statisticsFilename(['2025', '2026'], 'ods')).toBe('asll-statistiques-2025-2026.ods');
  });

  it('names a single period alone, and no period at all when there is none', () => {
    expect(statisticsFilename(['2026-Q2'], 'xlsx')).toBe('asll-statistiques-2026-T2.xlsx');
    expect(statisticsFilename(['2026-03'], 'xlsx')).toBe('asll-statistiques-2026-M03.xlsx');
    expect(statisticsFilename(['2026'], 'csv')).toBe('asll-statistiques-2026.csv');
    expect(statisticsFilename([], 'csv')).toBe('asll-statistiques.csv');
  });

  it('is plain ASCII, and refuses a period it does not know or periods of two kinds', () => {
    expect(statisticsFilename(['2026-Q1', '2026-Q4'], 'xlsx')).toMatch(/^[a-z0-9.-]+$/i);
    expect(() => periodSpan(['2026-13'])).toThrow(/Période inconnue/);
    expect(() => periodSpan(['2026-Q1', '2026-06'])).toThrow(/deux sortes/);
  });
});

describe('the Content-Disposition of a download', () => {
  it('is an attachment with the ASCII filename quoted, and nothing more', () => {
    expect(contentDisposition('asll-statistiques-2026-T1-T4.xlsx')).toBe(
      'attachment; filename="asll-statistiques-2026-T1-T4.xlsx"',
    );
  });

  it('adds filename* in UTF-8 (RFC 6266, RFC 8187) after an ASCII fallback when a name is not ASCII', () => {
    expect(contentDisposition('données été.csv')).toBe(
      `attachment; filename="donn_es _t_.csv"; filename*=UTF-8''donn%C3%A9es%20%C3%A9t%C3%A9.csv`,
    );
    expect(contentDisposition('a"b\\c.csv')).toBe(`attachment; filename="a_b_c.csv"; filename*=UTF-8''a%22b%5Cc.csv`);
  });
});
