import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicators } from '../../lib/domain/statistics/catalogue.js';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { parisToday } from '../support/dates.js';
import { count, seedStatsCells, seedStatsRun } from '../support/statistics-cells.js';
import { startTestRuntime } from '../support/runtime.js';
import { fetchStats, type StatsRow } from '../support/stats-download.js';

/**
 * `GET /stats` and `GET /stats/catalogue` through the local runtime, over cells seeded as the
 * `stats` job stores them: the figures of each format, read back with libraries that share no code
 * with the writers, agree with the JSON's.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let analyst: string;
let admin: string;
const lastRun = '2026-11-30T23:30:00.000Z'; // 1 December 2026, 00:30 in Paris: every quarter of 2026 is reached.

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  analyst = await system.token('a-camille', 'analyst');
  admin = await system.token('adm-1', 'admin');
});
afterAll(async () => system.stop());

const key = (row: Pick<StatsRow, 'indicator' | 'dimension' | 'category'>) =>
  `${row.indicator}|${row.dimension ?? ''}|${row.category ?? ''}`;

const download = (query: string, token = analyst, accept?: string) => fetchStats(system.url, query, token, accept);

async function json(query: string) {
  const answer = await system.request('GET', `/stats?${query}`, { token: analyst });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { generatedAt: string | null; from: string; to: string; by: string; threshold: number; rows: StatsRow[] };
}

/** The JSON's table as the files lay it out: one line per indicator and breakdown, one value per period. */
function expectedTable(rows: StatsRow[]) {
  const periods = [...new Set(rows.map((row) => row.period))];
  const lines = new Map<string, (number | null | '')[]>();
  for (const row of rows) {
    const values = lines.get(key(row)) ?? [];
    values[periods.indexOf(row.period)] = row.suppressed ? null : (row.value ?? '');
    lines.set(key(row), values);
  }
  return { periods, lines: [...lines.values()] };
}

const anyRun = () => system.request('GET', '/stats', { token: analyst });

describe('who may download', () => {
  it('refuses a caller without a token with 401, and workers and managers with 403', async () => {
    const worker = await system.token('w-lucie', 'worker');
    const manager = await system.token('m-claire', 'manager');
    for (const path of ['/stats', '/stats?format=xlsx', '/stats/catalogue']) {
      expect((await system.request('GET', path)).status, path).toBe(401);
      for (const token of [worker, manager]) {
        const answer = await system.request('GET', path, { token });
        expect(answer.status, path).toBe(403);
        expect(answer.body.error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('answers analysts and admins', async () => {
    for (const token of [analyst, admin]) expect((await system.request('GET', '/stats', { token })).status).toBe(200);
  });
});

describe('before the stats job has ever run', () => {
  it('says so: no generation time and no rows, rather than zeros that would read as « nothing happened »', async () => {
    const body = await json('from=2026-01&to=2026-12&by=quarter');
    expect(body).toEqual({ generatedAt: null, from: '2026-01', to: '2026-12', by: 'quarter', threshold: 5, rows: [] });
    const csv = await download('from=2026-01&to=2026-12&by=quarter&format=csv');
    expect(csv.status).toBe(200);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes).split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      '\uFEFFIndicateur;Ventilation;Catégorie;Unité',
      ';;;',
      'Définitions;;;',
      'Statistiques ASLL du PDALPD — Meuse (UDAF 55);;;',
    ]);
    expect(lines[4]).toContain('aucun calcul des statistiques n’a encore eu lieu');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="asll-statistiques.csv"');
  });
});

describe('the downloads of 2026 by quarter', () => {
  beforeAll(async () => {
    const table = system.stores.table;
    await seedStatsCells(table, 'quarter', '2026-Q1', 'all', {
      [cellKey('referrals_received', null, null)]: count(42),
      [cellKey('referrals_received', 'referrerKind', 'ccas')]: count(3),
      [cellKey('referrals_received', 'referrerKind', 'mairie')]: count(39),
      [cellKey('decision_days_mean', null, null)]: { s: 125, n: 10, h: 10 },
      [cellKey('decision_days_median', null, null)]: { s: 86, n: 7, h: 7, d: { 10: 3, 14: 4 } },
      [cellKey('visits_at_home_share', null, null)]: { s: 200, n: 3, h: 2 },
    });
    await seedStatsCells(table, 'quarter', '2026-Q2', 'all', {
      [cellKey('referrals_received', null, null)]: count(30),
      [cellKey('referrals_received', 'referrerKind', 'ccas')]: count(30),
      [cellKey('measures_active_end', null, null)]: count(1250),
    });
    // Stored for another granularity, and for a territory the policy does not map: neither is read.
    await seedStatsCells(table, 'month', '2026-03', 'all', { [cellKey('referrals_received', null, null)]: count(777) });
    await seedStatsCells(table, 'quarter', '2026-Q1', 'UTAS fantôme', { [cellKey('visits', null, null)]: count(55) });
    await seedStatsRun(table, lastRun);
  });

  it('answers JSON with every cell of every quarter, zeros included, small counts suppressed', async () => {
    const body = await json('from=2026-01&to=2026-12&by=quarter');
    expect(body).toMatchObject({ generatedAt: lastRun, from: '2026-01', to: '2026-12', by: 'quarter', threshold: 5 });
    expect([...new Set(body.rows.map((row) => row.period))]).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(new Set(body.rows.map((row) => row.territory))).toEqual(new Set(['all']));
    const q1 = new Map(body.rows.filter((row) => row.period === '2026-Q1').map((row) => [key(row), row]));
    expect(q1.get('referrals_received||')).toMatchObject({ value: 42, suppressed: false });
    // 3 households: hidden; then 39, the only other non-zero cell, so that 42 − 39 does not give it away.
    expect(q1.get('referrals_received|referrerKind|ccas')).toMatchObject({ value: null, suppressed: true });
    expect(q1.get('referrals_received|referrerKind|mairie')).toMatchObject({ value: null, suppressed: true });
    expect(q1.get('referrals_received|referrerKind|caf')).toMatchObject({ value: 0, suppressed: false });
    expect(q1.get('decision_days_mean||')).toMatchObject({ value: 12.5, suppressed: false });
    expect(q1.get('decision_days_median||')).toMatchObject({ value: 14, suppressed: false });
    // A share over two households: hidden, whatever its value.
    expect(q1.get('visits_at_home_share||')).toMatchObject({ value: null, suppressed: true });
    expect(q1.get('measure_days_mean||')).toMatchObject({ value: null, suppressed: false });
    expect(q1.get('visits||')).toMatchObject({ value: 0 });
    const q2 = new Map(body.rows.filter((row) => row.period === '2026-Q2').map((row) => [key(row), row]));
    expect(q2.get('measures_active_end||')).toMatchObject({ value: 1250, suppressed: false });
    // The quarter under way on 1 December: its provisional figures (nothing stored yet: zeros), in the same shape.
    const q4 = new Map(body.rows.filter((row) => row.period === '2026-Q4').map((row) => [key(row), row]));
    expect(q4.size).toBe(q1.size);
    expect(q4.get('referrals_received||')).toMatchObject({ value: 0, suppressed: false });
    expect(body.rows.every((row) => Object.keys(row).length === 7)).toBe(true);
  });

  it('serves a CSV for French spreadsheet software holding the JSON’s visible numbers', async () => {
    const rows = (await json('from=2026-01&to=2026-12&by=quarter')).rows;
    const answer = await download('from=2026-01&to=2026-12&by=quarter&format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="asll-statistiques-2026-T1-T4.csv"');
    expect([...answer.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(answer.bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const records = parse(text, { bom: true, delimiter: ';', relax_column_count: false }) as string[][];
    const end = records.findIndex((record) => record.every((field) => field === ''));
    const [headings, ...lines] = records.slice(0, end);
    expect(headings).toEqual(['Indicateur', 'Ventilation', 'Catégorie', 'Unité', '2026-T1', '2026-T2', '2026-T3', '2026-T4']);
    const expected = expectedTable(rows);
    const asCsv = (value: number | null | '') => (value === null ? 's' : String(value).replace('.', ','));
    expect(lines.map((line) => line.slice(4))).toEqual(expected.lines.map((values) => values.map(asCsv)));
    expect(lines[0]!.slice(0, 4)).toEqual(['Demandes d’ASLL reçues', 'Ensemble', 'Ensemble', 'ménages']);
    // By a town hall: 39, hidden so that 42 − 39 does not give the CCAS's 3 away; « s » like the 3, not « < 5 ».
    expect(lines.find((line) => line[2] === 'Mairie')!.slice(4, 6)).toEqual(['s', '0']);
    expect(text).toContain(';12,5;');
    expect(text).not.toContain('<');
    // After the figures, an empty line, then the definitions of every indicator of the catalogue.
    const block = records.slice(end + 1);
    expect(block[0]![0]).toBe('Définitions');
    expect(block.map((record) => record[0])).toEqual(expect.arrayContaining(indicators.map((indicator) => indicator.id)));
    expect(block.find((record) => record[0] === 'Code')!.slice(0, 5)).toEqual([
      'Code',
      'Indicateur',
      'Unité',
      'Définition',
      'Ventilations',
    ]);
    expect(block.some((record) => record[0]!.startsWith('« s » : secret statistique'))).toBe(true);
  });

  it.each([
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ] as const)('serves %s bytes holding the JSON’s numbers as numbers and « s » where suppressed', async (format, mediaType) => {
    const rows = (await json('from=2026-01&to=2026-12&by=quarter')).rows;
    // Asked as a browser page would on AWS (the file's type first in Accept), and as curl does (*/*).
    for (const accept of [mediaType, '*/*']) {
      const answer = await download(`from=2026-01&to=2026-12&by=quarter&format=${format}`, analyst, accept);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(mediaType);
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="asll-statistiques-2026-T1-T4.${format}"`);
      expect(Number(answer.headers.get('content-length'))).toBe(answer.bytes.length);
      // A zip archive (both formats are), not its base64 text.
      expect([...answer.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
      const workbook = XLSX.read(answer.bytes);
      expect(workbook.SheetNames).toEqual(['Statistiques', 'Définitions']);
      const sheet = workbook.Sheets['Statistiques']!;
      const [headings, ...lines] = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: '' });
      // The fourth quarter is under way on 1 December: provisional, and headed so.
      expect(headings).toEqual([
        'Indicateur',
        'Ventilation',
        'Catégorie',
        'Unité',
        'T1 2026',
        'T2 2026',
        'T3 2026',
        'T4 2026 (en cours)',
      ]);
      const expected = expectedTable(rows);
      expect(lines.map((line) => line.slice(4))).toEqual(expected.lines.map((values) => values.map((value) => value ?? 's')));
      expect(sheet['E2']).toMatchObject({ t: 'n', v: 42 });
      expect(sheet['E3']).toMatchObject({ t: 'n', v: 0 }); // referred by the household itself: none
      expect(sheet['E4']).toMatchObject({ t: 's', v: 's' }); // by a CCAS: 3, suppressed
      const mairie = lines.findIndex((line) => line[2] === 'Mairie') + 2;
      expect(sheet[`E${mairie}`]).toMatchObject({ t: 's', v: 's' }); // by a town hall: 39, hidden too
      const definitions = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Définitions']!, { header: 1, defval: '' });
      expect(definitions.flat()).toEqual(expect.arrayContaining(indicators.map((indicator) => indicator.id)));
      expect(definitions.flat().join(' ')).toContain('« s » : secret statistique');
      expect(definitions.flat().join(' ')).toContain('Période en cours, chiffres provisoires : la période T4 2026 est en cours.');
      expect(definitions.flat().join(' ')).toContain('2026, par trimestre (chiffres du calcul du mardi 1er décembre 2026)');
    }
  });

  it('writes the ODS numbers as OpenDocument float cells', async () => {
    const answer = await download('from=2026-01&to=2026-12&by=quarter&format=ods');
    const content = strFromU8(unzipSync(answer.bytes)['content.xml']!);
    expect(content).toMatch(/office:value-type="float" office:value="42"/);
    expect(content).toMatch(/office:value-type="float" office:value="12.5"/);
  });

  it('leaves out the quarters the last run had not reached, rather than show them as zeros', async () => {
    await seedStatsRun(system.stores.table, '2026-05-10T03:00:00.000Z');
    try {
      const body = await json('from=2026-01&to=2026-12&by=quarter');
      expect(body.generatedAt).toBe('2026-05-10T03:00:00.000Z');
      expect([...new Set(body.rows.map((row) => row.period))]).toEqual(['2026-Q1', '2026-Q2']);
      const xlsx = await download('from=2026-01&to=2026-12&by=quarter&format=xlsx');
      expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="asll-statistiques-2026-T1-T2.xlsx"');
    } finally {
      await seedStatsRun(system.stores.table, lastRun);
    }
  });

  it('reads one granularity: a year’s cells are the year’s, never the sum of other items', async () => {
    const body = await json('from=2026-03&to=2026-03&by=month');
    expect(body.rows.find((row) => key(row) === 'referrals_received||')).toMatchObject({ period: '2026-03', value: 777 });
    // No cell of the year 2026 is stored: 0, although its months and quarters hold referrals.
    const year = await json('from=2026-01&to=2026-12&by=year');
    expect(year.rows.find((row) => key(row) === 'referrals_received||')).toMatchObject({ period: '2026', value: 0 });
  });
});

describe('bad parameters', () => {
  it.each([
    ['by=week', 'by'],
    ['format=pdf', 'format'],
    ['from=2026-13', 'from'],
    ['to=26-03', 'to'],
    ['from=2026-06&to=2026-03', 'from'],
    ['from=2026-02&to=2026-12&by=quarter', 'from'],
    ['from=2026-01&to=2026-11&by=quarter', 'to'],
    ['from=2026-04&to=2026-12&by=year', 'from'],
    ['from=2000-01&to=2026-12&by=month', 'to'],
  ])('answer 422 with the error shape for %s', async (query, path) => {
    const answer = await system.request('GET', `/stats?${query}`, { token: analyst });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.any(Array) },
    });
    expect(answer.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    for (const detail of answer.body.error.details) expect(detail.message).toMatch(/\p{L}+ \p{L}+/u);
  });

  it('take the defaults for what is left out: this year so far, by month, as JSON', async () => {
    const answer = await anyRun();
    const today = parisToday();
    expect(answer.body).toMatchObject({ by: 'month', from: `${today.slice(0, 4)}-01`, to: today.slice(0, 7) });
  });
});

describe('the OpenAPI document', () => {
  it('describes GET /stats in its four media types, and the catalogue', async () => {
    const document = (await system.request('GET', '/openapi.json')).body;
    const stats = document.paths['/stats'].get;
    expect(Object.keys(stats.responses['200'].content).sort()).toEqual([
      'application/json',
      'application/vnd.oasis.opendocument.spreadsheet',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
    expect(stats.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['from', 'to', 'by', 'format']);
    expect(stats['x-asll-groups']).toEqual(['analyst', 'admin']);
    expect(document.paths['/stats/catalogue'].get.responses['200']).toBeDefined();
  });
});

describe('the catalogue', () => {
  it('lists every indicator with its id, label, unit, definition and breakdowns', async () => {
    const answer = await system.request('GET', '/stats/catalogue', { token: analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.nextCursor).toBeNull();
    const items = answer.body.items as {
      id: string;
      label: string;
      unit: string;
      definition: string;
      breakdowns: { id: string }[];
    }[];
    expect(items.map((item) => item.id)).toEqual(indicators.map((indicator) => indicator.id));
    for (const item of items) {
      expect(item.label).toMatch(/^\p{Lu}\p{L}+/u);
      expect(item.unit.length).toBeGreaterThan(0);
      expect(item.definition.length).toBeGreaterThan(40);
    }
    const breakdownsOf = (id: string) => items.find((item) => item.id === id)!.breakdowns.map((breakdown) => breakdown.id);
    expect(breakdownsOf('referrals_received')).toEqual(expect.arrayContaining(['referrerKind', 'orientation']));
    expect(breakdownsOf('decisions')).toContain('decision');
    expect(breakdownsOf('measures_started')).toEqual(expect.arrayContaining(['orientation', 'axis']));
    expect(breakdownsOf('measures_closed')).toEqual(expect.arrayContaining(['reason', 'housingOutcome']));
    expect(breakdownsOf('visits')).toContain('visitKind');
    expect(breakdownsOf('follow_ups')).toContain('stillHoused');
    for (const id of ['measures_active_end', 'renewals', 'evictions_avoided']) expect(items.map((item) => item.id)).toContain(id);
  });

  it('takes ?limit= (1–100) and ?cursor= as every list does, its pages giving the whole catalogue once', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=4&cursor=${encodeURIComponent(cursor)}` : '?limit=4';
      const page = await system.request('GET', `/stats/catalogue${query}`, { token: analyst });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      ids.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(indicators.map((indicator) => indicator.id));
    for (const query of ['?limit=0', '?limit=101', '?limit=deux', '?cursor=eyJhIjoxfQ', '?cursor=inconnu']) {
      const answer = await system.request('GET', `/stats/catalogue${query}`, { token: analyst });
      expect(answer.status, query).toBe(422);
      expect(answer.body.error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});
