import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, fillReferralForm, focusedId, launchBrowser, openForm, openPage } from '../support/browser.js';
import { startTestRuntime } from '../support/runtime.js';

// Its own file: handlers read the department policy once per module graph.
let system: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;

beforeAll(async () => {
  system = await startTestRuntime('dordogne');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const referrerList = /^Vous faites cette demande en tant que/;

describe('the referral form under the dordogne policy', () => {
  it('offers only the four referrers the department allows, and tells a household whom to ask', async () => {
    const { page, complaints, close } = await openPage(browser);
    try {
      await openForm(page, system.url);
      expect(await page.getByLabel(referrerList).locator('option').allTextContents()).toEqual([
        'Choisissez dans la liste',
        'Travailleur social de secteur',
        'Mission Locale',
        'ADIL (Agence départementale d’information sur le logement)',
        'UDAF',
      ]);
      await expect(
        page.getByText('Dans ce département, la demande est faite par un professionnel').textContent(),
      ).resolves.toContain(
        'Travailleur social de secteur, Mission Locale, ADIL (Agence départementale d’information sur le logement) ou UDAF.',
      );
      await expect(page.getByText('Vous pouvez faire cette demande pour vous-même').count()).resolves.toBe(0);
      // Nor anywhere else on the page, the consent's hint included.
      expect(await page.locator('body').innerText()).not.toMatch(/vous-même/);
      await expect(page.getByText('Dordogne (UDAF 24)').isVisible()).resolves.toBe(true);
      expect(complaints).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the server’s refusal of a referrer the department does not allow next to the list, stores nothing, then sends once corrected', async () => {
    const { page, close } = await openPage(browser);
    try {
      // A form description from before the policy changed (it is cacheable for five minutes) still offers the CCAS.
      await page.route('**/referral-form', async (route) => {
        const response = await route.fetch();
        const description = await response.json();
        await route.fulfill({
          response,
          json: { ...description, allowedReferrerKinds: [...description.allowedReferrerKinds, 'ccas'] },
        });
      });
      const itemsBefore = await system.countItems();
      await openForm(page, system.url);
      await fillReferralForm(page, { referrerKind: 'CCAS' });
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();

      const summary = page.locator('#error-summary');
      await summary.waitFor();
      expect(await focusedId(page)).toBe('error-summary');
      const refusal =
        'Dans ce département, une demande d’ASLL ne peut être adressée que par : Travailleur social de secteur, Mission Locale, ADIL (Agence départementale d’information sur le logement) ou UDAF.';
      expect(await summary.getByRole('link').allTextContents()).toEqual([refusal]);
      expect(await summary.getByRole('link').getAttribute('href')).toBe('#referrer-kind');
      const list = page.getByLabel(referrerList);
      expect(await list.getAttribute('aria-invalid')).toBe('true');
      expect(await list.getAttribute('aria-describedby')).toBe('referrer-kind-error');
      expect(await page.locator('#referrer-kind-error').textContent()).toBe(`Erreur : ${refusal}`);
      expect(await system.countItems()).toBe(itemsBefore);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: '/tmp/asll-form-server-error.png' });

      // Corrected on the same page (same idempotency key, new body): stored.
      await list.selectOption({ label: 'Mission Locale' });
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demande enregistrée' }).waitFor();
      const reference = (await page.locator('#reference').textContent()) ?? '';
      expect(reference).toMatch(/^ASLL-\d{4}-\d{6}$/);
      const stored = (await system.stores.referrals.list('received', { limit: 10 })).items;
      expect(stored.map((referral) => [referral.reference, referral.referrer.kind])).toEqual([[reference, 'mission_locale']]);
      // The contract is tripartite here: the referrer is told they sign it too.
      expect(await page.locator('#contract-signatories').textContent()).toBe(
        'que signent le ménage, le travailleur social et vous, qui faites la demande (convention tripartite)',
      );
    } finally {
      await close();
    }
  });
});
