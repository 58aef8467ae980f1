import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** The machine's Chromium (installed from Debian), never one downloaded by Playwright. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * In French, as the people using the pages: the pages' own text is French whatever the browser,
 * but a date field shows its value in the browser's language (« 02/12/2026 », not « 12/02/2026 »).
 * Debian's Chromium has that language only with the `chromium-l10n` package; without it, English.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    env: { ...process.env, LANGUAGE: 'fr' },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page that records what the browser complains about: script errors and Content-Security-Policy
 * refusals (the page must run under the gateway's strict policy without any).
 */
export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: options.height ?? 900 },
    locale: 'fr-FR',
  });
  const page = await context.newPage();
  const complaints: string[] = [];
  page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') complaints.push(`console: ${message.text()}`);
  });
  return { page, complaints, close: () => context.close() };
}

/** Opens the form and waits until its description has loaded. */
export async function openForm(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: /Demander un accompagnement social/ }).waitFor();
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules, plus best practices) on the page as it is.
 * axe is evaluated from its source through the DevTools protocol, which the page's CSP does not
 * govern: page.addScriptTag would insert an inline script, which `script-src 'self'` refuses, and
 * bypassCSP would switch off the very policy the page must live with.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe !== "undefined"');
  if (!loaded) await page.evaluate(await axeSource);
  const results = (await page.evaluate(`
    axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
      .then((results) => ({
        passes: results.passes.length,
        violations: results.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        })),
      }))
  `)) as { passes: number; violations: AxeViolation[] };
  // An audit that checked nothing would also find nothing.
  expect(results.passes).toBeGreaterThan(10);
  return results.violations;
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** The id of the focused element ('' when none has one). */
export async function focusedId(page: Page): Promise<string> {
  return (await page.evaluate('document.activeElement ? document.activeElement.id : ""')) as string;
}

/**
 * Presses Tab until the element with `id` has the focus: proves it can be reached with the
 * keyboard, in page order, without depending on how many stops lie before it.
 */
export async function tabTo(page: Page, id: string, maxPresses = 80): Promise<void> {
  for (let press = 0; press < maxPresses; press += 1) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} was not reached with ${maxPresses} presses of Tab (focus on #${await focusedId(page)})`);
}

export interface ReferralAnswers {
  /** The label of the referrer kind to choose; null leaves the list as it is. */
  referrerKind?: string | null;
  lastName?: string;
}

/**
 * Fills the form as a person would, by the visible labels: a CCAS referring a tenant household
 * (the same situation as test/support/fixtures.ts), optional e-mails and phones left empty.
 */
export async function fillReferralForm(page: Page, answers: ReferralAnswers = {}): Promise<void> {
  if (answers.referrerKind !== null) {
    await page.getByLabel(/^Vous faites cette demande en tant que/).selectOption({ label: answers.referrerKind ?? 'CCAS' });
  }
  const organisation = page.getByLabel(/^Organisme ou service/);
  if (await organisation.isVisible()) await organisation.fill('CCAS de Bar-le-Duc');
  await page.getByLabel(/^Vos nom et prénom/).fill('Claire Martin');
  await page.getByLabel(/^Nom de famille/).fill(answers.lastName ?? 'Durand');
  await page.getByLabel(/^Prénom/).fill('Léa');
  await page.getByLabel(/^Nombre d’adultes/).fill('1');
  await page.getByLabel(/^Nombre d’enfants/).fill('2');
  await page.getByLabel(/^Adresse$/).fill('12 rue des Tilleuls');
  await page.getByLabel(/^Code postal/).fill('55000');
  await page.getByLabel(/^Commune/).fill('Bar-le-Duc');
  await page.getByLabel(/^Situation du ménage par rapport au logement/).selectOption({ label: 'Locataire' });
  await page.getByLabel(/^Type de bailleur/).selectOption({ label: 'Bailleur social' });
  await page.getByLabel(/^Loyer mensuel/).fill('480,50');
  await page.getByLabel(/^Montant des impayés/).fill('1 250');
  await page.getByLabel(/^Procédure d’expulsion/).selectOption({ label: 'Commandement de payer' });
  await page.getByLabel('Impayés de loyer', { exact: true }).check();
  await page.getByLabel('Difficultés de gestion du budget', { exact: true }).check();
  await page.getByLabel('Maintien dans le logement', { exact: true }).check();
  for (const question of [/hébergé dans une structure/, /déjà accompagné par un autre dispositif/, /mesure de protection/]) {
    await page.getByRole('group', { name: question }).getByLabel('Non', { exact: true }).check();
  }
  await page.getByLabel('Votre message', { exact: true }).fill('Ménage en difficulté depuis la perte d’emploi de Mme Durand.');
  await page.getByLabel(/Le ménage est d’accord pour être accompagné/).check();
  await page.getByLabel(/J’ai pris connaissance de la notice/).check();
}
