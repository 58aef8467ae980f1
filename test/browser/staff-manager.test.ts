import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveReferral } from '../../lib/domain/intake.js';
import { policies } from '../../lib/domain/policies.js';
import { screeningFlags } from '../../lib/domain/vocabulary.js';
import { scheduledEvent } from '../../infra/local/scheduler.js';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { checkA11y, currentMenuItems, settled, startStaffBrowser, type StaffBrowser } from '../support/staff-browser.js';

let staff: StaffBrowser;
let manager: string;

const sophie = { id: 'm-sophie', name: 'Sophie Lambert', groups: ['manager' as const] };
const lucie = { id: 'w-lucie', name: 'Lucie Bernard', groups: ['worker' as const] };
const marc = { id: 'w-marc', name: 'Marc Petit', groups: ['worker' as const] };
const anne = { id: 'w-anne', name: 'Anne Roux', groups: ['worker' as const], active: false };

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [sophie, lucie, marc, anne]);
  manager = await staff.system.token('m-other', 'manager');
});
afterAll(async () => {
  await staff?.stop();
});

/** A referral received `days` days ago: the API dates a referral on receipt, so it goes in through the store. */
async function referralReceivedDaysAgo(days: number, lastName: string) {
  const { stores } = staff.system;
  const receivedAt = new Date(Date.now() - days * 86_400_000);
  const sequence = await stores.referrals.allocateReferenceSequence(Number(receivedAt.toISOString().slice(0, 4)));
  const body = validReferral();
  const referral = receiveReferral(
    { ...body, household: { ...body.household, contact: { ...body.household.contact, lastName } } },
    policies.meuse,
    { id: randomUUID(), sequence, receivedAt },
  );
  await stores.referrals.saveNew(referral, {
    policy: policies.meuse,
    journal: { at: receivedAt.toISOString(), actor: 'public', groups: [], action: 'received', route: 'POST /referrals' },
  });
  return referral;
}

/** A referral sent through `POST /referrals`, opened by Sophie on its page. */
async function openNewReferral(page: Page): Promise<{ id: string; reference: string }> {
  const submitted = await staff.system.request('POST', '/referrals', { body: validReferral() });
  await staff.signIn(page, sophie.name, `/demandes/${submitted.body.id}`);
  await page.getByRole('heading', { level: 1, name: `Demande ${submitted.body.reference}` }).waitFor();
  await settled(page);
  return submitted.body;
}

/** The deadlines job of this morning, run in this process as `npm run job` runs it (it creates the managers' tasks). */
async function runDeadlinesJob() {
  const { handler } = (await import('../../functions/deadlines-job.js')) as unknown as {
    handler: (event: ReturnType<typeof scheduledEvent>) => Promise<{ byKind: Record<string, number> }>;
  };
  return handler(scheduledEvent(new Date()));
}

/** What the page complained of, less the browser's own note of the refusals (422, 409) that a test provokes on purpose. */
const unexpected = (complaints: string[]) =>
  complaints.filter((complaint) => !/Failed to load resource: the server responded with a status of (409|422)/.test(complaint));

const urgentFlag = screeningFlags.labels.urgent_eviction;

describe('the manager pages, from a waiting referral to an accepted measure', () => {
  it('examines the queue, accepts a referral for Lucie, finds the measure under her name, hands it over and clears a task', async () => {
    const old = await referralReceivedDaysAgo(16, 'Aubert');
    const submitted = await staff.system.request('POST', '/referrals', { body: validReferral() });
    expect(submitted.status).toBe(201);
    const reference: string = submitted.body.reference;
    expect((await runDeadlinesJob()).byKind.referral_waiting).toBeGreaterThanOrEqual(1);

    await staff.withPage(async (page, complaints) => {
      // Signed in, the manager lands on the queue: the referral waiting longest first, each with its flags.
      await staff.signIn(page, sophie.name);
      await page.getByRole('heading', { level: 1, name: 'Demandes à examiner' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/demandes');
      const cards = page.locator('.manager-card');
      const titles = await cards.getByRole('heading', { level: 2 }).allTextContents();
      expect(titles.indexOf(`${old.reference} — ménage Aubert`)).toBeLessThan(titles.indexOf(`${reference} — ménage Durand`));
      const oldCard = cards.filter({ hasText: old.reference });
      expect(await oldCard.textContent()).toContain('en attente depuis 16 jours');
      const card = cards.filter({ hasText: reference });
      const cardText = await card.textContent();
      for (const shown of ['reçue aujourd’hui', 'CCAS', 'Bar-le-Duc (55000)', 'Maintien dans le logement', urgentFlag]) {
        expect(cardText).toContain(shown);
      }
      await checkA11y(page);

      // The referral: the household, its housing, the flags explained; the decision form.
      await card.getByRole('link', { name: new RegExp(reference) }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${reference}` }).waitFor();
      await settled(page);
      const screening = page.locator('section', { has: page.getByRole('heading', { name: 'Signalements du filtrage' }) });
      expect(await screening.textContent()).toContain(urgentFlag);
      expect(await screening.textContent()).toContain('la décision vous revient');
      expect(await page.getByText('1 250,00 €').count()).toBe(1);
      await checkA11y(page);

      // Sent without a decision: the page asks for it in its own words (the API's names its codes),
      // beside the choice and in the summary, and sends nothing.
      const decisions: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/decision')) decisions.push(request.url());
      });
      await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      const decisionGroup = page.getByRole('group', { name: /^Votre décision/ });
      expect(await decisionGroup.textContent()).toContain(
        'Choisissez votre décision : accepter, refuser ou orienter vers un autre dispositif.',
      );
      expect(await page.getByRole('main').textContent()).not.toMatch(/accepted|refused|redirected/);
      expect(decisions).toEqual([]);
      await checkA11y(page);

      // Accepted for Lucie: only active workers are offered; the policy's one duration is given.
      await decisionGroup.getByLabel('Accepter : une mesure ASLL est ouverte').check();
      const worker = page.getByLabel(/^Travailleur social référent/);
      expect(await worker.locator('option').allTextContents()).toEqual([
        'Choisissez un travailleur social',
        lucie.name,
        marc.name,
      ]);
      expect(
        await page
          .getByLabel(/^Durée initiale/)
          .locator('option')
          .allTextContents(),
      ).toEqual(['3 mois']);
      expect(
        await page
          .getByRole('group', { name: /^Orientation de la mesure/ })
          .getByLabel('Maintien dans le logement')
          .isChecked(),
      ).toBe(true);
      const axes = page.getByRole('group', { name: /^Axes de travail/ });
      await axes.getByLabel('Accompagnement à la gestion du budget').check();
      await axes.getByLabel('Prévention des expulsions').check();
      await worker.selectOption({ label: lucie.name });
      await checkA11y(page);
      await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
      await page.getByRole('main').getByText(`Demande acceptée : la mesure ${reference} est ouverte`).waitFor();
      expect(await page.locator('section', { hasText: 'Délai' }).textContent()).toContain('Acceptée');
      await checkA11y(page);

      // The link leads to the new measure's file, awaiting its contract, given to Lucie.
      await page.getByRole('link', { name: 'Ouvrir la nouvelle mesure' }).click();
      await page.waitForURL(/#\/mesures\/[0-9a-f-]{36}$/);
      const measureId = new URL(page.url()).hash.split('/').at(-1)!;
      const measure = await staff.system.request('GET', `/measures/${measureId}`, { token: manager });
      expect(measure.body).toMatchObject({
        reference,
        status: 'awaiting_contract',
        workerId: lucie.id,
        axes: ['budget', 'prevention_expulsion'],
      });

      // « Toutes les mesures » filtered by Lucie shows it; filtered by Marc, it does not.
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Toutes les mesures' }).click();
      await page.getByRole('heading', { level: 1, name: 'Toutes les mesures' }).waitFor();
      await settled(page);
      await checkA11y(page);
      const filters = page.getByRole('search', { name: 'Filtrer les mesures' });
      await filters.getByLabel('Statut').selectOption({ label: 'En attente de signature du contrat' });
      const workerFilter = filters.getByLabel('Travailleur social');
      expect(await workerFilter.locator('option').allTextContents()).toEqual([
        'Tous les travailleurs sociaux',
        'Anne Roux (inactif)',
        lucie.name,
        marc.name,
      ]);
      await workerFilter.selectOption({ label: lucie.name });
      await filters.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL(/status=awaiting_contract&workerId=w-lucie/);
      await page.getByRole('heading', { level: 2, name: /confiées à Lucie Bernard/ }).waitFor();
      await settled(page);
      const listed = page.locator('.manager-card', { hasText: reference });
      expect(await listed.textContent()).toContain('En attente de signature du contrat');
      expect(await listed.textContent()).toContain(lucie.name);
      await checkA11y(page);

      // Hand-over to Marc, from the list.
      await listed.getByRole('link', { name: `Confier la mesure ${reference} à un autre travailleur social` }).click();
      await page
        .getByRole('heading', { level: 1, name: `Confier la mesure ${reference} à un autre travailleur social` })
        .waitFor();
      await settled(page);
      const newWorker = page.getByLabel(/^Nouveau travailleur social référent/);
      expect(await newWorker.locator('option').allTextContents()).toEqual(['Choisissez un travailleur social', marc.name]);
      await checkA11y(page);
      await page.getByRole('button', { name: 'Confier la mesure' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      await newWorker.selectOption({ label: marc.name });
      await page.getByRole('button', { name: 'Confier la mesure' }).click();
      await page.getByRole('main').getByText(`La mesure ${reference} est confiée à Marc Petit`).waitFor();
      await checkA11y(page);
      const handedOver = await staff.system.request('GET', `/measures/${measureId}`, { token: manager });
      expect(handedOver.body.workerId).toBe(marc.id);

      // The managers' tasks: the referral waiting for 16 days, marked done here.
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Tâches de l’équipe' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tâches de l’équipe' }).waitFor();
      await settled(page);
      const task = page.locator('.manager-card', { hasText: old.reference });
      expect(await task.textContent()).toContain('Demande en attente de décision');
      await checkA11y(page);
      await task.getByRole('button', { name: /^Marquer comme faite/ }).click();
      await task.getByText(/^Faite le /).waitFor();
      const open = await staff.system.request('GET', '/tasks?status=open', { token: manager });
      expect(open.body.items.filter((item: { referralId: string }) => item.referralId === old.id)).toEqual([]);

      // One worker's tasks: shown, not closed in the worker's place.
      const whose = page.getByRole('search', { name: 'Choisir les tâches affichées' });
      await whose.getByLabel('Tâches de').selectOption({ label: marc.name });
      await whose.getByRole('button', { name: 'Afficher' }).click();
      await page.getByRole('heading', { level: 2, name: 'Tâches à faire de Marc Petit' }).waitFor();
      await settled(page);
      expect(await page.getByRole('button', { name: /^Marquer comme faite/ }).count()).toBe(0);
      await checkA11y(page);
      expect(unexpected(complaints)).toEqual([]);
    });
  });

  it('explains that a referral decided meanwhile by someone else is already decided, and shows that decision', async () => {
    await staff.withPage(async (page, complaints) => {
      const submitted = await openNewReferral(page);
      const other = await staff.system.request('POST', `/referrals/${submitted.id}/decision`, {
        token: manager,
        body: { decision: 'redirected', decidedOn: parisToday(), reason: 'Relève du FSL' },
      });
      expect(other.status).toBe(200);

      await page
        .getByRole('group', { name: /^Votre décision/ })
        .getByLabel('Refuser')
        .check();
      await page.getByLabel(/^Motif/).fill('Le ménage est déjà accompagné.');
      await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
      await page
        .getByRole('main')
        .getByText(/^Cette demande est déjà décidée/)
        .waitFor();
      await checkA11y(page);
      await page.getByRole('button', { name: 'Voir la décision enregistrée' }).click();
      await page.getByRole('heading', { level: 2, name: 'Décision' }).waitFor();
      await settled(page);
      const decision = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Décision' }) });
      expect(await decision.textContent()).toContain('Orientée vers un autre dispositif');
      expect(await decision.textContent()).toContain('Relève du FSL');
      expect(unexpected(complaints)).toEqual([]);
    });
  });

  it('shows a long queue page by page, oldest first, until « Afficher plus » has nothing left to show', async () => {
    const answers: { body: { reference: string } }[] = [];
    for (let count = 0; count < 26; count += 1)
      answers.push(await staff.system.request('POST', '/referrals', { body: validReferral() }));
    const waiting = await staff.system.request('GET', '/referrals?status=received&limit=100', { token: manager });
    const total = waiting.body.items.length;
    expect(total).toBeGreaterThan(25);
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, sophie.name);
      await page.getByRole('heading', { level: 1, name: 'Demandes à examiner' }).waitFor();
      const titles = page.locator('.manager-card').getByRole('heading', { level: 2 });
      expect(await titles.count()).toBe(25);
      await page.getByRole('button', { name: 'Afficher plus' }).click();
      await expect.poll(() => titles.count()).toBe(total);
      await page.getByRole('button', { name: /Afficher plus|Chargement/ }).waitFor({ state: 'detached' });
      // The last one received comes last.
      expect(await titles.last().textContent()).toContain(answers.at(-1)!.body.reference);
      await checkA11y(page);
      expect(unexpected(complaints)).toEqual([]);
    });
  });

  it('lists the decided referrals by decision, page by page, and opens a file by its reference', async () => {
    const decide = async (body: Record<string, unknown>) => {
      const submitted = await staff.system.request('POST', '/referrals', { body: validReferral() });
      const decided = await staff.system.request('POST', `/referrals/${submitted.body.id}/decision`, {
        token: manager,
        body: { decidedOn: parisToday(), ...body },
      });
      expect([200, 201]).toContain(decided.status);
      return decided.body as { referral: { id: string; reference: string }; measure: { id: string } | null };
    };
    const refusal = { decision: 'refused', reason: 'Le ménage est déjà accompagné par le CCAS.' };
    await staff.withPage(async (page, complaints) => {
      // No referral refused yet: the list says so.
      await staff.signIn(page, sophie.name, '/demandes-decidees?status=refused');
      await page.getByRole('heading', { level: 1, name: 'Demandes décidées' }).waitFor();
      await settled(page);
      await page.getByRole('heading', { level: 2, name: 'Demandes refusées' }).waitFor();
      await page.getByText('Aucune demande refusée pour le moment.').waitFor();
      expect(await currentMenuItems(page)).toEqual(['Demandes décidées']);
      await checkA11y(page);

      const refused = [];
      for (let count = 0; count < 26; count += 1) refused.push((await decide(refusal)).referral);
      const accepted = await decide({ ...acceptance, workerId: lucie.id });

      // The list of one decision, chosen in the page: the latest received first, 25 a page.
      const filters = page.getByRole('search', { name: 'Choisir la décision' });
      const choice = filters.getByLabel('Décision');
      expect(await choice.locator('option').allTextContents()).toEqual([
        'Acceptée',
        'Refusée',
        'Orientée vers un autre dispositif',
      ]);
      await choice.selectOption({ label: 'Refusée' });
      await filters.getByRole('button', { name: 'Afficher' }).click();
      const titles = page.locator('.manager-card').getByRole('heading', { level: 3 });
      await expect.poll(() => titles.count()).toBe(25);
      await settled(page);
      expect(await titles.first().textContent()).toContain(refused.at(-1)!.reference);
      const latest = await page.locator('.manager-card').first().textContent();
      for (const shown of ['Refusée', 'Le ménage est déjà accompagné par le CCAS.', 'le jour de la réception']) {
        expect(latest).toContain(shown);
      }
      await checkA11y(page);
      await page.getByRole('button', { name: 'Afficher plus' }).click();
      await expect.poll(() => titles.count()).toBe(26);
      expect(await titles.last().textContent()).toContain(refused[0]!.reference);

      // A decided referral: its decision, no form; the tab and the menu say where it stands.
      await page.getByRole('link', { name: new RegExp(refused[0]!.reference) }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${refused[0]!.reference}` }).waitFor();
      await settled(page);
      expect(await page.title()).toBe(`Demande ${refused[0]!.reference}, refusée — ASLL`);
      expect(await currentMenuItems(page)).toEqual(['Demandes décidées']);
      expect(await page.getByRole('button', { name: 'Enregistrer la décision' }).count()).toBe(0);

      // By reference: a mistyped one, an unknown one, each said beside the field; an accepted one opens its measure.
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes décidées' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demandes décidées' }).waitFor();
      await settled(page);
      const search = page.getByRole('search', { name: 'Retrouver un dossier' });
      const reference = search.getByLabel(/^Référence du dossier/);
      await reference.fill('2026-42');
      await search.getByRole('button', { name: 'Ouvrir le dossier' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      expect(await search.textContent()).toContain(
        '« 2026-42 » n’est pas une référence : une référence s’écrit comme ASLL-2026-000042.',
      );
      await reference.fill('ASLL-1999-000001');
      await search.getByRole('button', { name: 'Ouvrir le dossier' }).click();
      await search
        .getByText(/^Aucun dossier ne porte la référence ASLL-1999-000001/)
        .first()
        .waitFor();
      expect(await reference.getAttribute('aria-invalid')).toBe('true');
      await checkA11y(page);
      await reference.fill(` ${accepted.referral.reference.toLowerCase()} `);
      await search.getByRole('button', { name: 'Ouvrir le dossier' }).click();
      await page.waitForURL(new RegExp(`#/mesures/${accepted.measure!.id}$`));
      await page.getByRole('heading', { level: 1, name: new RegExp(`mesure ${accepted.referral.reference}$`) }).waitFor();
      expect(await currentMenuItems(page)).toEqual(['Toutes les mesures']);

      // A referral still waiting opens as one, from the queue's own search box.
      const waiting = await staff.system.request('POST', '/referrals', { body: validReferral() });
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes à examiner' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demandes à examiner' }).waitFor();
      await settled(page);
      await page.getByLabel(/^Référence du dossier/).fill(waiting.body.reference);
      await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${waiting.body.reference}` }).waitFor();
      await settled(page);
      expect(await page.title()).toBe(`Demande à examiner ${waiting.body.reference} — ASLL`);
      expect(await currentMenuItems(page)).toEqual(['Demandes à examiner']);

      // An unknown referral: said so, without a « Réessayer » that would get the same answer.
      await page.goto(`${staff.url}/staff/#/demandes/${randomUUID()}`);
      await page.getByRole('heading', { level: 1, name: 'Dossier introuvable' }).waitFor();
      expect(await page.getByRole('button', { name: 'Réessayer' }).count()).toBe(0);
      // The browser logs the 404s asked on purpose (unknown reference, unknown referral).
      expect(unexpected(complaints).filter((complaint) => !complaint.includes('status of 404'))).toEqual([]);
    });
  });

  it('takes a decision with the keyboard alone, in the order the form reads', async () => {
    await staff.withPage(async (page, complaints) => {
      await openNewReferral(page);
      await tabToLabel(page, 'Accepter : une mesure ASLL est ouverte');
      await page.keyboard.press('Space');
      await tabToLabel(page, 'Date de la décision');
      await tabToLabel(page, 'Maintien dans le logement');
      await tabToLabel(page, 'Accompagnement à la gestion du budget');
      await page.keyboard.press('Space');
      await tabToLabel(page, 'Travailleur social référent');
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel(/^Travailleur social référent/).inputValue()).toBe(lucie.id);
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Enregistrer la décision');
      await page.keyboard.press('Enter');
      await page
        .getByRole('main')
        .getByText(/^Demande acceptée/)
        .waitFor();
      // The notice has the focus: the next stop is the way to the new measure.
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Ouvrir la nouvelle mesure');
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/mesures\/[0-9a-f-]{36}$/);
      expect(unexpected(complaints)).toEqual([]);
    });
  });

  it('keeps the manager pages from a worker, who reads no referral', async () => {
    await staff.withPage(async (page) => {
      const referralCalls: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/referrals')) referralCalls.push(request.url());
      });
      await staff.signIn(page, lucie.name, '/demandes');
      await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
      expect(
        await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Demandes à examiner' }).count(),
      ).toBe(0);
      expect(referralCalls).toEqual([]);
    });
  });
});

/** Presses Tab until the focused control is the one labelled `label` (its label or its legend's choice). */
async function tabToLabel(page: Page, label: string, maxPresses = 60): Promise<void> {
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate('document.activeElement?.labels?.[0]?.textContent ?? ""')) as string;
    if (focused.startsWith(label)) return;
  }
  throw new Error(`« ${label} » was not reached with ${maxPresses} presses of Tab`);
}

/** The text of the focused element (a button's, a link's). */
async function focusedText(page: Page): Promise<string> {
  return (await page.evaluate('document.activeElement?.textContent ?? ""')) as string;
}
