import type { Page } from 'playwright-core';
import type { Group } from '../../lib/identity.js';
import type { StaffBrowser } from '../../test/support/staff-browser.js';
import { workerShots } from './worker.js';

/**
 * The screenshots of the README, one line each (`npm run screenshots` writes
 * docs/screenshots/<name>.png). `as`: who is signed in (a name of `people`), none for the pages seen
 * before sign-in. `route`: the page (`/equipe`…), or `prepare` creates what the page shows and
 * returns its route. `phone`: also a 375 px wide image, `<name>-mobile.png`. `then`: clicks to make
 * on the page before the picture.
 */
export interface Shot {
  name: string;
  as?: string;
  route?: string;
  prepare?: (staff: StaffBrowser) => Promise<string>;
  phone?: boolean;
  then?: (page: Page) => Promise<void>;
}

/** Who the screenshots sign in as (registered before the first one). */
export const people: { id: string; name: string; groups: Group[]; territory?: string }[] = [
  { id: 'camille', name: 'Camille Roux', groups: ['admin'] },
  { id: 'lucie', name: 'Lucie Martin', groups: ['worker'], territory: 'Bar-le-Duc' },
  { id: 'karim', name: 'Karim Haddad', groups: ['worker'], territory: 'Verdun' },
  { id: 'sophie', name: 'Sophie Lambert', groups: ['manager'] },
  { id: 'marc', name: 'Marc Petit', groups: ['analyst'] },
];

export const shots: Shot[] = [
  { name: 'connexion', phone: true },
  { name: 'connexion-locale', then: (page) => page.getByRole('button', { name: 'Se connecter' }).click() },
  { name: 'admin-annuaire', as: 'Camille Roux', route: '/equipe', phone: true },
  { name: 'admin-ajout', as: 'Camille Roux', route: '/equipe/nouveau' },
  { name: 'admin-journal', as: 'Camille Roux', prepare: async (staff) => `/journal?mesure=${await aMeasureId(staff)}` },
  {
    name: 'responsable-demandes',
    as: 'Sophie Lambert',
    prepare: async (staff) => (await aReferral(staff), '/demandes'),
    phone: true,
  },
  {
    name: 'responsable-decision',
    as: 'Sophie Lambert',
    prepare: async (staff) => `/demandes/${await aReferral(staff)}`,
    phone: true,
    then: async (page) => {
      await page.getByLabel('Accepter : une mesure ASLL est ouverte').check();
      await page.getByLabel('Accompagnement à la gestion du budget').check();
      await page.getByLabel('Prévention des expulsions').check();
      await page.getByLabel(/^Travailleur social référent/).selectOption({ label: 'Lucie Martin' });
    },
  },
  {
    name: 'responsable-mesures',
    as: 'Sophie Lambert',
    prepare: async (staff) => (await aMeasureId(staff), '/toutes-les-mesures?status=awaiting_contract&workerId=lucie'),
  },
  {
    name: 'responsable-demandes-decidees',
    as: 'Sophie Lambert',
    prepare: async (staff) => (await aMeasureId(staff), '/demandes-decidees?status=accepted'),
  },
  ...workerShots,
  { name: 'travailleur-agenda', as: 'Lucie Martin', route: '/agenda' },
  { name: 'travailleur-courriels', as: 'Lucie Martin', route: '/courriels' },
  { name: 'analyste-statistiques', as: 'Marc Petit', prepare: aYearOfStatistics, phone: true },
];

/** A referral from a CCAS, waiting for a decision: what the manager's pages show. */
async function aReferral(staff: StaffBrowser): Promise<string> {
  const { validReferral } = await import('../../test/support/fixtures.js');
  const created = await staff.system.request('POST', '/referrals', { body: validReferral() });
  if (created.status !== 201) throw new Error(`referral: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** A measure with a little history (accepted referral, one read): what the journal page shows. */
async function aMeasureId(staff: StaffBrowser): Promise<string> {
  const { system } = staff;
  const { acceptance, validReferral } = await import('../../test/support/fixtures.js');
  const { parisToday } = await import('../../test/support/dates.js');
  const created = await system.request('POST', '/referrals', { body: validReferral() });
  const manager = await system.token('sophie', 'manager');
  const decided = await system.request('POST', `/referrals/${created.body.id}/decision`, {
    token: manager,
    body: { ...acceptance, workerId: 'lucie', decidedOn: parisToday() },
  });
  if (decided.status !== 201) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
  const measureId: string = decided.body.measure.id;
  await system.request('GET', `/measures/${measureId}`, { token: manager });
  return measureId;
}

/**
 * A fictitious year of referrals and measures (the benchmark's generator, as `npm run demo` loads
 * it), then the `stats` job: the dashboard shows what the nightly run computes.
 */
async function aYearOfStatistics(staff: StaffBrowser): Promise<string> {
  const { stores } = staff.system;
  const { generateMeasures } = await import('../../bench/generator.js');
  const { policyFor } = await import('../../lib/domain/policies.js');
  const { runStatsJob } = await import('../../lib/store/statistics-run.js');
  const { StatsJobStore } = await import('../../lib/store/statistics-updates.js');
  const { parisToday } = await import('../../test/support/dates.js');
  const policy = policyFor('meuse');
  await generateMeasures(stores, {
    count: 320,
    due: 0,
    otherReferrals: 140,
    policy,
    today: parisToday(),
    seed: 2026,
    identities: 'demo',
    concurrency: 8,
  });
  await runStatsJob(new StatsJobStore(stores.table), policy, new Date());
  return '/statistiques';
}
