import type { Plugin } from 'esbuild';
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

/**
 * A what-if on the bundling, never applied: the SDK's default credential chain (SSO, INI files,
 * STS web identity, IMDS… and the clients they embed) replaced by the environment variables
 * alone, which is where Lambda puts a function's credentials.
 */
export function environmentCredentialsPlugin(): Plugin {
  const namespace = 'what-if-environment-credentials';
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
        path: args.path,
        namespace,
        pluginData: { resolveDir: args.resolveDir },
      }));
      build.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: [
          "import { fromEnv } from '@aws-sdk/credential-provider-env';",
          'export const defaultProvider = (init) => fromEnv(init);',
          'export const credentialsWillNeedRefresh = () => false;',
          'export const credentialsTreatedAsExpired = () => false;',
        ].join('\n'),
        resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
        loader: 'js',
      }));
    },
  };
}

/** A bundle that explains a figure: one library alone, or a function under a what-if. */
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

/** The what-if, on createReferral (the route the latency benchmark measures). */
function whatIfTargets(entry: string): DiagnosticTarget[] {
  const emptySdkWithEnvironmentCredentials = 'what-if-empty-sdk-env-credentials';
  return [
    {
      name: emptySdkWithEnvironmentCredentials,
      label: 'SDK vide, hypothèse : identifiants de l’environnement seuls',
      contents: emptySdkTarget.contents!,
      plugins: [environmentCredentialsPlugin()],
      baseline: emptySdkTarget.name,
    },
    {
      name: 'what-if-createReferral-env-credentials',
      label: 'createReferral, même hypothèse (rapport au SDK vide ainsi réduit)',
      entry,
      plugins: [environmentCredentialsPlugin()],
      baseline: emptySdkWithEnvironmentCredentials,
    },
  ];
}

export async function measureBundles(projectRoot: string, outDirectory: string, importRuns: number): Promise<BundleFigures> {
  const functionTargets = manifestTargets();
  const createReferral = functionTargets.find((target) => target.name === 'createReferral');
  const diagnosticTargets = [...probeTargets, ...(createReferral ? whatIfTargets(createReferral.entry!) : [])];
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
