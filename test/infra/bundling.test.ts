import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasEsbuildArgs, lambdaBundling } from '../../infra/bundling.js';
import { lambdaBuildOptions } from '../../bench/bundles.js';
import { routes, type RouteDeclaration, type RouteId } from '../../infra/manifest.js';
import { functionFor, synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
beforeAll(() => {
  // The one synthesis that really runs esbuild, for the API stack only.
  synthesized = synthesizeAsll({ bundle: ['AsllApi'] });
}, 300_000);
afterAll(() => synthesized.cleanUp());

const routeList = Object.entries(routes) as [RouteId, RouteDeclaration][];

function bundleOf(route: RouteDeclaration): string {
  const fn = functionFor(synthesized.templates.api, route.method, route.path);
  // The code's S3 key is the asset hash; the cloud assembly stages the asset as `asset.<hash>`.
  const key = (fn.resource.Properties.Code as { S3Key: string }).S3Key;
  return readFileSync(join(synthesized.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
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

describe('the bundling settings', () => {
  it('replaces the default credential chain by the environment provider, on AWS and in the benchmark alike', () => {
    expect(lambdaBundling.alias).toEqual({ '@aws-sdk/credential-provider-node': './infra/lambda-credentials.ts' });
    expect(aliasEsbuildArgs(lambdaBundling.alias)).toEqual({
      '--alias': ['@aws-sdk/credential-provider-node=./infra/lambda-credentials.ts'],
    });
    expect(lambdaBuildOptions().alias).toEqual(lambdaBundling.alias);
  });
});
