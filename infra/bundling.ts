import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled by esbuild, on AWS (NodejsFunction) and in the benchmark alike.
 * The SDK is bundled rather than taken from the runtime: the version that was tested is the one
 * that runs, and esbuild keeps only the commands a function uses.
 */
export const lambdaBundling = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  /** ESM output still meets CommonJS dependencies that call require(). */
  banner:
    "import { createRequire as __asllCreateRequire } from 'node:module'; const require = __asllCreateRequire(import.meta.url);",
  /** The lazy modules below: left as `import('#…')` in a function's bundle, shipped beside it. */
  external: ['#statistics-xlsx', '#statistics-ods'] as string[],
  /**
   * Imports replaced at bundling time (esbuild `alias`; paths resolved from the project root, the
   * working directory of NodejsFunction's esbuild and of the benchmark's). The SDK's default
   * credential chain becomes the environment variables alone, where Lambda puts the execution
   * role's credentials: see infra/lambda-credentials.ts and the README ("Identifiants sur Lambda").
   */
  alias: { '@aws-sdk/credential-provider-node': './infra/lambda-credentials.ts' } as Record<string, string>,
} as const;

/** The alias setting as NodejsFunction's `bundling.esbuildArgs` passes it on (`--alias:name=path`). */
export function aliasEsbuildArgs(alias: Readonly<Record<string, string>>): { '--alias': string[] } {
  return { '--alias': Object.entries(alias).map(([name, path]) => `${name}=${path}`) };
}

export const lambdaRuntime = { nodeMajor: 24, architecture: 'arm64', memoryMb: 512, timeoutSeconds: 10 } as const;

/**
 * Modules a function loads only when a request needs them, shipped beside its bundle rather than
 * inside it: NodejsFunction writes one file, so esbuild cannot split a bundle at an `await import()`.
 * The source imports each by a subpath import of package.json (`#statistics-xlsx`), which resolves
 * to the TypeScript source locally (tsx, vitest); a function declaring it in the manifest (`lazy`)
 * gets, in its asset, the module bundled alone with these same settings and a package.json that maps
 * the same name to that file (infra/build-lazy-modules.ts). Its cold start then never parses it.
 */
export const lazyModules = {
  '#statistics-xlsx': { entry: 'lib/domain/statistics/export-xlsx.ts', file: 'statistics-xlsx.mjs' },
  '#statistics-ods': { entry: 'lib/domain/statistics/export-ods.ts', file: 'statistics-ods.mjs' },
} as const;

export type LazyModule = keyof typeof lazyModules;

/** The settings above that `lambdaBuildOptions` knows how to hand to esbuild. */
const appliedSettings = new Set([
  'platform',
  'target',
  'format',
  'minify',
  'sourcemap',
  'mainFields',
  'banner',
  'external',
  'alias',
]);

/**
 * esbuild options equal to what NodejsFunction does with `lambdaBundling` for every function (it
 * always bundles), for the builds that run esbuild themselves: the lazy modules of a function's
 * asset and the benchmark's bundles. A setting this does not map throws rather than being ignored.
 */
export function lambdaBuildOptions(): BuildOptions {
  const unknown = Object.keys(lambdaBundling).filter((key) => !appliedSettings.has(key));
  if (unknown.length > 0) {
    throw new Error(
      `infra/bundling.ts a des réglages que lambdaBuildOptions ne sait pas passer à esbuild : ${unknown.join(', ')} (voir lambdaBuildOptions)`,
    );
  }
  return {
    platform: lambdaBundling.platform,
    target: lambdaBundling.target,
    format: lambdaBundling.format,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourcemap,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    external: [...lambdaBundling.external],
    alias: { ...lambdaBundling.alias },
    bundle: true,
  };
}
