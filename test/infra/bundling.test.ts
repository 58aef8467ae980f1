import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasEsbuildArgs, lambdaBuildOptions, lambdaBundling, lazyModules } from '../../infra/bundling.js';
import { routes, type RouteDeclaration, type RouteId } from '../../infra/manifest.js';
import { statisticsTable } from '../support/statistics-table.js';
import { functionFor, synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
beforeAll(() => {
  // The one synthesis that really runs esbuild, for the API stack only.
  synthesized = synthesizeAsll({ bundle: ['AsllApi'] });
}, 300_000);
afterAll(() => synthesized.cleanUp());

const routeList = Object.entries(routes) as [RouteId, RouteDeclaration][];

/** The directory the function's code is staged in. */
function assetOf(route: RouteDeclaration): string {
  const fn = functionFor(synthesized.templates.api, route.method, route.path);
  // The code's S3 key is the asset hash; the cloud assembly stages the asset as `asset.<hash>`.
  const key = (fn.resource.Properties.Code as { S3Key: string }).S3Key;
  return join(synthesized.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

function bundleOf(route: RouteDeclaration): string {
  return readFileSync(join(assetOf(route), 'index.mjs'), 'utf8');
}

describe('the function bundles', () => {
  it.each(routeList)('bundles %s into one minified ES module with the shared banner', (_id, route) => {
    const code = bundleOf(route);
    expect(code.startsWith(lambdaBundling.banner)).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b/);
    // Minified: the source's own names are gone.
    expect(code).not.toContain('apiHandler');
  });

  it.each(routeList.filter(([, route]) => route.table !== 'none'))(
    'bundles the AWS SDK into %s instead of taking the runtime’s',
    (_id, route) => {
      const code = bundleOf(route);
      // The store's SDK packages are neither imported nor required at run time: they are inside the bundle.
      expect(code).not.toMatch(/from\s*["']@aws-sdk\/(client|lib)-dynamodb["']/);
      expect(code).not.toMatch(/require\(["']@aws-sdk\/(client|lib)-dynamodb["']\)/);
      expect(code).toContain('TransactWriteItems');
    },
  );

  it.each(routeList)('bundles the Cognito client into %s only if it manages staff accounts', (_id, route) => {
    const code = bundleOf(route);
    if (route.identities === 'manage') expect(code).toContain('AWSCognitoIdentityProviderService');
    else expect(code).not.toContain('AWSCognitoIdentityProviderService');
  });

  it.each(routeList.filter(([, route]) => route.table !== 'none'))(
    'gives %s the environment credentials alone, not the SDK’s default chain',
    (_id, route) => {
      const code = bundleOf(route);
      // fromEnv's own error message is in; the chain's other links (and their STS/SSO clients) are not.
      // (Booleans, not toContain: a failure must not print a whole bundle.)
      expect(code.includes('Unable to find environment variable credentials.')).toBe(true);
      expect(code.includes('defaultProvider::fromSSO')).toBe(false);
      expect(code.includes('AssumeRoleWithWebIdentity')).toBe(false);
    },
  );
});

describe('the modules a function loads only when a request needs them', () => {
  const lazyRoutes = routeList.filter(([, route]) => (route as RouteDeclaration).lazy);

  it('are declared for GET /stats: the spreadsheet writers', () => {
    expect(lazyRoutes.map(([id]) => id)).toEqual(['getStats']);
  });

  it.each(lazyRoutes)('stay out of the bundle of %s, which imports them by name', (_id, route) => {
    const code = bundleOf(route);
    expect(code.includes('#statistics-xlsx')).toBe(true);
    // write-excel-file's and odf-kit's own markup is not in the bundle.
    expect(code.includes('sharedStrings.xml')).toBe(false);
    expect(code.includes('office:spreadsheet')).toBe(false);
    expect(statSync(join(assetOf(route), 'index.mjs')).size).toBeLessThan(300 * 1024);
  });

  it.each(lazyRoutes)(
    'are shipped beside the bundle of %s, and Node resolves them there as the function does',
    async (_id, route) => {
      const asset = assetOf(route);
      const manifestOfAsset = JSON.parse(readFileSync(join(asset, 'package.json'), 'utf8')) as {
        imports: Record<string, string>;
      };
      expect(Object.keys(manifestOfAsset.imports)).toEqual(route.lazy);
      for (const name of route.lazy!) expect(manifestOfAsset.imports[name]).toBe(`./${lazyModules[name].file}`);
      // A module beside index.mjs resolves `#…` through the asset's package.json, as index.mjs does on Lambda.
      const probe = join(asset, 'probe.mjs');
      writeFileSync(
        probe,
        "export const xlsx = await import('#statistics-xlsx'); export const ods = await import('#statistics-ods');\n",
      );
      try {
        const loaded = (await import(pathToFileURL(probe).href)) as {
          xlsx: typeof import('../../lib/domain/statistics/export-xlsx.js');
          ods: typeof import('../../lib/domain/statistics/export-ods.js');
        };
        const table = statisticsTable();
        for (const bytes of [await loaded.xlsx.statisticsXlsx(table), await loaded.ods.statisticsOds(table)]) {
          expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
        }
      } finally {
        rmSync(probe);
      }
    },
  );
});

describe('the bundling settings', () => {
  it('replaces the default credential chain by the environment provider, on AWS and in the benchmark alike', () => {
    expect(lambdaBundling.alias).toEqual({ '@aws-sdk/credential-provider-node': './infra/lambda-credentials.ts' });
    expect(aliasEsbuildArgs(lambdaBundling.alias)).toEqual({
      '--alias': ['@aws-sdk/credential-provider-node=./infra/lambda-credentials.ts'],
    });
    expect(lambdaBuildOptions().alias).toEqual(lambdaBundling.alias);
  });
});

describe('the staff directory’s check', () => {
  // api-handler.ts refuses, on every protected route that reads the table, a caller the directory
  // says is inactive; dependencies.ts provides the directory. Locally every function shares one
  // process, so a function that failed to import it would still pass there: its bundle is checked.
  const checked = routeList.filter(([, route]) => route.access !== 'public' && route.table !== 'none');

  it.each(checked)('is wired into %s: its bundle holds the module that provides the directory', async (_id, route) => {
    const result = await build({
      ...lambdaBuildOptions(),
      entryPoints: [route.entry],
      write: false,
      outfile: 'index.mjs',
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs)).toContain('functions/shared/dependencies.ts');
  });
});
