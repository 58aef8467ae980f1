import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, settled, startStaffBrowser, type StaffBrowser } from '../support/staff-browser.js';

/**
 * « Mon agenda »: Lucie gets the private address of her tasks' calendar from the staff pages (no
 * curl), sees it once, and switches it off; the address serves the calendar, then no longer.
 */

let staff: StaffBrowser;

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [{ id: 'w-lucie', name: 'Lucie Bernard', groups: ['worker'] }]);
}, 120_000);
afterAll(async () => {
  await staff?.stop();
});

describe('a worker’s calendar address in the browser', () => {
  it('hands Lucie her calendar address once, which serves her calendar until she switches it off', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Lucie Bernard');
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mon agenda' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
      await settled(page);
      await page.getByText('Vous n’avez pas d’adresse d’agenda en service.').waitFor();
      expect(await page.getByRole('button', { name: 'Désactiver l’adresse' }).isVisible()).toBe(false);
      await checkA11y(page);

      await page.getByRole('button', { name: 'Obtenir l’adresse de mon agenda' }).click();
      const address = page.getByLabel('Adresse de votre agenda');
      await address.waitFor();
      const url = await address.inputValue();
      expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      await page.getByText(/^Une adresse d’agenda est en service depuis le \d/).waitFor();
      await checkA11y(page);
      const calendar = await fetch(url);
      expect(calendar.status).toBe(200);
      expect(await calendar.text()).toContain('BEGIN:VCALENDAR');

      // Back later: the address is in service, but never shown again.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Mon agenda' }).waitFor();
      await settled(page);
      await page.getByText(/^Une adresse d’agenda est en service depuis le \d/).waitFor();
      expect(await page.getByLabel('Adresse de votre agenda').count()).toBe(0);

      await page.getByRole('button', { name: 'Désactiver l’adresse' }).click();
      await page.getByText('L’adresse de votre agenda ne sert plus : vos tâches n’y paraissent plus.').waitFor();
      await page.getByText('Vous n’avez pas d’adresse d’agenda en service.').waitFor();
      expect((await fetch(url)).status).toBe(404);
      await checkA11y(page);
      expect(complaints).toEqual([]);
    });
  });
});
