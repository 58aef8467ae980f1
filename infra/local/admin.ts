import { parseArgs } from 'node:util';
import { localInstallationActor } from '../../lib/domain/staff-rules.js';
import { groups, type Group } from '../../lib/identity.js';
import { loadOrCreateIssuerKeys, mintToken } from './issuer.js';
import { notRunningMessage, runningRuntime } from './running-runtime.js';

/**
 * `npm run --silent admin -- --id <id> --name "<name>" --email <address> [--group <group>…]`: while
 * `npm start` runs on the same ASLL_DATA_DIR, registers an administrator in the staff directory
 * through `PUT /staff/{id}` (the route an administrator uses, with its checks and its journal),
 * then the local sign-in page lists them. The first administrator of a fresh install comes from here.
 */
function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      group: { type: 'string', multiple: true, default: [] },
      territory: { type: 'string' },
    },
    strict: true,
  });
  if (!values.id || !values.name || !values.email) {
    fail('Usage : npm run --silent admin -- --id <identifiant> --name "Prénom Nom" --email <adresse> [--group manager…]', 2);
  }
  const unknown = values.group.filter((group) => !(groups as readonly string[]).includes(group));
  if (unknown.length > 0) fail(`Groupe inconnu : ${unknown.join(', ')}. Groupes : ${groups.join(', ')}.`, 2);

  const dataDirectory = process.env.ASLL_DATA_DIR ?? '.data';
  const state = runningRuntime(dataDirectory);
  if (!state) fail(notRunningMessage(dataDirectory), 1);
  // The command acts as the installation itself: a token of its own, minted with the data directory's key.
  const token = await mintToken(await loadOrCreateIssuerKeys(dataDirectory), { sub: localInstallationActor, groups: ['admin'] });
  const memberGroups = [...new Set<Group>(['admin', ...(values.group as Group[])])];
  const response = await fetch(`${state.url}/staff/${encodeURIComponent(values.id)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: values.name,
      email: values.email,
      groups: memberGroups,
      ...(values.territory ? { territory: values.territory } : {}),
    }),
  });
  const answer = (await response.json().catch(() => null)) as {
    error?: { message: string; details?: { path: string; message: string }[] };
  } | null;
  if (!response.ok) {
    const details = answer?.error?.details?.map((detail) => `  ${detail.path} : ${detail.message}`).join('\n') ?? '';
    fail(`Refusé (${response.status}) : ${answer?.error?.message ?? ''}${details ? `\n${details}` : ''}`, 1);
  }
  process.stdout.write(
    `${response.status === 201 ? 'Ajouté' : 'Mis à jour'} : ${values.name} (${values.id}), groupes ${memberGroups.join(', ')}. ` +
      `Connexion : ${state.url}/staff/\n`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
