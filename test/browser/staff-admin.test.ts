import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { checkA11y, settled, signOut, startStaffBrowser, staffUrl, type StaffBrowser } from '../support/staff-browser.js';

let staff: StaffBrowser;

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [
    { id: 'camille', name: 'Camille Roux', groups: ['admin'] },
    { id: 'paul', name: 'Paul Girard', groups: ['worker'], active: false },
  ]);
});
afterAll(async () => {
  await staff?.stop();
});

describe('the staff shell and the admin pages', () => {
  it('shows nothing of the app before sign-in, and the sign-in page lists only active staff', async () => {
    await staff.withPage(async (page, complaints) => {
      const api: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (!path.startsWith('/staff/') && path !== '/config.json' && path !== '/favicon.svg') api.push(path);
      });
      await page.goto(staffUrl(staff.url, '/equipe'));
      await page.getByRole('button', { name: 'Se connecter' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Menu principal' }).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Espace du personnel ASLL']);
      expect(api).toEqual([]);
      await checkA11y(page);

      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Connexion à l’espace du personnel' }).waitFor();
      expect(await page.getByText('il n’y a pas de mot de passe').isVisible()).toBe(true);
      const people = await page.locator('.sign-in-person__name').allTextContents();
      expect(people).toContain('Camille Roux');
      expect(people).not.toContain('Paul Girard');
      await checkA11y(page);
      expect(complaints).toEqual([]);
    });
  });

  it('lets the admin add a worker, who then appears in the directory and on the sign-in page', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Camille Roux');
      await page.getByRole('heading', { level: 1, name: 'Annuaire du personnel' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/equipe');
      await checkA11y(page);

      await page.getByRole('link', { name: 'Ajouter une personne' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ajouter une personne à l’annuaire' }).waitFor();
      await checkA11y(page);
      // Sent empty: the API's messages beside the fields and in the summary.
      await page.getByRole('button', { name: 'Ajouter la personne' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      expect(await page.locator('.error-summary li').count()).toBeGreaterThan(0);
      await checkA11y(page);

      await page.getByLabel(/^Identifiant de connexion/).fill('lucie');
      await page.getByLabel(/^Prénom et nom/).fill('Lucie Martin');
      await page.getByLabel(/^Adresse e-mail professionnelle/).fill('lucie.martin@meuse.example.fr');
      await page
        .getByRole('group', { name: /^Groupes/ })
        .getByLabel('Travailleur social référent')
        .check();
      await page.getByLabel(/^Territoire/).fill('Bar-le-Duc');
      await page.getByRole('button', { name: 'Ajouter la personne' }).click();
      await page.getByText('Lucie Martin fait désormais partie de l’annuaire et peut se connecter.').waitFor();
      const row = page.getByRole('row', { name: /Lucie Martin/ });
      expect(await row.textContent()).toContain('Bar-le-Duc');
      expect(await row.textContent()).toContain('Actif');

      await signOut(page);
      await page.getByText('Vous êtes déconnecté').waitFor();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      expect(await page.locator('.sign-in-person__name').allTextContents()).toContain('Lucie Martin');
      expect(complaints).toEqual([]);
    });
  });

  it('lets the admin deactivate and reactivate someone, and filter by group', async () => {
    await staff.withPage(async (page) => {
      await staff.register({ id: 'sami', name: 'Sami Benali', groups: ['manager'] });
      await staff.signIn(page, 'Camille Roux');
      const row = page.getByRole('row', { name: /Sami Benali/ });
      await row.getByRole('button', { name: 'Désactiver Sami Benali' }).click();
      await row.getByText('Inactif').waitFor();
      const accounts = staff.system.accounts.accounts();
      expect(accounts.sami?.active).toBe(false);
      await row.getByRole('button', { name: 'Réactiver Sami Benali' }).click();
      await row.getByText('Actif', { exact: true }).waitFor();

      await page.getByLabel('Groupe', { exact: true }).selectOption({ label: 'Administrateur' });
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('Personnes du groupe « Administrateur »').waitFor();
      const names = await page.locator('tbody th').allTextContents();
      expect(names).toContain('Camille Roux');
      expect(names).not.toContain('Sami Benali');
    });
  });

  it('lists the directory by name as a French reader sorts it: « Exemple 2 » before « Exemple 10 », accents aside', async () => {
    for (const name of ['Exemple 10', 'Exemple 2', 'Émile Exemple', 'Exemple 1'])
      await staff.register({ id: `tri-${name.replace(/\W+/g, '-')}`, name, groups: ['worker'] });
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Camille Roux');
      await page.getByRole('heading', { level: 1, name: 'Annuaire du personnel' }).waitFor();
      await settled(page);
      const names = await page.locator('tbody th').allTextContents();
      expect(names.filter((name) => /Exemple/.test(name))).toEqual(['Émile Exemple', 'Exemple 1', 'Exemple 2', 'Exemple 10']);
      expect(names).toEqual([...names].sort(new Intl.Collator('fr', { numeric: true }).compare));
      expect(complaints).toEqual([]);
    });
  });

  it('keeps the admin from locking herself out: no « Désactiver » on her own row, her own admin group kept', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Camille Roux');
      const own = page.getByRole('row', { name: /Camille Roux/ });
      await own.getByText('Votre compte').waitFor();
      expect(await own.getByRole('button').count()).toBe(0);

      await own.getByRole('link', { name: 'Modifier Camille Roux' }).click();
      await page.getByRole('heading', { level: 1, name: 'Modifier : Camille Roux' }).waitFor();
      await page
        .getByRole('group', { name: /^Groupes/ })
        .getByLabel('Administrateur')
        .uncheck();
      await page
        .getByRole('group', { name: /^Groupes/ })
        .getByLabel('Travailleur social référent')
        .check();
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      expect(await page.getByRole('group', { name: /^Groupes/ }).textContent()).toContain(
        'Vous ne pouvez pas vous retirer vous-même le groupe « Administrateur »',
      );
      expect(staff.system.accounts.accounts().camille?.groups).toEqual(['admin']);
      await checkA11y(page);
      expect(complaints).toEqual([]);
    });
  });

  it('shows a file’s journal, oldest first, entered by its reference or by an id', async () => {
    await staff.register({ id: 'lucie-j', name: 'Lucie Journal', groups: ['worker'] });
    const created = await staff.system.request('POST', '/referrals', { body: validReferral() });
    const manager = await staff.system.token('sophie', 'manager');
    const decided = await staff.system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: { ...acceptance, workerId: 'lucie-j', decidedOn: parisToday() },
    });
    expect(decided.status).toBe(201);
    const measureId: string = decided.body.measure.id;
    await staff.system.request('GET', `/measures/${measureId}`, { token: manager });

    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Camille Roux', '/journal');
      await page.getByRole('heading', { level: 1, name: 'Journal d’un dossier' }).waitFor();
      await checkA11y(page);
      await page.getByLabel(/^Référence ou identifiant du dossier/).fill('pas-un-identifiant');
      await page.getByRole('button', { name: 'Afficher le journal' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      await checkA11y(page);

      const operations = async (section: string) => {
        const region = page.getByRole('region', { name: section });
        await region.locator('tbody tr').first().waitFor();
        return region.locator('tbody td[data-label="Opération"]').allTextContents();
      };
      // The reference a household holds: the referral's journal, then the measure's, each headed by it.
      const { reference } = created.body;
      await page.getByLabel(/^Référence ou identifiant du dossier/).fill(reference.toLowerCase());
      await page.getByRole('button', { name: 'Afficher le journal' }).click();
      await page.getByRole('heading', { level: 2, name: `Journal de la mesure ${reference}` }).waitFor();
      await settled(page);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        `Journal de la demande ${reference}`,
        `Journal de la mesure ${reference}`,
      ]);
      expect(await operations(`Journal de la demande ${reference}`)).toEqual([
        'Réception de la demande',
        'Décision sur la demande',
      ]);
      expect(await operations(`Journal de la mesure ${reference}`)).toEqual([
        'Décision sur la demande',
        'Consultation du dossier',
      ]);
      expect(await page.locator('.journal tbody td[data-label="Personne"]').first().textContent()).toBe('Formulaire public');
      await checkA11y(page);

      // By an id, which names no reference: the id is said under the heading, not in it.
      await page.getByLabel(/^Référence ou identifiant du dossier/).fill(measureId);
      await page.getByRole('button', { name: 'Afficher le journal' }).click();
      await page.waitForURL(/mesure=/);
      await page.getByRole('heading', { level: 2, name: 'Journal de la mesure', exact: true }).waitFor();
      await settled(page);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Journal de la mesure']);
      const byId = page.getByRole('region', { name: 'Journal de la mesure' });
      expect(await byId.getByText('Identifiant :').textContent()).toBe(`Identifiant : ${measureId}`);
      expect(await operations('Journal de la mesure')).toEqual(['Décision sur la demande', 'Consultation du dossier']);
      expect(await page.locator('.journal tbody td[data-label="Personne"]').first().textContent()).toContain('sophie');

      // A bad entry then: its message, and nothing left of the journal shown before.
      await page.getByLabel(/^Référence ou identifiant du dossier/).fill('ASLL-2026');
      await page.getByRole('button', { name: 'Afficher le journal' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      expect(await page.locator('.journal').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Il y a un problème']);

      await page.getByLabel(/^Référence ou identifiant du dossier/).fill('ASLL-1999-000001');
      await page.getByRole('button', { name: 'Afficher le journal' }).click();
      await page.getByText('Aucune demande ne porte la référence « ASLL-1999-000001 »').waitFor();
      // The browser logs the 404 of the unknown reference, asked on purpose; nothing else.
      expect(complaints.filter((complaint) => !complaint.includes('status of 404'))).toEqual([]);
    });
  });

  it('answers an unknown address with a page of its own, inside the shell', async () => {
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Camille Roux', '/nulle-part');
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
      expect(await page.title()).toBe('Page introuvable — ASLL');
      await checkA11y(page);
      await page.getByRole('link', { name: 'Revenir à l’accueil' }).click();
      await page.getByRole('heading', { level: 1, name: 'Annuaire du personnel' }).waitFor();
    });
  });

  it('keeps the ID token out of web storage, keeps the session across a reload, and renews the token before it expires', async () => {
    await staff.withPage(async (page) => {
      await page.clock.install();
      const renewals: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/oauth2/token')
          renewals.push(new URLSearchParams(request.postData() ?? '').get('grant_type')!);
      });
      await staff.signIn(page, 'Camille Roux');
      const storage = (await page.evaluate(
        '({ local: Object.keys(localStorage), session: Object.keys(sessionStorage), values: Object.values(sessionStorage).join(" "), cookies: document.cookie })',
      )) as { local: string[]; session: string[]; values: string; cookies: string };
      expect(storage.local).toEqual([]);
      expect(storage.session).toEqual(['asll.staff.refresh']);
      expect(storage.values).not.toMatch(/^ey/);
      expect(storage.cookies).toBe('');
      expect(renewals).toEqual(['authorization_code']);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Annuaire du personnel' }).waitFor();
      expect(renewals).toEqual(['authorization_code', 'refresh_token']);

      // 58 minutes on: the one-hour token is renewed before the API would refuse it.
      await page.clock.fastForward('58:30');
      await expect.poll(() => renewals.length).toBe(3);
      expect(renewals[2]).toBe('refresh_token');
    });
  });

  it('sends the person back to sign-in when the API answers 401', async () => {
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Camille Roux');
      await page.route('**/staff?*', (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: '{"error":{"code":"UNAUTHORIZED","message":"","details":[]}}',
        }),
      );
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('Votre session a expiré').waitFor();
      expect(await page.getByRole('button', { name: 'Se connecter' }).isVisible()).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Menu principal' }).isVisible()).toBe(false);
      expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
      await checkA11y(page);
    });
  });

  it('tells a person whose account was deactivated during their session why they are signed out, not that it expired', async () => {
    await staff.register({ id: 'ines', name: 'Inès Moreau', groups: ['worker'] });
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Inès Moreau');
      await page.getByRole('heading', { level: 1, name: 'Mes tâches' }).waitFor();
      await staff.register({ id: 'ines', name: 'Inès Moreau', groups: ['worker'], active: false });

      await page.getByRole('link', { name: 'Mes mesures' }).click();
      await page.getByRole('button', { name: 'Se connecter' }).waitFor();
      const shown = await page.getByRole('main').textContent();
      expect(shown).toContain(
        'Ce compte du personnel est désactivé : il ne donne plus accès à l’application. Adressez-vous à un administrateur.',
      );
      expect(shown).not.toContain('expiré');
      await checkA11y(page);
    });
  });

  it('lets the admin change someone’s groups and territory', async () => {
    await staff.register({ id: 'nora', name: 'Nora Blanc', groups: ['worker'] });
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Camille Roux');
      await page
        .getByRole('row', { name: /Nora Blanc/ })
        .getByRole('link', { name: 'Modifier Nora Blanc' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Modifier : Nora Blanc' }).waitFor();
      await settled(page);
      await checkA11y(page);
      const groups = page.getByRole('group', { name: /^Groupes/ });
      expect(await groups.getByLabel('Travailleur social référent').isChecked()).toBe(true);
      await groups.getByLabel('Travailleur social référent').uncheck();
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      // No group: the API's message beside the group and in the summary, which takes the focus.
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      expect(await page.locator('.error-summary').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(
        true,
      );
      expect(await groups.locator('.field-error').textContent()).toBe('Indiquez au moins un groupe.');
      await checkA11y(page);
      await groups.getByLabel('Encadrement (chef de service, commission ASLL)').check();
      await page.getByLabel(/^Territoire/).fill('Commercy');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByText('Les informations de Nora Blanc sont enregistrées.').first().waitFor();
      const row = page.getByRole('row', { name: /Nora Blanc/ });
      expect(await row.textContent()).toContain('Commercy');
      expect(await row.textContent()).toContain('Encadrement');
      expect(staff.system.accounts.accounts().nora?.groups).toEqual(['manager']);
      // The browser logs the 422 it was shown on purpose; nothing else.
      expect(complaints.filter((complaint) => !complaint.includes('status of 422'))).toEqual([]);
    });
  });

  it('refuses a page of another group with a page of its own', async () => {
    await staff.register({ id: 'leo', name: 'Léo Garnier', groups: ['worker'] });
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Léo Garnier', '/equipe');
      await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
      expect(await page.getByRole('link', { name: 'Annuaire du personnel' }).count()).toBe(0);
      await checkA11y(page);
    });
  });

  it('can be used with the keyboard: the skip link, then the menu', async () => {
    await staff.withPage(async (page) => {
      await staff.signIn(page, 'Camille Roux');
      // The page's h1 has the focus; backwards: the menu, the sign-out button, then the skip link.
      const backwards: string[] = [];
      while (backwards.at(-1) !== 'Aller au contenu' && backwards.length < 10) {
        await page.keyboard.press('Shift+Tab');
        backwards.push((await page.evaluate('document.activeElement.textContent')) as string);
      }
      // (Other areas' pages open to admins may add menu entries: only the order around them is checked.)
      expect(backwards.slice(-2)).toEqual(['Se déconnecter', 'Aller au contenu']);
      expect(backwards).toEqual(expect.arrayContaining(['Journal d’un dossier', 'Annuaire du personnel']));
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('contenu');
      expect(new URL(page.url()).hash).toBe('#/equipe');
      await page.getByRole('link', { name: 'Journal d’un dossier' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Journal d’un dossier' }).waitFor();
      // The new page's title has the focus: a screen reader starts there.
      expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    });
  });
});
