import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions, lazyModules, type LazyModule } from './bundling.js';

/**
 * Bundles lazy modules into a function's asset (infra/bundling.ts `lazyModules`), with the settings
 * of every function, and writes the asset's package.json mapping each name to its file, which is
 * how Node resolves `import('#statistics-xlsx')` from the function's index.mjs.
 *
 * Run by NodejsFunction after it bundles a function that declares lazy modules:
 * `tsx infra/build-lazy-modules.ts <project root> <asset directory> <#name>…`.
 */
export async function buildLazyModules(
  outputDirectory: string,
  names: readonly LazyModule[],
  projectRoot: string,
): Promise<void> {
  for (const name of names) {
    const module = lazyModules[name];
    await build({
      ...lambdaBuildOptions(),
      entryPoints: [resolve(projectRoot, module.entry)],
      absWorkingDir: projectRoot,
      outfile: join(outputDirectory, module.file),
      logLevel: 'warning',
    });
  }
  const imports = Object.fromEntries(names.map((name) => [name, `./${lazyModules[name].file}`]));
  writeFileSync(join(outputDirectory, 'package.json'), `${JSON.stringify({ type: 'module', imports }, null, 2)}\n`);
}

const [root, outputDirectory, ...names] = process.argv.slice(2);
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const unknown = names.filter((name) => !(name in lazyModules));
  if (!root || !outputDirectory || names.length === 0 || unknown.length > 0) {
    throw new Error(`Usage : tsx infra/build-lazy-modules.ts <racine> <dossier> <#module>… (inconnus : ${unknown.join(', ')})`);
  }
  await buildLazyModules(outputDirectory, names as LazyModule[], root);
}
