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
} as const;

export const lambdaRuntime = { nodeMajor: 24, architecture: 'arm64', memoryMb: 512, timeoutSeconds: 10 } as const;
