import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillReferralForm, launchBrowser, openForm, openPage } from '../support/browser.js';
import { startTestRuntime } from '../support/runtime.js';

// Its own file: handlers read the department policy once per module graph.
let system: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;

beforeAll(async () => {
  system = await startTestRuntime('asell-intensif');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the referral form under the asell-intensif policy', () => {
  it('gives the sector social worker as the only referrer, already chosen, and stores the referral under that kind', async () => {
    const { page, close } = await openPage(browser);
    try {
      await openForm(page, system.url);
      const list = page.getByLabel(/^Vous faites cette demande en tant que/);
      expect(await list.locator('option').allTextContents()).toEqual(['Travailleur social de secteur']);
      expect(await list.inputValue()).toBe('travailleur_social');
      // One professional, not « l’un d’eux ».
      await expect(page.locator('#who-may-refer').textContent()).resolves.toBe(
        'Dans ce département, la demande est faite par un professionnel : Travailleur social de secteur. Si vous souhaitez un accompagnement, adressez-vous à lui : il fera la demande avec vous.',
      );

      await fillReferralForm(page, { referrerKind: null });
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demande enregistrée' }).waitFor();
      const stored = (await system.stores.referrals.list('received', { limit: 10 })).items;
      expect(stored.map((referral) => referral.referrer.kind)).toEqual(['travailleur_social']);
    } finally {
      await close();
    }
  });
});
