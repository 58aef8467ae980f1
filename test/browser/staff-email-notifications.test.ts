import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailSettingsLink } from '../../lib/domain/task-email.js';
import { checkA11y, settled, startStaffBrowser, type StaffBrowser } from '../support/staff-browser.js';

/**
 * « Mes courriels »: a worker and a manager stop the emails of new tasks from the staff pages (the
 * page each email links to), and take them back; the directory records what they chose.
 */

let staff: StaffBrowser;

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [
    { id: 'w-lucie', name: 'Lucie Bernard', groups: ['worker'] },
    { id: 'm-sophie', name: 'Sophie Lambert', groups: ['manager'] },
  ]);
}, 120_000);
afterAll(async () => {
  await staff?.stop();
});

/** What the staff directory holds for `id`, as an administrator reads it. */
async function directorySetting(id: string): Promise<boolean | undefined> {
  const token = await staff.system.token('admin-fixture', 'admin');
  const answer = await staff.system.request('GET', '/staff?limit=100', { token });
  return (answer.body.items as { id: string; emailNotifications?: boolean }[]).find((member) => member.id === id)
    ?.emailNotifications;
}

describe('switching the emails of new tasks off and on in the browser', () => {
  const openByMenu = async (page: Page) =>
    page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes courriels' }).click();
  const openByEmailLink = async (page: Page) => page.goto(emailSettingsLink(staff.url));
  it.each([
    {
      who: 'a worker, from the menu',
      name: 'Lucie Bernard',
      id: 'w-lucie',
      open: openByMenu,
      tasks: ['« Mes tâches »', '#/taches'],
    },
    {
      who: 'a manager, from the emails’ link',
      name: 'Sophie Lambert',
      id: 'm-sophie',
      open: openByEmailLink,
      tasks: ['« Tâches de l’équipe »', '#/taches-equipe'],
    },
  ])(
    'shows $who, the setting the directory holds, after a reload too, and lets them stop the emails and take them back',
    async ({ name, id, open, tasks }) => {
      await staff.withPage(async (page, complaints) => {
        await staff.signIn(page, name);
        await open(page);
        await page.getByRole('heading', { level: 1, name: 'Mes courriels' }).waitFor();
        await settled(page);
        await page.getByText('Vous recevez ces courriels.').waitFor();
        const stop = page.getByRole('button', { name: 'Ne plus recevoir ces courriels' });
        const resume = page.getByRole('button', { name: 'Recevoir ces courriels', exact: true });
        expect([await stop.isVisible(), await resume.isVisible()]).toEqual([true, false]);
        expect(await page.getByRole('link', { name: tasks[0] }).getAttribute('href')).toBe(tasks[1]);
        await checkA11y(page);

        await stop.click();
        await page.getByText('C’est noté : vous ne recevrez plus ces courriels.', { exact: false }).waitFor();
        await page.getByText('Vous ne recevez pas ces courriels.').waitFor();
        expect([await stop.isVisible(), await resume.isVisible()]).toEqual([false, true]);
        expect(await directorySetting(id)).toBe(false);
        await checkA11y(page);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Mes courriels' }).waitFor();
        await settled(page);
        await page.getByText('Vous ne recevez pas ces courriels.').waitFor();
        expect([await stop.isVisible(), await resume.isVisible()]).toEqual([false, true]);

        await resume.click();
        await page.getByText('C’est noté : vous recevrez de nouveau un courriel', { exact: false }).waitFor();
        await page.getByText('Vous recevez ces courriels.').waitFor();
        expect([await stop.isVisible(), await resume.isVisible()]).toEqual([true, false]);
        expect(await directorySetting(id)).toBe(true);
        expect(complaints).toEqual([]);
      });
    },
  );

  it('shows the server’s refusal in French, beside the buttons, and leaves the setting as it was', async () => {
    // The request reaches the real server as someone the directory does not know: its 404.
    const stranger = await staff.system.token('inconnu', 'worker');
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Sophie Lambert', '/courriels');
      await page.getByText('Vous recevez ces courriels.').waitFor();
      await page.route('**/me/email-notifications', (route) =>
        route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${stranger}` } }),
      );
      await page.getByRole('button', { name: 'Ne plus recevoir ces courriels' }).click();
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe(
        'Vous ne figurez pas dans l’annuaire du personnel : demandez à un administrateur de vous y inscrire.',
      );
      expect(await page.evaluate('document.activeElement?.getAttribute("role")')).toBe('alert');
      await page.getByText('Vous recevez ces courriels.').waitFor();
      expect(await directorySetting('m-sophie')).toBe(true);
      await checkA11y(page);
    });
  });
});
