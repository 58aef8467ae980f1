import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, bilanDueOn, daysBetween, plannedEnd, renewedPlannedEnd } from '../../lib/domain/measure-dates.js';
import { frenchMonthName } from '../../lib/domain/french-dates.js';
import { policies } from '../../lib/domain/policies.js';
import { taskLink } from '../../lib/domain/task-email.js';
import { parisToday } from '../support/dates.js';
import { endingBilan, homeVisit, renewingBilan, signedContract } from '../support/lifecycle.js';
import {
  checkA11y,
  currentMenuItems,
  settled,
  staffUrl,
  startStaffBrowser,
  type StaffBrowser,
} from '../support/staff-browser.js';
import { openTask } from '../support/tasks.js';
import { openMeasure, record, runDeadlinesOn, taskDays, type SeededMeasure } from '../support/worker-journey.js';

/**
 * The worker's journey (issue 9): Lucie signs in, lands on her tasks, opens a measure, records its
 * contract and today's home visit, marks a task done; every worker page passes axe at both widths;
 * Marc, another worker, cannot reach her measure by editing the address.
 */

let staff: StaffBrowser;
let lucie: string;
const today = parisToday();
/** Awaiting its contract (the journey signs it). */
let durand: SeededMeasure;
/** Active since today: a bilan is due, a month of visits to keep. */
let martin: SeededMeasure;
/** Active with a bilan recommending renewal: the renewal and closure forms. */
let petit: SeededMeasure;
/** Closed today: the follow-up form. */
let roux: SeededMeasure;

const lucieWrites = (id: string, write: string, body: unknown) => record(staff.system, lucie, id, write, body);

beforeAll(async () => {
  staff = await startStaffBrowser('meuse', [
    { id: 'w-lucie', name: 'Lucie Bernard', groups: ['worker'] },
    { id: 'w-marc', name: 'Marc Leroy', groups: ['worker'] },
    { id: 'm-claire', name: 'Claire Petit', groups: ['manager'] },
  ]);
  const manager = await staff.system.token('m-claire', 'manager');
  lucie = await staff.system.token('w-lucie', 'worker');
  const open = (household: [string, string]) => openMeasure(staff.system, manager, 'w-lucie', household);
  durand = await open(['Durand', 'Léa']);
  martin = await open(['Martin', 'Paul']);
  petit = await open(['Petit', 'Hugo']);
  roux = await open(['Roux', 'Inès']);
  await lucieWrites(martin.id, 'contract', signedContract());
  await lucieWrites(petit.id, 'contract', signedContract());
  await lucieWrites(petit.id, 'bilans', renewingBilan());
  await lucieWrites(roux.id, 'contract', signedContract());
  await lucieWrites(roux.id, 'bilans', endingBilan());
  await lucieWrites(roux.id, 'closure', { endedOn: today, reason: 'objectives_met', housingOutcome: 'kept' });
  for (const day of taskDays()) await runDeadlinesOn(day);
}, 120_000);
afterAll(async () => {
  await staff?.stop();
});

/** What the browser complained of, but the console's line for an API answer the test asked for (« status of 422 »). */
const besides = (complaints: string[], ...statuses: number[]) =>
  complaints.filter((complaint) => !statuses.some((status) => complaint.includes(`status of ${status} `)));

/** `2026-03-01` → « 1er mars 2026 », as the pages write a date. */
const frenchDay = (date: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day === 1 ? '1er' : day} ${frenchMonthName(month)} ${year}`;
};
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const openTasks = async () =>
  (await staff.system.request('GET', '/tasks?status=open&limit=100', { token: lucie })).body.items as {
    id: string;
    title: string;
    measureId: string;
    kind: string;
  }[];

/** Opens a page of the app by its address and waits until it has loaded. */
async function visit(page: Page, route: string) {
  await page.goto(staffUrl(staff.url, route));
  await settled(page);
}

describe('a worker’s day in the browser', () => {
  it('signs Lucie in on her tasks by due date, each linked to its measure; her measures by status', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Lucie Bernard');
      expect(new URL(page.url()).hash).toBe('#/taches');
      expect(await h1(page)).toBe('Mes tâches');
      const tasks = await openTasks();
      expect(tasks.map((task) => task.kind)).toEqual(expect.arrayContaining(['contract_unsigned', 'bilan_due', 'visit_cadence']));
      expect(await page.locator('.task-list .task__title').allTextContents()).toEqual(tasks.map((task) => task.title));
      expect(await page.getByRole('link', { name: `Ouvrir la mesure ${durand.reference}` }).getAttribute('href')).toBe(
        `#/mesures/${durand.id}`,
      );
      await checkA11y(page);

      await page.getByRole('link', { name: 'Faites', exact: true }).click();
      await page.getByText('Aucune tâche faite pour l’instant.').waitFor();
      await checkA11y(page);

      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes mesures' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes mesures' }).waitFor();
      await settled(page);
      const active = await page.locator('.measure-card__title').allTextContents();
      expect(active.sort()).toEqual(['Martin Paul', 'Petit Hugo']);
      // Durand, given to her and not yet signed, is not « En cours »: the view says so and where it is.
      expect(await page.locator('.notice--info').innerText()).toBe(
        'Des mesures vous sont confiées et attendent leur contrat signé : voir « En attente de signature du contrat ».',
      );
      await checkA11y(page);
      await page.locator('.notice--info').getByRole('link', { name: 'voir « En attente de signature du contrat »' }).click();
      await page.getByRole('heading', { level: 2, name: 'En attente de signature du contrat' }).waitFor();
      await settled(page);
      expect(await page.locator('.measure-card__title').allTextContents()).toEqual(['Durand Léa']);
      expect(complaints).toEqual([]);
    });
  });

  it('opens the Durand measure from its task, records its contract, then today’s home visit, and marks a task done', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Lucie Bernard');
      await page.getByRole('link', { name: `Ouvrir la mesure ${durand.reference}` }).click();
      await page.getByRole('heading', { level: 1, name: `Durand Léa — mesure ${durand.reference}` }).waitFor();
      expect(await page.getByRole('link', { name: 'Confier la mesure à un autre travailleur social' }).count()).toBe(0);
      await settled(page);
      // The file is one of her measures: the menu says so, on the file and on its forms.
      expect(await currentMenuItems(page)).toEqual(['Mes mesures']);
      expect(await page.locator('.timeline__title').allTextContents()).toEqual([
        expect.stringContaining('Décision : mesure ouverte'),
      ]);
      expect(await page.getByRole('region', { name: 'Tâches ouvertes' }).textContent()).toContain('Contrat');
      await checkA11y(page);

      await page.getByRole('link', { name: 'Enregistrer le contrat signé' }).click();
      await page.getByRole('heading', { level: 1, name: 'Enregistrer le contrat signé' }).waitFor();
      await settled(page);
      expect(await currentMenuItems(page)).toEqual(['Mes mesures']);
      await checkA11y(page);
      const objectives = page.getByRole('group', { name: 'Objectifs fixés avec le ménage' });
      await objectives
        .getByRole('group', { name: 'Objectif 1' })
        .getByLabel(/^Objectif/)
        .fill('Tenir un budget mensuel.');
      await objectives
        .getByRole('group', { name: 'Objectif 2' })
        .getByLabel(/^Objectif/)
        .fill('Négocier un plan d’apurement.');
      const signatories = page.getByRole('group', { name: /^Signataires/ });
      await signatories.getByLabel('Le ménage').check();
      await signatories.getByLabel('Le travailleur social référent').check();
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.locator('main').getByText('Contrat enregistré : la mesure a commencé.').waitFor();
      await settled(page);
      expect(new URL(page.url()).hash).toBe(`#/mesures/${durand.id}`);
      const end = plannedEnd(today, 3);
      const bilanDays = daysBetween(today, bilanDueOn(end, policies.meuse));
      expect(await page.locator('[data-due="bilanDueOn"]').textContent()).toContain(`(dans ${bilanDays} jours)`);
      expect(await page.getByRole('region', { name: 'Tâches ouvertes' }).textContent()).toContain(
        'Aucune tâche ouverte sur cette mesure.',
      );
      await checkA11y(page);

      // Today's home visit: sent empty first, the form says what is missing before anything goes out.
      await page.getByRole('link', { name: 'Enregistrer une rencontre' }).click();
      await page.getByRole('heading', { level: 1, name: 'Enregistrer une rencontre' }).waitFor();
      await settled(page);
      await checkA11y(page);
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
      });
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Il y a un problème' }) });
      await summary.waitFor();
      expect(await summary.locator('li').allTextContents()).toEqual([
        'Indiquez le type de rencontre.',
        'Indiquez la durée de la rencontre, en minutes.',
        'Indiquez au moins un axe de travail abordé.',
      ]);
      expect(await page.locator('[data-field="kind"] .field-error').textContent()).toBe('Indiquez le type de rencontre.');
      expect(posts).toEqual([]);
      await checkA11y(page);

      // A note made only of an invisible character pasted from a phone: the server's 422, beside the field.
      await page.getByLabel('Visite à domicile').check();
      await page.getByLabel(/^Durée \(en minutes\)/).fill('60');
      await page
        .getByRole('group', { name: /^Axes de travail abordés/ })
        .getByLabel('Accompagnement à la gestion du budget')
        .check();
      await page.getByLabel(/^Notes/).fill('\u200b');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.locator('[data-field="notes"] .field-error:not([hidden])').waitFor();
      expect(await page.locator('[data-field="notes"] .field-error').textContent()).toBe(
        'Ce champ ne contient que des caractères invisibles.',
      );
      expect(await summary.locator('li').allTextContents()).toEqual(['Ce champ ne contient que des caractères invisibles.']);
      expect(posts).toEqual([`/measures/${durand.id}/visits`]);
      await checkA11y(page);

      // A note pasted longer than the limit is kept whole; the form says by how much, and sends nothing.
      const pasted = 'Point sur les factures. '.repeat(170).trim();
      await page.getByLabel(/^Notes/).fill(pasted);
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect
        .poll(() => page.locator('[data-field="notes"] .field-error').textContent())
        .toBe('Au plus 4\u202f000 caractères (4\u202f079 saisis).');
      expect(await page.getByLabel(/^Notes/).inputValue()).toBe(pasted);
      expect(posts).toEqual([`/measures/${durand.id}/visits`]);

      await page.getByLabel(/^Notes/).fill('Point sur les factures avec Mme Durand.');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.locator('main').getByText('Rencontre enregistrée.').waitFor();
      await settled(page);
      const entries = page.locator('.timeline__entry');
      expect(await entries.locator('.timeline__title').allTextContents()).toEqual([
        expect.stringContaining('Décision : mesure ouverte'),
        expect.stringContaining('Contrat signé'),
        expect.stringContaining('Visite à domicile'),
      ]);
      expect(await entries.last().textContent()).toContain('Durée : 60 min');
      const file = await staff.system.request('GET', `/measures/${durand.id}`, { token: lucie });
      expect(file.body.visits).toEqual([expect.objectContaining({ date: today, kind: 'domicile', durationMinutes: 60 })]);

      // Back to her tasks: the contract's is gone, she marks the first one done.
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes tâches' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes tâches' }).waitFor();
      await settled(page);
      const [first, ...others] = await openTasks();
      expect(await page.locator('.task-list .task__title').allTextContents()).toEqual([
        first!.title,
        ...others.map((task) => task.title),
      ]);
      // With the keyboard: the focus then moves on to the next task, not lost at the top of the page.
      await page.getByRole('button', { name: `Marquer comme faite : ${first!.title}` }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: `Marquer comme faite : ${first!.title}` }).waitFor({ state: 'detached' });
      expect(await page.evaluate('document.activeElement.closest(".task").querySelector("h2").textContent')).toBe(
        others[0]!.title,
      );
      expect((await openTasks()).map((task) => task.id)).toEqual(others.map((task) => task.id));
      await page.getByRole('link', { name: 'Faites', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: first!.title }).waitFor();
      await checkA11y(page);
      expect(besides(complaints, 422)).toEqual([]);
    });
  });

  it('explains a file changed meanwhile, and every other form of a measure passes axe', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Lucie Bernard', `/mesures/${martin.id}/rencontre`);
      await page.getByRole('heading', { level: 1, name: 'Enregistrer une rencontre' }).waitFor();
      await settled(page);
      // Recorded from another device while this form is open.
      await lucieWrites(martin.id, 'visits', homeVisit());
      await page.getByLabel('Entretien téléphonique').check();
      await page.getByLabel(/^Durée \(en minutes\)/).fill('20');
      await page
        .getByRole('group', { name: /^Axes de travail abordés/ })
        .getByLabel('Prévention des expulsions')
        .check();
      await page.getByLabel(/^Notes/).fill('Point sur le budget du mois.');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.getByText(/^Ce dossier a été modifié entre-temps .* votre saisie n’a pas été enregistrée\.$/).waitFor();
      await page.getByText(/^Elle est conservée ci-dessous/).waitFor();
      const file = await staff.system.request('GET', `/measures/${martin.id}`, { token: lucie });
      expect(file.body.visits).toHaveLength(1);
      await checkA11y(page);
      // What she typed is still there, and sent again it is recorded against the file as it now is.
      expect(await page.getByLabel(/^Notes/).inputValue()).toBe('Point sur le budget du mois.');
      expect(await page.getByLabel(/^Durée \(en minutes\)/).inputValue()).toBe('20');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.waitForURL(new RegExp(`#/mesures/${martin.id}$`));
      const recorded = await staff.system.request('GET', `/measures/${martin.id}`, { token: lucie });
      expect(recorded.body.visits.map((each: { kind: string }) => each.kind).sort()).toEqual(['domicile', 'telephone']);

      for (const [measure, segment, title] of [
        [martin, 'bilan', 'Remettre le bilan'],
        [petit, 'renouvellement', 'Renouveler la mesure'],
        [petit, 'cloture', 'Clôturer la mesure'],
        [roux, 'suivi', 'Enregistrer la visite de suivi'],
      ] as const) {
        await visit(page, `/mesures/${measure.id}/${segment}`);
        expect(await h1(page)).toBe(title);
        expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).count(), title).toBe(1);
        await checkA11y(page);
      }
      // The renewal says, before it is sent, where the renewed period will end.
      await visit(page, `/mesures/${petit.id}/renouvellement`);
      const { plannedEnd: end } = (await staff.system.request('GET', `/measures/${petit.id}`, { token: lucie })).body;
      const months = policies.meuse.renewal!.durationsMonths[0]!;
      await page
        .getByText(`La fin prévue passera du ${frenchDay(end)} au ${frenchDay(renewedPlannedEnd(end, months))}.`)
        .waitFor();
      await visit(page, `/mesures/${roux.id}`);
      expect(await page.locator('[data-due="followUpDueOn"]').count()).toBe(1);
      // A closed file says, at the top, when and why it ended, not only its start.
      const summary = await page.locator('.measure-summary').innerText();
      expect(summary).toContain(`Fin\n${frenchDay(today)}`);
      expect(summary).toContain('Motif de fin\nObjectifs atteints');
      await checkA11y(page);
      expect(besides(complaints, 409)).toEqual([]);
    });
  });

  it('shows Marc, another worker, an « introuvable » page with nothing of Lucie’s measure', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Marc Leroy');
      for (const route of [`/mesures/${durand.id}`, `/mesures/${durand.id}/rencontre`]) {
        await visit(page, route);
        expect(await h1(page)).toBe('Mesure introuvable');
        const text = (await page.locator('main').textContent()) ?? '';
        expect(text).not.toContain(durand.reference);
        expect(text).not.toMatch(/Durand|Léa|Bar-le-Duc/);
        expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).count()).toBe(0);
        // Asking again would get the same answer: no « Réessayer » that cannot help, a way back instead.
        expect(await page.getByRole('button', { name: 'Réessayer' }).count()).toBe(0);
        expect(await page.locator('main').getByRole('link', { name: 'Revenir à l’accueil' }).getAttribute('href')).toBe('#/');
      }
      await checkA11y(page);
      expect(besides(complaints, 404)).toEqual([]);
    });
  });

  it('shows a long list of tasks a page at a time, « Afficher plus » bringing the rest', async () => {
    const due = (index: number) => addDays(today, index);
    for (let index = 0; index < 27; index += 1)
      await staff.system.stores.tasks.create(
        openTask({
          id: `visit_cadence.marc-${index}.2026-01`,
          kind: 'visit_cadence',
          title: `Tâche de Marc n° ${index + 1}`,
          dueOn: due(index),
          measureId: null,
          assignee: { workerId: 'w-marc' },
        }),
      );
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Marc Leroy');
      const titles = page.locator('.task-list .task__title');
      expect(await titles.count()).toBe(25);
      await page.getByRole('button', { name: 'Afficher plus' }).click();
      await page.getByRole('heading', { level: 2, name: 'Tâche de Marc n° 27' }).waitFor();
      expect(await page.getByRole('button', { name: 'Afficher plus' }).count()).toBe(0);
      expect(await titles.allTextContents()).toEqual(Array.from({ length: 27 }, (_, index) => `Tâche de Marc n° ${index + 1}`));
      await checkA11y(page);
      expect(complaints).toEqual([]);
    });
  });

  it('takes Lucie from the link of a task email (or calendar entry) to that measure, through the sign-in page', async () => {
    const task = (await openTasks()).find((each) => each.measureId === martin.id)!;
    await staff.withPage(async (page, complaints) => {
      await page.goto(taskLink({ measureId: task.measureId, referralId: null }, staff.url));
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('button', { name: /^Lucie Bernard(\s|$)/ }).click();
      await page.getByRole('heading', { level: 1, name: `Martin Paul — mesure ${martin.reference}` }).waitFor();
      expect(new URL(page.url()).hash).toBe(`#/mesures/${martin.id}`);
      await settled(page);
      expect(await page.getByRole('region', { name: 'Tâches ouvertes' }).getByText(task.title).count()).toBe(1);
      expect(complaints).toEqual([]);
    });
  });

  it('opens a measure file to a manager too, with its worker’s tasks to read, not to mark done', async () => {
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Claire Petit', `/mesures/${martin.id}`);
      await page.getByRole('heading', { level: 1, name: `Martin Paul — mesure ${martin.reference}` }).waitFor();
      await settled(page);
      expect(await currentMenuItems(page)).toEqual(['Toutes les mesures']);
      const tasks = page.getByRole('region', { name: 'Tâches ouvertes' });
      expect(await tasks.locator('.task__title').count()).toBeGreaterThan(0);
      expect(await tasks.getByRole('button').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Enregistrer une rencontre' }).getAttribute('href')).toBe(
        `#/mesures/${martin.id}/rencontre`,
      );
      // The manager, and only they, get the way to hand the measure over.
      expect(await page.getByRole('link', { name: 'Confier la mesure à un autre travailleur social' }).getAttribute('href')).toBe(
        `#/mesures/${martin.id}/transfert`,
      );
      await checkA11y(page);
      expect(complaints).toEqual([]);
    });
  });
  it('lets Lucie take back a « Oui » she clicked by mistake on the closure’s eviction question', async () => {
    const manager = await staff.system.token('m-claire', 'manager');
    const blanc = await openMeasure(staff.system, manager, 'w-lucie', ['Blanc', 'Zoé']);
    await lucieWrites(blanc.id, 'contract', signedContract());
    await lucieWrites(blanc.id, 'bilans', endingBilan());
    await staff.withPage(async (page, complaints) => {
      await staff.signIn(page, 'Lucie Bernard', `/mesures/${blanc.id}/cloture`);
      await page.getByRole('heading', { level: 1, name: 'Clôturer la mesure' }).waitFor();
      await settled(page);
      await page.getByLabel(/^Motif de fin/).selectOption({ label: 'Objectifs atteints' });
      await page.getByLabel('Logement maintenu').check();
      const eviction = page.getByRole('group', { name: /^Une expulsion a-t-elle été évitée/ });
      await eviction.getByLabel('Oui').check();
      // There was no eviction procedure: she says so, and the closure leaves the question unanswered.
      await eviction.getByLabel('Sans objet : pas de procédure d’expulsion').check();
      await checkA11y(page);
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.locator('main').getByText('Mesure clôturée.').waitFor();
      const file = await staff.system.request('GET', `/measures/${blanc.id}`, { token: lucie });
      expect(file.body.closure).toEqual(
        expect.objectContaining({ reason: 'objectives_met', housingOutcome: 'kept', evictionAvoided: null }),
      );
      expect(complaints).toEqual([]);
    });
  });
});
