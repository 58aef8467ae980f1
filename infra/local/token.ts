import { parseArgs } from 'node:util';
import { groups, type Group } from '../../lib/identity.js';
import { loadOrCreateIssuerKeys, mintToken } from './issuer.js';
import { notRunningMessage, runningRuntime } from './running-runtime.js';
import { readLocalAccounts } from './staff-accounts.js';

/**
 * `npm run --silent token -- --sub <id> --group <group> …`: prints one JWT the local runtime accepts.
 * A member of the staff directory (`PUT /staff/{id}`) gets no token once inactive, as a disabled
 * Cognito user cannot sign in, and gets the directory's groups when none are asked for. Anyone
 * else still gets a token: the first administrator has to come from somewhere. Without an
 * `npm start` running on the same data directory it refuses, as `npm run job` does: a token signed
 * with another directory's keys would be refused by the runtime (401) with nothing to say why.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      group: { type: 'string', multiple: true, default: [] },
      email: { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  if (!values.sub) throw new Error('--sub est obligatoire (identifiant de la personne, ex. --sub m1).');
  const unknown = values.group.filter((group) => !(groups as readonly string[]).includes(group));
  if (unknown.length > 0) throw new Error(`Groupe inconnu : ${unknown.join(', ')}. Groupes : ${groups.join(', ')}.`);
  const dataDirectory = process.env.ASLL_DATA_DIR ?? '.data';
  if (!runningRuntime(dataDirectory)) throw new Error(notRunningMessage(dataDirectory));
  const account = readLocalAccounts(dataDirectory)[values.sub];
  if (account && !account.active) {
    throw new Error(`« ${values.sub} » est inactif dans l’annuaire du personnel : aucun jeton ne lui est délivré.`);
  }
  const asked = values.group as Group[];
  const tokenGroups = asked.length === 0 && account ? account.groups : asked;
  const outside = account ? tokenGroups.filter((group) => !account.groups.includes(group)) : [];
  if (account && outside.length > 0) {
    process.stderr.write(
      `Attention : d’après l’annuaire du personnel, « ${values.sub} » n’est pas du groupe ${outside.join(', ')} ` +
        `(groupes : ${account.groups.join(', ')}). Le jeton les porte quand même ; Cognito ne le ferait pas.\n`,
    );
  }
  const keys = await loadOrCreateIssuerKeys(dataDirectory);
  const token = await mintToken(keys, {
    sub: values.sub,
    groups: tokenGroups,
    email: values.email,
    name: values.name,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
