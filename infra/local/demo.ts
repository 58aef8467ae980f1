import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { generateMeasures, staffIds } from '../../bench/generator.js';
import { parisDate } from '../../lib/domain/dates.js';
import { longFrenchDate } from '../../lib/domain/french-dates.js';
import { policyFor } from '../../lib/domain/policies.js';
import type { StaffMember } from '../../lib/domain/staff.js';
import { createDocumentClient } from '../../lib/store/client.js';
import { keys } from '../../lib/store/keys.js';
import { createStores } from '../../lib/store/stores.js';
import { notRunningMessage, runningRuntime, useRuntimeEnvironment } from './running-runtime.js';
import { localRegion, projectRoot } from './runtime.js';
import { loadJob, scheduledEvent } from './scheduler.js';
import { LocalStaffAccounts } from './staff-accounts.js';

/**
 * `npm run demo`: while `npm start` runs on the same ASLL_DATA_DIR, fills it with a year of plainly
 * fictitious referrals and measures (every household « Exemple », phones 05 55 55 …, addresses
 * @example.org), written through the store exactly as the benchmark's generator writes them, then
 * runs the `stats` job so that the statistics show at once. Once loaded, a second run says so and
 * adds nothing (the data directory keeps a mark of it).
 */

/** About a year of a department's ASLL: measures, and referrals no measure came of. */
const demoMeasures = 320;
const demoOtherReferrals = 140;
/** Measures that call for a task on the day of the demo, so that the deadlines job has work. */
const demoDue = 12;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function demoStaff(now: Date): StaffMember[] {
  const at = now.toISOString();
  const { workers, managers } = staffIds('demo');
  const member = (id: string, name: string, groups: StaffMember['groups']): StaffMember => ({
    id,
    name,
    email: `${id}@example.org`,
    groups,
    territory: null,
    active: true,
    emailNotifications: false,
    createdAt: at,
    updatedAt: at,
  });
  return [
    ...workers.map((id, index) => member(id, `Intervenant Exemple ${index + 1}`, ['worker'])),
    ...managers.map((id, index) => member(id, `Responsable Exemple ${index + 1}`, ['manager'])),
    member('demo-analyst', 'Chargée d’études Exemple', ['analyst']),
  ];
}

async function main(): Promise<void> {
  const dataDirectory = process.env.ASLL_DATA_DIR ?? '.data';
  const state = runningRuntime(dataDirectory);
  if (!state) fail(notRunningMessage(dataDirectory), 1);
  useRuntimeEnvironment(state);
  const client = createDocumentClient({ region: localRegion, endpoint: state.dynamodbEndpoint });
  try {
    const stores = createStores(client, state.tableName);
    const loaded = await stores.table.get(keys.demoData, { consistent: true });
    if (loaded) {
      say(
        `Les données de démonstration sont déjà là (chargées le ${longFrenchDate(parisDate(new Date(String(loaded.loadedAt))))} : ` +
          `${String(loaded.measures)} mesures, préréglage ${String(loaded.policy)}) : rien n’est ajouté.`,
      );
      return;
    }
    const policy = policyFor(state.policy);
    const now = new Date();
    const today = parisDate(now);
    say(`Chargement d’une année fictive (préréglage ${policy.id}, jusqu’au ${longFrenchDate(today)}) dans ${state.url}…`);
    // The local issuer's accounts too, as `PUT /staff/{id}` keeps them: the sign-in page lists them.
    const accounts = new LocalStaffAccounts(dataDirectory);
    for (const member of demoStaff(now)) {
      await stores.staff.put(member, await stores.staff.get(member.id));
      await accounts.upsert(member);
    }
    const summary = await generateMeasures(stores, {
      count: demoMeasures,
      due: demoDue,
      otherReferrals: demoOtherReferrals,
      policy,
      today,
      seed: 2026,
      identities: 'demo',
      concurrency: 8,
    });
    await client.send(
      new PutCommand({
        TableName: state.tableName,
        Item: { ...keys.demoData, entity: 'demo', loadedAt: now.toISOString(), policy: policy.id, measures: summary.measures },
      }),
    );
    const { awaiting_contract: awaiting, active, closed } = summary.byStatus;
    say(
      `${summary.measures + demoOtherReferrals} demandes, ${summary.measures} mesures (${awaiting} en attente de contrat, ` +
        `${active} en cours, ${closed} clôturées), ${summary.visits} rencontres.`,
    );
    const stats = await (await loadJob(projectRoot, 'stats'))(scheduledEvent(now));
    say(`Statistiques calculées : ${JSON.stringify(stats)}`);
    say('Pour les télécharger (chargée d’études) :');
    say('  ANALYST=$(npm run --silent token -- --sub demo-analyst --group analyst)');
    say(
      `  curl -H "Authorization: Bearer $ANALYST" '${state.url}/stats?from=${today.slice(0, 4)}-01&to=${today.slice(0, 7)}&by=month&format=json'`,
    );
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
