import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { routes } from '../infra/manifest.js';
import { keys } from '../lib/store/keys.js';
import { validReferral } from '../test/support/fixtures.js';
import { bareReferralHandler } from './bare-referral-handler.js';
import type { HttpClient } from './latency.js';
import { canonical, type BenchSystem } from './system.js';

const path = routes.createReferral.path;

/**
 * `POST /referrals`: what the bare handler needs from the domain (the screening of the body), read
 * from a referral the real handler wrote; and the comparison of what both write.
 */
export async function prepareReferralBenchmark(system: BenchSystem) {
  const { realClient, stores, documentClient, tableName } = system;
  const body = JSON.stringify(validReferral());
  const first = await realClient.post(path, body);
  if (first.status !== 201) throw new Error(`POST ${path} (réel) : ${first.status} — ${first.body.slice(0, 300)}`);
  const captured = await stores.referrals.get((JSON.parse(first.body) as { id: string }).id);
  if (!captured) throw new Error('la saisine écrite par le vrai gestionnaire est introuvable');

  // The comparison is fair only if both wrote the same thing: one more request each, compared.
  const written = async (client: HttpClient) => {
    const answer = await client.post(path, body);
    const { id, reference } = JSON.parse(answer.body) as { id: string; reference: string };
    const item = (await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.referral(id) }))).Item ?? {};
    const audit = (await stores.journal.list(keys.referralPartition(id), { limit: 100 })).items;
    let text = canonical({ status: answer.status, item, audit });
    for (const [value, placeholder] of [
      [id, '<id>'],
      [reference, '<reference>'],
      [String(item.receivedAt), '<receivedAt>'],
      [String(item.receivedOn), '<receivedOn>'],
    ] as const) {
      text = text.replaceAll(value, placeholder);
    }
    return text;
  };

  return {
    entry: routes.createReferral.entry,
    bare: bareReferralHandler({ store: stores.referrals, screening: captured.screening }),
    send: (client: HttpClient) => client.post(path, body),
    written,
  };
}
