import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, stop as stopEsbuild, type BuildOptions, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../infra/bundling.js';
import { median } from './stats.js';

/** Something to bundle: a handler entry of the manifest, or a module written here (`contents`). */
export interface BundleTarget {
  name: string;
  /** Entry file relative to the project root. */
  entry?: string;
  /** Source of an entry that exists only in the benchmark (resolved from the project root). */
  contents?: string;
  /** Only for diagnostic bundles: built without infra/bundling.ts's aliases, to show what they save. */
  withoutAliases?: boolean;
}

/** What a share of the bundle comes from: an npm package, or a folder of the project. */
export interface ModuleShare {
  module: string;
  bytes: number;
}

export interface BuiltBundle {
  name: string;
  entry: string;
  file: string;
  bytes: number;
  modules: ModuleShare[];
}

/** `node_modules/@scope/name/…` → `@scope/name`; the project's own files → their folder. */
function moduleOf(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  if (at >= 0) {
    const parts = inputPath.slice(at + marker.length).split('/');
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    // Translations are the usual dead weight of a validation library: shown apart.
    return parts.includes('locales') ? `${name} (locales)` : name;
  }
  const parts = inputPath.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : inputPath;
}

function modulesOf(metafile: Metafile): ModuleShare[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const module = moduleOf(path);
      totals.set(module, (totals.get(module) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals]
    .map(([module, bytes]) => ({ module, bytes }))
    .filter((share) => share.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Bundles each target into `<outDirectory>/<name>/index.mjs`, as NodejsFunction names it. */
export async function buildBundles(
  targets: readonly BundleTarget[],
  projectRoot: string,
  outDirectory: string,
): Promise<BuiltBundle[]> {
  const base = lambdaBuildOptions();
  const built: BuiltBundle[] = [];
  try {
    for (const target of targets) {
      const file = join(outDirectory, target.name, 'index.mjs');
      const source: BuildOptions = target.entry
        ? { entryPoints: [target.entry] }
        : { stdin: { contents: target.contents ?? '', resolveDir: projectRoot, sourcefile: `${target.name}.js`, loader: 'js' } };
      const result = await build({
        ...base,
        ...source,
        absWorkingDir: projectRoot,
        outfile: file,
        metafile: true,
        write: true,
        logLevel: 'silent',
        ...(target.withoutAliases ? { alias: {} } : {}),
      });
      built.push({
        name: target.name,
        entry: target.entry ?? '(banc)',
        file,
        bytes: readFileSync(file).byteLength,
        modules: modulesOf(result.metafile),
      });
    }
  } finally {
    await stopEsbuild();
  }
  return built;
}

/**
 * Run in a fresh `node`: the time of `await import(bundle)` only (the process start and the
 * timer's own import are outside). It also checks that the module exports a handler.
 */
const importProbe = `
const { pathToFileURL } = await import('node:url');
const url = pathToFileURL(process.argv[1]).href;
const started = performance.now();
const loaded = await import(url);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, handler: typeof loaded.handler === 'function' }));
`;

/**
 * What a Lambda function has in its environment, with harmless values: handlers read their
 * configuration on first use, not at import, but a module that read it early must not fail here.
 */
const probeEnvironment = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  TABLE_NAME: 'asll-bench',
  ASLL_POLICY: 'meuse',
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'asll-bench',
  NODE_ENV: 'production',
};

/** One import in a fresh Node process (the Node running the benchmark: v24 under `npm run bench`). */
export function timeImport(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', importProbe, file], {
      env: probeEnvironment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`l’import de ${file} a échoué (code ${code}) :\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        const { ms, handler } = JSON.parse(stdout) as { ms: number; handler: boolean };
        if (!handler) reject(new Error(`${file} n’exporte pas de fonction handler`));
        else resolve(ms);
      } catch {
        reject(new Error(`mesure illisible pour ${file} : ${stdout.slice(0, 200)} ${stderr.slice(-500)}`));
      }
    });
  });
}

/**
 * Median import time of each bundle over `runs` fresh processes. Runs go round-robin over the
 * bundles (starting one further each round), so a noisy moment hits them all, not one; a first,
 * discarded round warms the file cache.
 */
export async function medianImportTimes(files: ReadonlyMap<string, string>, runs: number): Promise<Map<string, number>> {
  const names = [...files.keys()];
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = -1; round < runs; round += 1) {
    for (let index = 0; index < names.length; index += 1) {
      const name = names[(index + Math.max(round, 0)) % names.length]!;
      const ms = await timeImport(files.get(name)!);
      if (round >= 0) samples.get(name)!.push(ms);
    }
  }
  return new Map(names.map((name) => [name, median(samples.get(name)!)]));
}
