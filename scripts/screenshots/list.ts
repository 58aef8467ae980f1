import type { Page } from 'playwright-core';
import type { Group } from '../../lib/identity.js';
import type { StaffBrowser } from '../../test/support/staff-browser.js';

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
];

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
