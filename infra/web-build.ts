import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, buildSync, type BuildOptions, type OutputFile } from 'esbuild';

/**
 * The staff pages (web/staff/, ES modules and their CSS) bundled by esbuild into one script and one
 * stylesheet beside web/staff/index.html. The same build serves `npm start` and the tests (in
 * memory, see infra/local/gateway.ts) and the CDK app (written to a folder it publishes under
 * `staff/`). The public referral form (web/*.js) is not bundled: it stays plain files.
 */
const staffPrefix = 'staff';
export const staffEntry = 'web/staff/main.js';
/**
 * The files the staff app is made of once built, by their path under the site's root. The page is
 * served at `/staff/`; its assets sit one level deeper, where no API path (`/staff/{id}`) can be.
 */
export const staffFiles = {
  page: 'staff/index.html',
  script: 'staff/assets/app.js',
  stylesheet: 'staff/assets/app.css',
} as const;

function options(projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: { app: staffEntry },
    bundle: true,
    format: 'esm',
    // Browsers of the last few years, on phones too: what a department's staff use.
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    outdir: resolve(projectRoot, 'web', staffPrefix, 'assets'),
    logLevel: 'silent',
    metafile: false,
  };
}

export interface BuiltFile {
  /** Path under the site's root, e.g. `staff/app.js`. */
  path: string;
  content: Uint8Array;
}

function collect(projectRoot: string, outputs: OutputFile[]): BuiltFile[] {
  const outdir = resolve(projectRoot, 'web');
  const files = outputs.map((output) => ({
    path: output.path
      .slice(outdir.length + 1)
      .split('\\')
      .join('/'),
    content: output.contents,
  }));
  const page = readFileSync(resolve(projectRoot, 'web', staffFiles.page));
  return [{ path: staffFiles.page, content: page }, ...files];
}

/** Bundles the staff app in memory (the local gateway serves it from there). */
export async function buildStaffApp(projectRoot: string): Promise<BuiltFile[]> {
  const result = await build({ ...options(projectRoot), write: false });
  return collect(projectRoot, result.outputFiles);
}

/**
 * Bundles the staff app into `folder`, laid out as the site (`staff/index.html`,
 * `staff/app.js`, `staff/app.css`) and returns that folder: synchronous, as a CDK app is built.
 */
export function buildStaffAppInto(projectRoot: string, folder: string): string {
  const result = buildSync({ ...options(projectRoot), write: false });
  for (const file of collect(projectRoot, result.outputFiles)) {
    const target = join(folder, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return folder;
}
