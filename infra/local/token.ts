import { parseArgs } from 'node:util';
import { groups, type Group } from '../../lib/identity.js';
import { loadOrCreateIssuerKeys, mintToken } from './issuer.js';

/** `npm run --silent token -- --sub <id> --group <group> …`: prints one JWT the local runtime accepts. */
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
  const keys = await loadOrCreateIssuerKeys(process.env.ASLL_DATA_DIR ?? '.data');
  const token = await mintToken(keys, {
    sub: values.sub,
    groups: values.group as Group[],
    email: values.email,
    name: values.name,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
