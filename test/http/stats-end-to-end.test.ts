import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/domain/measure-dates.js';
import { policies } from '../../lib/domain/policies.js';
import { lastDayOfMonth } from '../../lib/domain/statistics/count.js';
import { runStatsJob } from '../../lib/store/statistics-run.js';
import { StatsJobStore } from '../../lib/store/statistics-updates.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, homeVisit, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';
import { fetchStats, type StatsRow } from '../support/stats-download.js';

/**
 * The statistics from end to end: households referred and supported through the API, the nightly
 * `stats` job run on what they left, then every download format. What the job counted is what the
 * API recorded, and nothing an analyst downloads names, reaches or locates a household.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let analyst: string;
const today = parisToday();
const month = today.slice(0, 7);
let rowsWhileUnderWay: StatsRow[] = [];

/** Households of the fixtures, each with words no statistic may carry. */
const households = Array.from({ length: 7 }, (_, index) => ({
  lastName: `Zyrkowska${String.fromCharCode(97 + index)}`,
  firstName: `Oriane${index}`,
  email: `oriane.zyrkowska${index}@foyer.example.org`,
  phone: `06 98 76 54 ${String(10 + index)}`,
  line: `${index + 3} impasse des Quenouilles`,
}));

const personal = households.flatMap((household) => [
  household.lastName,
  household.firstName,
  household.email,
  household.phone,
  household.phone.replace(/ /g, ''),
  household.line,
]);

function expectNothingPersonal(text: string) {
  for (const word of personal) expect(text, word).not.toContain(word);
  expect(text).not.toMatch(/referral:|measure:|[0-9a-f]{8}-[0-9a-f]{4}-/);
}

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  analyst = await system.token('a-camille', 'analyst');
  const manager = await system.token('m-1', 'manager');
  const worker = await system.token('w-lucie', 'worker');
  await system.registerStaff('w-lucie', ['worker']);
  for (const [index, household] of households.entries()) {
    const measure = await acceptedMeasure(system, {
      manager,
      workerId: 'w-lucie',
      registered: true,
      referral: {
        household: {
          contact: {
            lastName: household.lastName,
            firstName: household.firstName,
            email: household.email,
            phone: household.phone,
          },
          adults: 1,
          children: index % 3,
          address: { line: household.line, postcode: '55000', commune: 'Bar-le-Duc' },
        },
      },
    });
    // Six of the seven sign their contract; four of them get a home visit today.
    if (index === 6) continue;
    const signed = await system.request('POST', `/measures/${measure.id}/contract`, { token: worker, body: signedContract() });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    if (index < 4) {
      const visited = await system.request('POST', `/measures/${measure.id}/visits`, {
        token: worker,
        body: homeVisit({ notes: `Rencontre avec ${household.firstName} ${household.lastName}, ${household.phone}.` }),
      });
      expect(visited.status, JSON.stringify(visited.body)).toBe(201);
    }
  }
  // A run while the month is under way counts what the day recorded, and shows it as provisional.
  const run = await runStatsJob(new StatsJobStore(system.stores.table), policies.meuse, new Date());
  expect(run.periods).toContain(month);
  const ongoing = await system.request('GET', `/stats?from=${month}&to=${month}&by=month`, { token: analyst });
  expect(ongoing.status).toBe(200);
  rowsWhileUnderWay = ongoing.body.rows as StatsRow[];
  // The night after the month's last day (03:30 in Paris, winter or summer), the same cells are published.
  await runStatsJob(
    new StatsJobStore(system.stores.table),
    policies.meuse,
    new Date(`${addDays(lastDayOfMonth(month), 1)}T01:30:00.000Z`),
  );
});
afterAll(async () => system.stop());

async function download(format: string) {
  const answer = await fetchStats(system.url, `from=${month}&to=${month}&by=month&format=${format}`, analyst);
  expect(answer.status).toBe(200);
  return answer.bytes;
}

describe('statistics from the API’s own records', () => {
  it('shows the month while it runs, as provisional figures, small counts suppressed as in any period', () => {
    const total = (indicator: string) => rowsWhileUnderWay.find((row) => row.indicator === indicator && row.dimension === null);
    expect(total('referrals_received')).toMatchObject({ period: month, value: 7, suppressed: false });
    expect(total('visits')).toMatchObject({ value: null, suppressed: true });
  });

  it('counts, once the month has ended, the referrals, decisions, started measures and visits, suppressing the counts under five', async () => {
    const answer = await system.request('GET', `/stats?from=${month}&to=${month}&by=month`, { token: analyst });
    expect(answer.status).toBe(200);
    const rows = answer.body.rows as StatsRow[];
    const total = (indicator: string) =>
      rows.find((row) => row.indicator === indicator && row.dimension === null && row.territory === 'all');
    expect(total('referrals_received')).toMatchObject({ period: month, value: 7, suppressed: false });
    expect(total('decisions')).toMatchObject({ value: 7, suppressed: false });
    expect(total('measures_started')).toMatchObject({ value: 6, suppressed: false });
    // Four visits by four households: under the threshold of five, so hidden.
    expect(total('visits')).toMatchObject({ value: null, suppressed: true });
    const byKind = rows.filter((row) => row.indicator === 'referrals_received' && row.dimension === 'referrerKind');
    expect(byKind.find((row) => row.category === 'ccas')).toMatchObject({ value: 7, suppressed: false });
    // No visible count is between 1 and 4.
    for (const row of rows)
      if (!row.suppressed && row.value !== null && ['referrals_received', 'decisions', 'visits'].includes(row.indicator))
        expect(row.value === 0 || row.value >= 5, JSON.stringify(row)).toBe(true);
    expectNothingPersonal(JSON.stringify(answer.body));
  });

  it('writes no name, email, phone, address or identifier of a household into any download', async () => {
    const csv = new TextDecoder().decode(await download('csv'));
    expectNothingPersonal(csv);
    const lines = parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';', relaxColumnCount: true }) as string[][];
    expect(lines.some((line) => line.includes('7'))).toBe(true);

    for (const format of ['xlsx', 'ods']) {
      const workbook = XLSX.read(await download(format), { type: 'array' });
      const everything = workbook.SheetNames.map((name) => XLSX.utils.sheet_to_csv(workbook.Sheets[name]!)).join('\n');
      expect(everything).toContain('7');
      expectNothingPersonal(everything);
    }
  });

  it('leaves the catalogue free of any household too', async () => {
    const answer = await system.request('GET', '/stats/catalogue', { token: analyst });
    expect(answer.status).toBe(200);
    expectNothingPersonal(JSON.stringify(answer.body));
  });
});
