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
  external: [] as string[],
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
