import type { StaffBrowser } from '../../test/support/staff-browser.js';
import type { Shot } from './list.js';

/**
 * The worker's pages in the README: Lucie's tasks, a measure's file with its history, and the
 * visit form, each also at phone width. The measures are made once, on the first shot that needs
 * them, through the API and the deadlines job (test/support/worker-journey.ts).
 */

let seeded: Promise<{ file: string }> | null = null;

function seed(staff: StaffBrowser): Promise<{ file: string }> {
  seeded ??= (async () => {
    const { openMeasure, record, runDeadlinesOn, taskDays } = await import('../../test/support/worker-journey.js');
    const { homeVisit, signedContract } = await import('../../test/support/lifecycle.js');
    const { system } = staff;
    const manager = await system.token('sophie', 'manager');
    const lucie = await system.token('lucie', 'worker');
    await openMeasure(system, manager, 'lucie', ['Durand', 'Léa']);
    const martin = await openMeasure(system, manager, 'lucie', ['Martin', 'Paul']);
    await record(system, lucie, martin.id, 'contract', signedContract());
    await record(system, lucie, martin.id, 'visits', homeVisit({ notes: 'Point sur les factures et le plan d’apurement.' }));
    for (const day of taskDays()) await runDeadlinesOn(day);
    return { file: `/mesures/${martin.id}` };
  })();
  return seeded;
}

export const workerShots: Shot[] = [
  { name: 'travailleur-taches', as: 'Lucie Martin', phone: true, prepare: (staff) => seed(staff).then(() => '/taches') },
  { name: 'travailleur-dossier', as: 'Lucie Martin', phone: true, prepare: async (staff) => (await seed(staff)).file },
  {
    name: 'travailleur-rencontre',
    as: 'Lucie Martin',
    phone: true,
    prepare: async (staff) => `${(await seed(staff)).file}/rencontre`,
  },
];
