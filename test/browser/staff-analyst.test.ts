import { suppressionNote } from '../../lib/domain/statistics/table.js';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { parisToday } from '../support/dates.js';
import { count, seedStatsCells, seedStatsRun } from '../support/statistics-cells.js';
import { checkA11y, settled, startStaffBrowser, type StaffBrowser } from '../support/staff-browser.js';

/**
 * The analyst's journey (issue 9, item 7): Camille signs in, lands on « Statistiques », reads the
 * charts and their tables (« s », secret statistique, where a count is suppressed), changes the period, and downloads
 * the XLSX, read back here with SheetJS. The figures are cells seeded as the nightly `stats` job
 * stores them, in the two months before this one and the quarter before this one (periods that
 * have ended), and in this month, under way at the run, whose cells are all « s » until it ends; so
 * that the default view (the last twelve months) holds them whatever the day the test runs.
 */

let staff: StaffBrowser;
let downloads: string;

const today = parisToday();
const year = today.slice(0, 4);
const thisMonth = today.slice(0, 7);
const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 2, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
};
const lastMonth = monthBefore(thisMonth);
const monthBeforeLast = monthBefore(lastMonth);
const quarter = Math.ceil(Number(thisMonth.slice(5, 7)) / 3);
// The quarter before this one, which has ended: the fourth of last year in the first quarter.
const endedQuarter = quarter === 1 ? 4 : quarter - 1;
const endedQuarterYear = quarter === 1 ? String(Number(year) - 1) : year;
const monthName = (month: string) =>
  `${new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`))} ${month.slice(0, 4)}`;
const endedQuarterName = `${endedQuarter === 1 ? '1er' : `${endedQuarter}e`} trimestre ${endedQuarterYear}`;

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [{ id: 'camille', name: 'Camille Petit', groups: ['analyst'] }]);
  downloads = await mkdtemp(join(tmpdir(), 'asll-analyst-'));
});
afterAll(async () => {
  await staff?.stop();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** A fresh browser context for this test, closed when the test ends. */
async function openPage() {
  const opened = await staff.open();
  onTestFinished(() => opened.close());
  return opened;
}

/** The rows of the table whose caption starts with `caption`, as the cells' texts. */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table').filter({ has: page.locator('caption', { hasText: caption }) });
  await table.first().waitFor();
  return table
    .first()
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(
          (row as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells,
          (cell) => cell.textContent ?? '',
        ),
      ),
    );
}

describe('the analyst dashboard', () => {
  it('says plainly that the statistics have not been computed yet before the first nightly run', async () => {
    const { page, complaints } = await openPage();
    await staff.signIn(page, 'Camille Petit');
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/statistiques');
    await page.getByText('Les statistiques n’ont pas encore été calculées').waitFor();
    expect(await page.getByRole('button', { name: /Télécharger en XLSX/ }).isVisible()).toBe(false);
    expect(await page.locator('table').count()).toBe(0);
    await checkA11y(page);
    expect(complaints).toEqual([]);
  });

  it('shows charts and tables with « s », changes the period, and downloads the XLSX', async () => {
    const table = staff.system.stores.table;
    await seedStatsCells(table, 'month', lastMonth, 'all', {
      [cellKey('referrals_received', null, null)]: count(12),
      [cellKey('referrals_received', 'referrerKind', 'ccas')]: count(3),
      [cellKey('referrals_received', 'referrerKind', 'mairie')]: count(9),
      [cellKey('measures_started', null, null)]: count(6),
      [cellKey('measures_active_end', null, null)]: count(20),
      [cellKey('measures_closed', null, null)]: count(7),
      [cellKey('measures_closed', 'reason', 'objectives_met')]: count(5),
      [cellKey('measures_closed', 'reason', 'term')]: count(2),
      [cellKey('visits', null, null)]: count(8),
    });
    await seedStatsCells(table, 'month', monthBeforeLast, 'all', {
      [cellKey('referrals_received', null, null)]: count(2),
      [cellKey('visits', null, null)]: count(15),
    });
    // This month, under way at the run: its provisional figures (no measure closed yet).
    await seedStatsCells(table, 'month', thisMonth, 'all', {
      [cellKey('referrals_received', null, null)]: count(30),
    });
    await seedStatsCells(table, 'quarter', `${endedQuarterYear}-Q${endedQuarter}`, 'all', {
      [cellKey('referrals_received', null, null)]: count(14),
      [cellKey('measures_started', null, null)]: count(6),
      [cellKey('visits', null, null)]: count(23),
    });
    await seedStatsRun(table, new Date().toISOString());

    const { page, complaints } = await openPage();
    await staff.signIn(page, 'Camille Petit');
    await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
    await page.getByText(/^Dernière mise à jour : /).waitFor();

    // Referrals per month: 12 last month; the month before, 2 households, shown « s »; this month, under way, 30 so far.
    const referrals = await tableRows(page, 'Demandes reçues, par mois');
    expect(referrals).toContainEqual([monthName(lastMonth), '12']);
    expect(referrals).toContainEqual([monthName(monthBeforeLast), 's']);
    expect(referrals).toContainEqual([`${monthName(thisMonth)} (en cours)`, '30']);
    expect(await page.locator('.stats-ongoing').textContent()).toContain(
      `Période en cours, chiffres provisoires : la période ${monthName(thisMonth)} est en cours.`,
    );
    expect(await tableRows(page, 'Mesures commencées et mesures en cours, par mois')).toContainEqual([
      monthName(lastMonth),
      '6',
      '20',
    ]);
    expect(await tableRows(page, 'Rencontres avec les ménages, par mois')).toContainEqual([monthName(monthBeforeLast), '15']);
    // Measures closed by reason, opened on last month (none closed yet this month): 2 « à l’échéance » hidden, and the 5
    // with them (7 − 5 would tell).
    const closed = await tableRows(page, 'Mesures terminées par motif de fin');
    expect(closed[0]).toEqual(['Ensemble', '7']);
    expect(closed).toContainEqual(['Objectifs atteints', 's']);
    expect(closed).toContainEqual(['Fin de la mesure à son échéance', 's']);
    expect(closed).toContainEqual(['Déménagement du ménage', '0']);

    // The charts are drawn (SVG bars), and a suppressed value is marked, not drawn as a bar.
    await page.locator('.stats-chart svg .ct-bar').first().waitFor({ state: 'attached' });
    expect(await page.locator('.stats-chart svg .ct-suppressed').first().textContent()).toBe('s');
    // The same « s » and the same words as the downloads: not always a small number.
    expect(await page.locator('.stats-legend').first().textContent()).toContain(suppressionNote(5));
    await expect.poll(() => page.getByText('ne vaut pas 0').count()).toBeGreaterThan(0);
    // The definitions come from the catalogue.
    await page.getByText('Définition : Demandes d’ASLL reçues').first().click();
    expect(
      await page
        .getByText(/dont la date de réception \(receivedOn\) tombe dans la période/)
        .first()
        .isVisible(),
    ).toBe(true);
    await checkA11y(page);

    // By quarter, a month inside a quarter is refused, in the words of the field beside it.
    await page.getByLabel('Trimestre').check();
    await page.getByLabel(/^Du mois de/).fill(`${year}-02`);
    await page.getByLabel(/^Au mois de/).fill(`${year}-12`);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
    expect(await page.locator('.error-summary li').first().textContent()).toMatch(
      /^Par trimestre, le mois de début doit être le premier mois d’un trimestre/,
    );
    await checkA11y(page);
    // A start after the end, likewise: never the API's parameter names.
    await page.getByLabel(/^Au mois de/).fill(`${year}-03`);
    await page.getByLabel(/^Du mois de/).fill(`${year}-10`);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain(`Le mois de début (octobre ${year}) doit précéder le mois de fin (mars ${year}) ou lui être égal.`);
    expect(await page.locator('.error-summary').textContent()).not.toMatch(/\b(from|to)\b/);
    await page.getByLabel(/^Au mois de/).fill(`${endedQuarterYear}-12`);

    await page.getByLabel(/^Du mois de/).fill(`${endedQuarterYear}-01`);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await settled(page);
    const byQuarter = await tableRows(page, 'Demandes reçues, par trimestre');
    expect(byQuarter).toContainEqual([endedQuarterName, '14']);
    expect(await page.locator('.error-summary').count()).toBe(0);

    // The XLSX of the quarters shown: a real file, under the name the API gives it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Télécharger en XLSX/ }).click(),
    ]);
    // The quarters the last run had begun: up to this one, in this year; all four of last year's.
    const lastQuarter = endedQuarterYear === year ? quarter : 4;
    expect(download.suggestedFilename()).toBe(`asll-statistiques-${endedQuarterYear}-T1-T${lastQuarter}.xlsx`);
    const saved = join(downloads, download.suggestedFilename());
    await download.saveAs(saved);
    const workbook = XLSX.read(await readFile(saved), { type: 'buffer' });
    expect(workbook.SheetNames).toEqual(['Statistiques', 'Définitions']);
    const sheet: unknown[][] = XLSX.utils.sheet_to_json(workbook.Sheets['Statistiques']!, { header: 1, raw: true });
    const headings = sheet.find((row) => row.includes('Indicateur'))!;
    const column = headings.indexOf(`T${endedQuarter} ${endedQuarterYear}`);
    expect(column).toBeGreaterThan(0);
    const received = sheet.find((row) => row[0] === 'Demandes d’ASLL reçues' && row[2] === 'Ensemble')!;
    expect(received[column]).toBe(14);
    const visits = sheet.find((row) => row[0] === 'Rencontres avec les ménages' && row[2] === 'Ensemble')!;
    expect(visits[column]).toBe(23);
    await checkA11y(page);
    // The page refused the periods itself: the API was asked nothing it would refuse.
    expect(complaints).toEqual([]);
  });
});
