import { jobs, routes } from '../infra/manifest.js';
import { buildBundles, medianImportTimes, type BundleTarget, type BuiltBundle } from './bundles.js';

/** The baseline: the SDK v3 DynamoDB client and document client, imported and created, nothing else. */
export const emptySdkTarget: BundleTarget = {
  name: 'empty-sdk',
  contents: [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    'export const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    "export const handler = async () => ({ statusCode: 200, body: '' });",
  ].join('\n'),
};

/** One bundle per handler entry the manifest declares (routes, then jobs), named after its id. */
export function manifestTargets(): BundleTarget[] {
  const seen = new Set<string>();
  const targets: BundleTarget[] = [];
  for (const [name, declaration] of [...Object.entries(routes), ...Object.entries(jobs)]) {
    if (seen.has(declaration.entry)) continue;
    seen.add(declaration.entry);
    targets.push({ name, entry: declaration.entry });
  }
  return targets;
}

/** A bundle that explains a figure: one library alone, or a bundle without a setting of infra/bundling.ts. */
interface DiagnosticTarget extends BundleTarget {
  label: string;
  /** The bundle its import time is divided by. */
  baseline: string;
}

const probe = (name: string, label: string, contents: string): DiagnosticTarget => ({
  name,
  label,
  contents,
  baseline: emptySdkTarget.name,
});

/** Small bundles that tell where import time goes (each is one library, bundled the same way). */
export const probeTargets: readonly DiagnosticTarget[] = [
  probe(
    'probe-zod-named',
    "zod seul, import { z } from 'zod'",
    "import { z } from 'zod';\nexport const schema = z.object({ a: z.string() });\nexport const handler = async () => schema.parse({ a: 'x' });",
  ),
  probe(
    'probe-zod-namespace',
    "zod seul, import * as z from 'zod'",
    "import * as z from 'zod';\nexport const schema = z.object({ a: z.string() });\nexport const handler = async () => schema.parse({ a: 'x' });",
  ),
  probe(
    'probe-zod-mini',
    "zod/mini seul, import * as z from 'zod/mini'",
    "import * as z from 'zod/mini';\nexport const schema = z.object({ a: z.string() });\nexport const handler = async () => schema.parse({ a: 'x' });",
  ),
  probe(
    'probe-middy',
    '@middy/core seul',
    "import middy from '@middy/core';\nexport const handler = middy().handler(async () => ({ statusCode: 200 }));",
  ),
  // The least a route that validates its body can carry: what every write function starts from.
  probe(
    'probe-floor',
    'plancher : SDK (client créé au premier appel), middy, zod/mini et un corps d’un champ',
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import middy from '@middy/core';",
      "import * as z from 'zod/mini';",
      'const body = z.object({ id: z.string() });',
      'let client;',
      'export const handler = middy().handler(async (event) => {',
      '  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      '  const { id } = body.parse(JSON.parse(event.body));',
      '  await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: id, SK: id } }));',
      "  return { statusCode: 200, body: '' };",
      '});',
    ].join('\n'),
  ),
];

export interface MeasuredBundle extends BuiltBundle {
  importMs: number;
}

export interface Diagnostic extends MeasuredBundle {
  label: string;
  baseline: string;
  baselineImportMs: number;
}

export interface BundleFigures {
  functions: MeasuredBundle[];
  emptySdk: MeasuredBundle;
  diagnostics: Diagnostic[];
}

/**
 * The empty SDK bundle and createReferral without infra/bundling.ts's alias, that is with the SDK's
 * whole default credential chain (SSO, INI files, processes, web identity, metadata endpoints and
 * the STS/SSO clients they embed): what the alias saves. Their ratio is to the empty SDK bundle
 * built the same way.
 */
function defaultChainTargets(entry: string): DiagnosticTarget[] {
  const emptySdkWithDefaultChain = 'empty-sdk-default-chain';
  return [
    {
      name: emptySdkWithDefaultChain,
      label: 'SDK vide, chaîne d’identifiants par défaut du SDK (sans l’alias)',
      contents: emptySdkTarget.contents!,
      withoutAliases: true,
      baseline: emptySdkTarget.name,
    },
    {
      name: 'createReferral-default-chain',
      label: 'createReferral, même chaîne (rapport au SDK vide ainsi construit)',
      entry,
      withoutAliases: true,
      baseline: emptySdkWithDefaultChain,
    },
  ];
}

export async function measureBundles(projectRoot: string, outDirectory: string, importRuns: number): Promise<BundleFigures> {
  const functionTargets = manifestTargets();
  const createReferral = functionTargets.find((target) => target.name === 'createReferral');
  const diagnosticTargets = [...probeTargets, ...(createReferral ? defaultChainTargets(createReferral.entry!) : [])];
  const built = await buildBundles([...functionTargets, emptySdkTarget, ...diagnosticTargets], projectRoot, outDirectory);
  const times = await medianImportTimes(new Map(built.map((bundle) => [bundle.name, bundle.file])), importRuns);
  const byName = new Map(built.map((bundle) => [bundle.name, { ...bundle, importMs: times.get(bundle.name)! }]));
  return {
    functions: functionTargets.map((target) => byName.get(target.name)!),
    emptySdk: byName.get(emptySdkTarget.name)!,
    diagnostics: diagnosticTargets.map((target) => ({
      ...byName.get(target.name)!,
      label: target.label,
      baseline: target.baseline,
      baselineImportMs: byName.get(target.baseline)!.importMs,
    })),
  };
}
