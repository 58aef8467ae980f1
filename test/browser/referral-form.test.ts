import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../lib/domain/referral.js';
import {
  axeViolations,
  expectNoAxeViolations,
  fillReferralForm,
  focusedId,
  launchBrowser,
  openForm,
  openPage,
  tabTo,
} from '../support/browser.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;
let manager: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  browser = await launchBrowser();
  manager = await system.token('m1', 'manager');
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const referenceFormat = /^ASLL-\d{4}-\d{6}$/;
const uuidFormat = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function storedReferrals(): Promise<Referral[]> {
  return (await system.stores.referrals.list('received', { limit: 100 })).items;
}

/** Runs `test` on a fresh page (own context) and closes it, whatever happens. */
async function withPage(test: (page: Page, complaints: string[]) => Promise<void>, viewport?: { width: number; height: number }) {
  const { page, complaints, close } = await openPage(browser, viewport);
  try {
    await test(page, complaints);
  } finally {
    await close();
  }
}

function referralPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/referrals')) posts.push(request);
  });
  return posts;
}

async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
}

async function confirmedReference(page: Page): Promise<string> {
  await page.getByRole('heading', { level: 1, name: 'Demande enregistrée' }).waitFor();
  return (await page.locator('#reference').textContent()) ?? '';
}

describe('the public referral form', () => {
  it('builds every list of choices from the form description of the API', async () => {
    const description = (await system.request('GET', '/referral-form')).body;
    await withPage(async (page, complaints) => {
      await openForm(page, system.url);

      const optionTexts = (label: RegExp) => page.getByLabel(label).locator('option').allTextContents();
      const labelsOf = (vocabulary: string) => Object.values(description.labels[vocabulary] as Record<string, string>);
      expect(await optionTexts(/^Vous faites cette demande en tant que/)).toEqual([
        'Choisissez dans la liste',
        ...description.allowedReferrerKinds.map((kind: string) => description.labels.referrerKinds[kind]),
      ]);
      expect(await optionTexts(/^Situation du ménage/)).toEqual(['Choisissez dans la liste', ...labelsOf('occupancyStatuses')]);
      expect(await optionTexts(/^Type de bailleur/)).toEqual(['Non renseigné', ...labelsOf('landlordTypes')]);
      expect(await optionTexts(/^Procédure d’expulsion/)).toEqual(['Non renseigné', ...labelsOf('evictionStages')]);
      const difficulties = page.getByRole('group', { name: 'Les difficultés rencontrées' });
      expect(await difficulties.getByRole('checkbox').count()).toBe(labelsOf('difficulties').length);
      for (const label of labelsOf('difficulties'))
        await expect(difficulties.getByLabel(label, { exact: true }).isVisible()).resolves.toBe(true);
      const orientation = page.getByRole('group', { name: /Quel accompagnement demandez-vous/ });
      expect(await orientation.locator('label').allTextContents()).toEqual(labelsOf('orientations'));

      // The household may refer itself under this policy, and the page says so.
      await expect(page.getByText('Vous pouvez faire cette demande pour vous-même').isVisible()).resolves.toBe(true);
      // Required answers are marked in words; the message counter starts at the API's limit.
      await expect(page.getByText(/^Nom de famille \(obligatoire\)$/).isVisible()).resolves.toBe(true);
      await expect(page.locator('#message-count').textContent()).resolves.toBe('Il vous reste 2\u202f000 caractères.');
      expect(complaints).toEqual([]);
    });
  });

  it('stores a filled form and confirms it with its reference number, which takes the focus', async () => {
    await withPage(async (page, complaints) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      await fillReferralForm(page);
      await send(page);

      const reference = await confirmedReference(page);
      expect(reference).toMatch(referenceFormat);
      expect(await focusedId(page)).toBe('confirmation-title');
      await expect(
        page.getByText(`Votre demande a bien été enregistrée sous la référence ${reference}.`).isVisible(),
      ).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Et maintenant ?' }).isVisible()).resolves.toBe(true);
      expect(await page.title()).toMatch(/^Demande enregistrée/);
      // Under meuse the household and the worker sign the contract, not the referrer.
      expect(await page.locator('#contract-signatories').textContent()).toBe('que le ménage signe');
      await page.screenshot({ path: '/tmp/asll-form-confirmation.png', fullPage: true });

      // Numbers travel as numbers, empty optional answers are left out.
      expect(posts).toHaveLength(1);
      const sent = posts[0]!.postDataJSON();
      expect(sent.household).toEqual({
        contact: { lastName: 'Durand', firstName: 'Léa' },
        adults: 1,
        children: 2,
        address: { line: '12 rue des Tilleuls', postcode: '55000', commune: 'Bar-le-Duc' },
      });
      expect(sent.housing).toEqual({
        occupancyStatus: 'locataire',
        landlordType: 'social',
        monthlyRent: 480.5,
        arrearsAmount: 1250,
        evictionStage: 'commandement_de_payer',
      });
      expect(sent.referrer).toEqual({ kind: 'ccas', organisation: 'CCAS de Bar-le-Duc', name: 'Claire Martin' });

      const stored = (await storedReferrals()).find((referral) => referral.reference === reference);
      expect(stored).toMatchObject({
        status: 'received',
        referrer: { kind: 'ccas', name: 'Claire Martin' },
        household: { adults: 1, children: 2, address: { postcode: '55000', commune: 'Bar-le-Duc' } },
        difficulties: ['impayes_loyer', 'budget'],
        orientation: 'maintien',
        exclusions: { inSupportedStructure: false, otherBudgetSupport: false, protectionMeasure: false },
        consent: { householdAgrees: true, privacyNoticeAccepted: true },
        screening: { flags: ['urgent_eviction'] },
      });
      const listed = await system.request('GET', '/referrals?status=received&limit=100', { token: manager });
      expect(listed.body.items.map((item: { reference: string }) => item.reference)).toContain(reference);
      expect(complaints).toEqual([]);
    });
  });

  it('lets a household refer itself, with no organisation asked or sent', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      await page.getByLabel(/^Organisme ou service/).fill('Un organisme saisi par erreur');
      await fillReferralForm(page, { referrerKind: 'Le ménage lui-même (saisie directe)', lastName: 'Autonome' });
      await expect(page.getByLabel(/^Organisme ou service/).isVisible()).resolves.toBe(false);
      await expect(page.getByText('Indiquez vos propres coordonnées').isVisible()).resolves.toBe(true);
      // The consent speaks to the household itself.
      await expect(page.locator('#consent-householdAgrees-hint').innerText()).resolves.toBe(
        'L’accompagnement n’est jamais imposé. Cochez cette case pour donner votre accord.',
      );
      await send(page);

      const reference = await confirmedReference(page);
      expect(posts[0]!.postDataJSON().referrer).toEqual({ kind: 'household', name: 'Claire Martin' });
      const stored = (await storedReferrals()).find((referral) => referral.reference === reference);
      expect(stored?.referrer).toEqual({ kind: 'household', name: 'Claire Martin' });
    });
  });

  it('asks the landlord’s type only of a tenant or subtenant, and sends none once the household is something else', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      const landlord = page.getByLabel(/^Type de bailleur/);
      await expect(landlord.isVisible()).resolves.toBe(false);
      await fillReferralForm(page, { lastName: 'Proprietaire' });
      await expect(landlord.isVisible()).resolves.toBe(true);
      const status = page.getByLabel(/^Situation du ménage par rapport au logement/);
      await status.selectOption({ label: 'Sous-locataire' });
      await expect(landlord.isVisible()).resolves.toBe(true);
      await status.selectOption({ label: 'Propriétaire occupant' });
      await expect(landlord.isVisible()).resolves.toBe(false);
      await send(page);
      await confirmedReference(page);
      const housing = posts[0]!.postDataJSON().housing;
      expect(housing.occupancyStatus).toBe('proprietaire_occupant');
      expect(housing).not.toHaveProperty('landlordType');
    });
  });

  it('shows the missing and wrong answers in a summary that takes the focus and next to each field, and stores nothing', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      const itemsBefore = await system.countItems();
      await openForm(page, system.url);
      await fillReferralForm(page);
      await page.getByLabel(/^Vos nom et prénom/).fill('   ');
      await page.getByLabel(/^Votre adresse e-mail/).fill('claire.martin@');
      await page.getByLabel(/^Code postal/).fill('5500');
      await page.getByLabel(/^Nombre d’adultes/).fill('12');
      await page.getByLabel(/^Nombre d’enfants/).fill('deux');
      await page.getByLabel('Votre message', { exact: true }).fill('x'.repeat(2001));
      await page.getByLabel(/Le ménage est d’accord/).uncheck();
      await expect(page.locator('#message-count').textContent()).resolves.toBe('Vous avez dépassé la limite de 1 caractère.');
      await send(page);

      const summary = page.locator('#error-summary');
      await summary.waitFor();
      expect(await focusedId(page)).toBe('error-summary');
      await expect(summary.getByRole('alert').isVisible()).resolves.toBe(true);
      await expect(summary.getByRole('heading', { name: 'Il y a un problème' }).isVisible()).resolves.toBe(true);
      expect(await page.title()).toMatch(/^Erreur : /);
      const expected: [string, string][] = [
        ['referrer-name', 'Indiquez vos nom et prénom.'],
        ['referrer-email', 'Indiquez une adresse e-mail complète, par exemple nom@exemple.fr.'],
        ['household-adults', 'Le nombre d’adultes doit être compris entre 1 et 10.'],
        ['household-children', 'Indiquez le nombre d’enfants en chiffres, par exemple 0 ou 2.'],
        ['household-address-postcode', 'Le code postal compte 5 chiffres, sans espace.'],
        ['message', 'Votre message compte plus de 2\u202f000 caractères : raccourcissez-le.'],
        [
          'consent-householdAgrees',
          'Cochez cette case pour confirmer que le ménage est d’accord : l’accompagnement n’est jamais imposé.',
        ],
      ];
      const links = summary.getByRole('link');
      expect(await links.allTextContents()).toEqual(expected.map(([, message]) => message));
      for (const [index, [id, message]] of expected.entries()) {
        expect(await links.nth(index).getAttribute('href')).toBe(`#${id}`);
        const field = page.locator(`#${id}`);
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(`${id}-error`);
        expect(await page.locator(`#${id}-error`).textContent()).toBe(`Erreur : ${message}`);
      }
      // Fields without a problem are left alone.
      expect(await page.locator('#household-address-commune').getAttribute('aria-invalid')).toBeNull();

      await links.nth(4).click();
      expect(await focusedId(page)).toBe('household-address-postcode');
      expect(posts).toHaveLength(0);
      expect(await system.countItems()).toBe(itemsBefore);

      // Once corrected, the same page sends, and the errors go.
      await page.getByLabel(/^Vos nom et prénom/).fill('Claire Martin');
      await page.getByLabel(/^Votre adresse e-mail/).fill('');
      await page.getByLabel(/^Code postal/).fill('55000');
      await page.getByLabel(/^Nombre d’adultes/).fill('2');
      await page.getByLabel(/^Nombre d’enfants/).fill('0');
      await page.getByLabel('Votre message', { exact: true }).fill('');
      await page.getByLabel(/Le ménage est d’accord/).check();
      await send(page);
      expect(await confirmedReference(page)).toMatch(referenceFormat);
      await expect(page.locator('.error-message').count()).resolves.toBe(0);
    });
  });

  it('reads amounts as people write them (« 1 250 € »), and asks again for « 1.250 » rather than sending 1,25 €', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Montants' });
      await page.getByLabel(/^Loyer mensuel/).fill('480,50 €');
      // A thousands point, or three decimals: not read as a decimal amount a thousand times smaller.
      await page.getByLabel(/^Montant des impayés/).fill('1.250');
      await send(page);

      await page.locator('#error-summary').waitFor();
      expect(await page.locator('#error-summary').getByRole('link').allTextContents()).toEqual([
        'Indiquez le montant de la dette en euros, avec des chiffres, par exemple 1250.',
      ]);
      expect(posts).toHaveLength(0);
      await page.getByLabel(/^Montant des impayés/).fill('1,250');
      await send(page);
      await expect(page.locator('#housing-arrearsAmount-error').isVisible()).resolves.toBe(true);
      expect(posts).toHaveLength(0);

      await page.getByLabel(/^Montant des impayés/).fill('1 250 €');
      await send(page);
      await confirmedReference(page);
      expect(posts[0]!.postDataJSON().housing).toMatchObject({ monthlyRent: 480.5, arrearsAmount: 1250 });
    });
  });

  it('sends a phone number pasted with non-breaking spaces with plain spaces, as the API accepts it', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Insécable' });
      await page.getByLabel(/^Votre numéro de téléphone/).fill('03\u00a029\u00a079\u00a012\u00a034');
      await page.getByLabel(/^Téléphone du ménage/).fill('06\u202f12\u202f34\u202f56\u202f78');
      await send(page);

      const reference = await confirmedReference(page);
      const sent = posts[0]!.postDataJSON();
      expect(sent.referrer.phone).toBe('03 29 79 12 34');
      expect(sent.household.contact.phone).toBe('06 12 34 56 78');
      const stored = (await storedReferrals()).find((referral) => referral.reference === reference);
      expect(stored?.household.contact.phone).toBe('06 12 34 56 78');
    });
  });

  it('lets the browser fill in the household’s details only when the household refers itself, never a partner’s own', async () => {
    await withPage(async (page) => {
      await openForm(page, system.url);
      const household: [string, string][] = [
        ['household-contact-lastName', 'family-name'],
        ['household-contact-firstName', 'given-name'],
        ['household-contact-email', 'email'],
        ['household-contact-phone', 'tel'],
        ['household-address-line', 'address-line1'],
        ['household-address-postcode', 'postal-code'],
        ['household-address-commune', 'address-level2'],
      ];
      const tokens = () => Promise.all(household.map(([id]) => page.locator(`#${id}`).getAttribute('autocomplete')));
      // The person filling in is the one the referrer fields describe, whoever they are.
      for (const [id, token] of [
        ['referrer-name', 'name'],
        ['referrer-email', 'email'],
        ['referrer-phone', 'tel'],
      ])
        expect(await page.locator(`#${id}`).getAttribute('autocomplete')).toBe(token);
      expect(await tokens()).toEqual(household.map(() => 'off'));

      const kind = page.getByLabel(/^Vous faites cette demande en tant que/);
      await kind.selectOption({ label: 'Le ménage lui-même (saisie directe)' });
      expect(await tokens()).toEqual(household.map(([, token]) => token));
      await kind.selectOption({ label: 'CCAS' });
      expect(await tokens()).toEqual(household.map(() => 'off'));
      await expectNoAxeViolations(page);
    });
  });

  it('places each message of a 422 answer next to the field its path names', async () => {
    await withPage(async (page) => {
      await page.route('**/referrals', (route) =>
        route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Certaines informations sont manquantes ou invalides.',
              details: [
                { path: 'household.address.postcode', message: 'Ce code postal est inconnu.' },
                { path: 'difficulties.1', message: 'Cette valeur ne fait pas partie des choix proposés.' },
                { path: 'exclusions.protectionMeasure', message: 'Valeur d’un type inattendu (oui ou non attendu).' },
                { path: 'referrer.email', message: 'Adresse e-mail invalide.' },
                { path: '', message: 'Champ non prévu : extra.' },
              ],
            },
          }),
        }),
      );
      await openForm(page, system.url);
      await fillReferralForm(page);
      await send(page);

      const summary = page.locator('#error-summary');
      await summary.waitFor();
      expect(await focusedId(page)).toBe('error-summary');
      // Page order, with the message that names no field first and without a link.
      expect(await summary.locator('li').allTextContents()).toEqual([
        'Champ non prévu : extra.',
        'Adresse e-mail invalide.',
        'Ce code postal est inconnu.',
        'Cette valeur ne fait pas partie des choix proposés.',
        'Valeur d’un type inattendu (oui ou non attendu).',
      ]);
      expect(await summary.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
        '#referrer-email',
        '#household-address-postcode',
        '#difficulties-impayes_loyer',
        '#exclusions-protectionMeasure-true',
      ]);
      expect(await page.locator('#household-address-postcode-error').textContent()).toBe('Erreur : Ce code postal est inconnu.');
      expect(await page.locator('#referrer-email').getAttribute('aria-invalid')).toBe('true');
      // A group of choices: the fieldset names the error, every choice is marked invalid.
      const difficulties = page.getByRole('group', { name: 'Les difficultés rencontrées' });
      expect(await difficulties.getAttribute('aria-describedby')).toBe('difficulties-hint difficulties-error');
      expect(
        await difficulties.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-invalid'))),
      ).toEqual(Array(10).fill('true'));
      const protection = page.getByRole('group', { name: /mesure de protection/ });
      expect(await protection.getAttribute('aria-describedby')).toBe('exclusions-protectionMeasure-error');
      await expectNoAxeViolations(page);
    });
  });

  it('sends the form once on a double click, with the button disabled meanwhile, and a replay of the same fill stores nothing new', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/referrals', async (route) => {
        await held;
        await route.continue();
      });
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Doubleclic' });
      await page.getByRole('button', { name: 'Envoyer la demande' }).dblclick();

      const button = page.locator('#submit');
      await expect(button.isDisabled()).resolves.toBe(true);
      await expect(button.textContent()).resolves.toBe('Envoi en cours…');
      await expect(page.locator('#send-status').textContent()).resolves.toBe('Envoi de votre demande en cours…');
      release();
      const reference = await confirmedReference(page);
      expect(posts).toHaveLength(1);

      const key = (await posts[0]!.allHeaders())['idempotency-key'] ?? '';
      expect(key).toMatch(uuidFormat);
      const replay = await system.request('POST', '/referrals', {
        rawBody: posts[0]!.postData() ?? '',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });
      expect(replay).toMatchObject({ status: 201, body: { reference } });
      const stored = (await storedReferrals()).filter((referral) => referral.household.contact.lastName === 'Doubleclic');
      expect(stored).toHaveLength(1);
    });
  });

  it('keeps the answers when the referral cannot be sent, and sends it again under the same key', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await page.route('**/referrals', (route) => route.abort('connectionrefused'));
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Réseau' });
      await send(page);

      const summary = page.locator('#error-summary');
      await summary.getByRole('heading', { name: 'Votre demande n’a pas pu être envoyée' }).waitFor();
      expect(await focusedId(page)).toBe('error-summary');
      await expect(summary.textContent()).resolves.toContain('Nous n’avons pas pu joindre le service.');
      await expect(page.locator('#submit').isEnabled()).resolves.toBe(true);
      await expect(page.getByLabel(/^Nom de famille/).inputValue()).resolves.toBe('Réseau');

      await page.unroute('**/referrals');
      await send(page);
      expect(await confirmedReference(page)).toMatch(referenceFormat);
      expect(posts).toHaveLength(2);
      const keys = await Promise.all(posts.map(async (post) => (await post.allHeaders())['idempotency-key']));
      expect(keys[0]).toMatch(uuidFormat);
      expect(keys[1]).toBe(keys[0]);
    });
  });

  it('gives the reference of a sending whose answer was lost, when the answers were changed before sending again, instead of a dead end', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      // The first sending reaches the service and is stored; its answer never comes back.
      let lost = true;
      await page.route('**/referrals', async (route) => {
        if (!lost) return route.continue();
        lost = false;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Perdue' });
      await send(page);
      await page.locator('#error-summary').getByRole('heading', { name: 'Votre demande n’a pas pu être envoyée' }).waitFor();

      // The person adds a phone number, then sends again: the service already holds the first version.
      await page.getByLabel(/^Téléphone du ménage/).fill('06 12 34 56 78');
      await send(page);

      const reference = await confirmedReference(page);
      const stored = (await storedReferrals()).filter((referral) => referral.household.contact.lastName === 'Perdue');
      expect(stored.map((referral) => referral.reference)).toEqual([reference]);
      expect(stored[0]!.household.contact.phone).toBeUndefined();
      await expect(page.locator('#earlier-sending').innerText()).resolves.toBe(
        'Vos dernières modifications n’ont pas été enregistrées : la demande l’avait été lors d’un envoi précédent, dont la réponse ne nous était pas parvenue. Pour les transmettre, contactez le service en rappelant la référence.',
      );
      const keys = await Promise.all(posts.map(async (post) => (await post.allHeaders())['idempotency-key']));
      expect(new Set(keys).size).toBe(1);

      // A new fill starts without that notice.
      await page.getByRole('button', { name: 'Faire une autre demande' }).click();
      await fillReferralForm(page, { lastName: 'Suivante' });
      await send(page);
      await confirmedReference(page);
      await expect(page.locator('#earlier-sending').isVisible()).resolves.toBe(false);
    });
  });

  it('starts a new fill with a new key after a confirmation', async () => {
    await withPage(async (page) => {
      const posts = referralPosts(page);
      await openForm(page, system.url);
      await fillReferralForm(page, { lastName: 'Premier' });
      await send(page);
      const first = await confirmedReference(page);

      await page.getByRole('button', { name: 'Faire une autre demande' }).click();
      expect(await focusedId(page)).toBe('form-title');
      await expect(page.getByLabel(/^Nom de famille/).inputValue()).resolves.toBe('');
      // A partner sending several referrals in a row keeps their own details, not the household's.
      await expect(page.getByLabel(/^Vous faites cette demande en tant que/).inputValue()).resolves.toBe('ccas');
      await expect(page.getByLabel(/^Organisme ou service/).inputValue()).resolves.toBe('CCAS de Bar-le-Duc');
      await expect(page.getByLabel(/^Vos nom et prénom/).inputValue()).resolves.toBe('Claire Martin');
      await expect(page.getByLabel(/^Commune/).inputValue()).resolves.toBe('');
      await fillReferralForm(page, { lastName: 'Second' });
      await send(page);
      const second = await confirmedReference(page);

      expect(second).not.toBe(first);
      const keys = await Promise.all(posts.map(async (post) => (await post.allHeaders())['idempotency-key']));
      expect(new Set(keys).size).toBe(2);
    });
  });

  it('starts a household that referred itself from an empty form, its own details included', async () => {
    await withPage(async (page) => {
      await openForm(page, system.url);
      await fillReferralForm(page, { referrerKind: 'Le ménage lui-même (saisie directe)', lastName: 'Seul' });
      await send(page);
      await confirmedReference(page);
      await page.getByRole('button', { name: 'Faire une autre demande' }).click();
      await expect(page.getByLabel(/^Vous faites cette demande en tant que/).inputValue()).resolves.toBe('');
      await expect(page.getByLabel(/^Vos nom et prénom/).inputValue()).resolves.toBe('');
    });
  });

  it('can be filled and sent with the keyboard alone, with a visible focus at every stop', async () => {
    await withPage(async (page) => {
      await openForm(page, system.url);
      const stops: string[] = [];
      const focusRing = () =>
        page.evaluate(
          '(() => { const style = getComputedStyle(document.activeElement); return style.outlineStyle + " " + style.outlineWidth; })()',
        );
      const reach = async (id: string) => {
        await tabTo(page, id);
        expect(await focusRing(), `focus ring on #${id}`).toBe('solid 3px');
        stops.push(id);
      };
      const typeInto = async (id: string, text: string) => {
        await reach(id);
        await page.keyboard.type(text);
      };

      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Aller au contenu');
      await reach('referrer-kind');
      await page.keyboard.type('CCAS'); // type-ahead of a closed list
      expect(await page.locator('#referrer-kind').inputValue()).toBe('ccas');
      await typeInto('referrer-organisation', 'CCAS de Verdun');
      await typeInto('referrer-name', 'Paul Lambert');
      await typeInto('referrer-email', 'p.lambert@ccas-verdun.fr');
      await typeInto('household-contact-lastName', 'Clavier');
      await typeInto('household-contact-firstName', 'Nina');
      await typeInto('household-adults', '2');
      await typeInto('household-children', '1');
      await typeInto('household-address-postcode', '55100');
      await typeInto('household-address-commune', 'Verdun');
      await reach('housing-occupancyStatus');
      await page.keyboard.type('Locataire');
      expect(await page.locator('#housing-occupancyStatus').inputValue()).toBe('locataire');
      await reach('difficulties-budget');
      await page.keyboard.press('Space');
      await reach('orientation-acces');
      await page.keyboard.press('Space');
      for (const question of ['inSupportedStructure', 'otherBudgetSupport', 'protectionMeasure']) {
        await reach(`exclusions-${question}-true`);
        await page.keyboard.press('ArrowRight'); // moves to « Non » and chooses it
        expect(await focusedId(page)).toBe(`exclusions-${question}-false`);
      }
      await typeInto('message', 'Envoyé au clavier.');
      await reach('consent-householdAgrees');
      await page.keyboard.press('Space');
      await reach('consent-privacyNoticeAccepted');
      await page.keyboard.press('Space');
      await reach('submit');
      await page.keyboard.press('Enter');

      const reference = await confirmedReference(page);
      expect(await focusedId(page)).toBe('confirmation-title');
      const stored = (await storedReferrals()).find((referral) => referral.reference === reference);
      expect(stored).toMatchObject({
        referrer: { kind: 'ccas', organisation: 'CCAS de Verdun', name: 'Paul Lambert', email: 'p.lambert@ccas-verdun.fr' },
        household: { contact: { lastName: 'Clavier', firstName: 'Nina' }, adults: 2, children: 1 },
        housing: { occupancyStatus: 'locataire' },
        difficulties: ['budget'],
        orientation: 'acces',
        exclusions: { inSupportedStructure: false, otherBudgetSupport: false, protectionMeasure: false },
        message: 'Envoyé au clavier.',
      });

      // From the confirmation, the next stop starts a new request.
      await reach('new-referral');
      await page.keyboard.press('Enter');
      expect(await focusedId(page)).toBe('form-title');
    });
  });

  it('has no accessibility violation (axe-core) on the empty form, the form with errors and the confirmation', async () => {
    await withPage(async (page) => {
      await openForm(page, system.url);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: '/tmp/asll-form-empty.png', fullPage: true });

      await send(page);
      await page.locator('#error-summary').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: '/tmp/asll-form-errors.png', fullPage: true });

      await fillReferralForm(page);
      await send(page);
      await confirmedReference(page);
      await expectNoAxeViolations(page);
    });
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await withPage(
      async (page) => {
        await openForm(page, system.url);
        await send(page);
        await page.locator('#error-summary').waitFor();
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
        await page.screenshot({ path: '/tmp/asll-form-phone.png', fullPage: true });
      },
      { width: 360, height: 740 },
    );
  });

  it('says in French that the service cannot be reached when the form cannot load, and loads it on retry', async () => {
    await withPage(async (page) => {
      await page.route('**/referral-form', (route) => route.abort('connectionrefused'));
      await page.goto(system.url);
      const title = page.getByRole('heading', { level: 1, name: 'Le formulaire n’est pas disponible pour le moment' });
      await title.waitFor();
      expect(await focusedId(page)).toBe('load-error-title');
      // The tab says it too, as it does for the errors of a sending.
      expect(await page.title()).toBe(
        'Erreur : formulaire indisponible – Demander un accompagnement social lié au logement (ASLL)',
      );
      await expect(page.getByText('Nous n’arrivons pas à joindre le service.').isVisible()).resolves.toBe(true);
      await expect(page.locator('#referral-form').isVisible()).resolves.toBe(false);
      await expect(page.locator('#loading').isVisible()).resolves.toBe(false);
      await expectNoAxeViolations(page);

      await page.unroute('**/referral-form');
      await page.getByRole('button', { name: 'Réessayer' }).click();
      await page.getByRole('heading', { level: 1, name: /Demander un accompagnement social/ }).waitFor();
      expect(await focusedId(page)).toBe('form-title');
      expect(await page.title()).toBe('Demander un accompagnement social lié au logement (ASLL)');
    });
  });

  it('shows a loading message while the form description is on its way', async () => {
    await withPage(async (page) => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/referral-form', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(system.url);
      const loading = page.getByRole('status').filter({ hasText: 'Chargement du formulaire…' });
      await loading.waitFor();
      expect(await page.locator('#contenu').getAttribute('aria-busy')).toBe('true');
      release();
      await page.getByRole('heading', { level: 1, name: /Demander un accompagnement social/ }).waitFor();
      await expect(loading.isVisible()).resolves.toBe(false);
      expect(await page.locator('#contenu').getAttribute('aria-busy')).toBe('false');
    });
  });

  it('prefixes every API call with the apiBaseUrl of config.json', async () => {
    await withPage(async (page) => {
      const apiBaseUrl = `${system.url}/deployed-api/`;
      const seen: string[] = [];
      await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', json: { apiBaseUrl } }));
      // Stands for the API of a deployment: the same routes under another base.
      await page.route('**/deployed-api/**', async (route) => {
        const url = new URL(route.request().url());
        seen.push(`${route.request().method()} ${url.pathname}`);
        url.pathname = url.pathname.replace('/deployed-api', '');
        await route.fulfill({ response: await route.fetch({ url: url.toString() }) });
      });
      await openForm(page, system.url);
      await fillReferralForm(page);
      await send(page);
      expect(await confirmedReference(page)).toMatch(referenceFormat);
      expect(seen).toEqual(['GET /deployed-api/referral-form', 'POST /deployed-api/referrals']);
    });
  });
});
