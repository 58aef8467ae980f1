import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, installGuards, onCleanup, wasInterrupted } from './cleanup.js';
import { deadlinesDay, measureDeadlines, type DeadlinesFigures } from './deadlines.js';
import { measureBundles, type BundleFigures } from './function-bundles.js';
import type { ModuleShare } from './bundles.js';
import type { InterleavedPlan } from './latency.js';
import { fileVisits } from './measure-latency.js';
import { measureRouteLatencies, type RouteLatencies } from './route-latency.js';
import type { LatencyFigures } from './system.js';
import { bytesText, msText, print, table, verdict } from './report.js';
import { round } from './stats.js';

// The handlers' one JSON line per request would bury the report: the benchmark runs them at `warn`
// (the line is then skipped, a test of the level; its write costs a few microseconds in production).
process.env.LOG_LEVEL ??= 'warn';

/**
 * `npm run bench`: latency of POST /referrals, POST /measures/{id}/visits and GET /measures/{id}
 * (100 visits), each beside a bare handler making the same DynamoDB requests, the size and import time
 * of every function's bundle beside an empty SDK bundle, and the reads and time of the deadlines job
 * at 1,000 and 10,000 measures with 50 due. It prints figures and writes
 * bench/results/latest.json; it never fails on a figure (exit 0 when it measured).
 */

const projectRoot = resolve(fileURLToPath(import.meta.url), '../..');
const resultsFile = join(projectRoot, 'bench', 'results', 'latest.json');
/** Every latency sample, in the order measured (batch after batch), for a closer look. */
const samplesFile = join(projectRoot, 'bench', 'results', 'latest-samples.json');

const goals = {
  ratioP50: 1.3,
  bundleBytes: 300 * 1024,
  importRatio: 1.0,
  /** itemsRead ≤ 2 × (due + tasks created), at every size. */
  deadlinesReads: 2,
  /** ms at 10,000 measures ≤ 1.5 × ms at 1,000. */
  deadlinesMsRatio: 1.5,
  /** The stats job's items read the night after a day of activity ≤ 2 × the items that day changed. */
  statsReads: 2,
  /** GET /stats p50 at 10,000 measures ≤ 1.5 × the one at 1,000. */
  statsDownloadRatio: 1.5,
} as const;

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} doit être un entier positif`);
  return value;
}

const plan: InterleavedPlan = {
  warmup: setting('BENCH_WARMUP', 200),
  batches: setting('BENCH_BATCHES', 60),
  batchSize: setting('BENCH_BATCH_SIZE', 5),
};
const importRuns = setting('BENCH_IMPORT_RUNS', 9);
/** About 6 min on 2 cores, most of it writing 11,000 measures into DynamoDB Local; the stats job's first run adds a little. */
const timeLimitMs = 720_000;

const ratio = (value: number, baseline: number) => round(value / baseline, 3);
const topModules = (modules: readonly ModuleShare[], count = 5) => modules.slice(0, count);
const modulesText = (modules: readonly ModuleShare[], count = 3) =>
  topModules(modules, count)
    .map((share) => `${share.module} ${Math.round(share.bytes / 1024)} Ko`)
    .join(', ');

function latencyResults(latency: LatencyFigures) {
  const p50Ms = round(latency.p50);
  const bareP50Ms = round(latency.bareP50);
  return {
    p50Ms,
    p95Ms: round(latency.p95),
    bareP50Ms,
    bareP95Ms: round(latency.bareP95),
    ratioP50: ratio(p50Ms, bareP50Ms),
    ratioP95: ratio(round(latency.p95), round(latency.bareP95)),
    pairedRatioP50: round(latency.pairedRatioP50, 3),
    meanMs: round(latency.mean),
    bareMeanMs: round(latency.bareMean),
    requests: latency.real.length,
    bareRequests: latency.bare.length,
    sameItems: latency.sameItems,
  };
}

function deadlinesResults(figures: DeadlinesFigures[]) {
  const baseMs = round(figures[0]!.run.ms);
  return figures.map((figure) => {
    const { run, rerun, generated } = figure;
    const ms = round(run.ms);
    return {
      measures: figure.measures,
      due: generated.due,
      itemsRead: run.itemsRead,
      readUnits: round(run.readUnits, 1),
      ms,
      created: run.created,
      createdByKind: run.byKind,
      /** itemsRead / (due + created): the goal is ≤ 2. */
      readsRatio: ratio(run.itemsRead, generated.due + run.created),
      /** ms / ms at the smallest size: the goal is ≤ 1.5 at 10,000. */
      msRatio: ratio(ms, baseMs),
      rerun: { created: rerun.created, itemsRead: rerun.itemsRead, readUnits: round(rerun.readUnits, 1), ms: round(rerun.ms) },
      day: deadlinesDay.today,
      time: deadlinesDay.time,
      cadenceMonthPremarked: figure.cadenceMonthPremarked,
      data: {
        byStatus: generated.byStatus,
        dueByKind: generated.dueByKind,
        visits: generated.visits,
        writes: generated.writes,
        generateSeconds: round(figure.generateMs / 1000, 1),
      },
    };
  });
}

function statsResults(figures: DeadlinesFigures[]) {
  const baseDownload = figures[0]!.stats.downloadP50Ms;
  return figures.map(({ measures, stats }) => ({
    measures,
    jobMs: round(stats.night.ms),
    jobItemsRead: stats.night.itemsRead,
    changedItems: stats.changedItems,
    downloadP50Ms: round(stats.downloadP50Ms),
    /** jobItemsRead / changedItems: the goal is ≤ 2. */
    readsRatio: ratio(stats.night.itemsRead, stats.changedItems),
    /** downloadP50Ms / the one at the smallest size: the goal is ≤ 1.5 at 10,000. */
    downloadRatio: ratio(stats.downloadP50Ms, baseDownload),
    night: { periods: stats.night.periods, cells: stats.night.cells, readUnits: round(stats.night.readUnits, 1) },
    rebuild: { ms: round(stats.rebuild.ms), itemsRead: stats.rebuild.itemsRead, cells: stats.rebuild.cells },
    rerun: { ms: round(stats.rerun.ms), itemsRead: stats.rerun.itemsRead, cells: stats.rerun.cells },
    day: stats.day,
    time: stats.time,
    dayWrites: stats.dayWrites,
  }));
}

function results(
  latencies: RouteLatencies,
  bundles: BundleFigures,
  deadlines: DeadlinesFigures[],
  started: number,
  loadBefore: number,
) {
  const emptySdkImportMs = round(bundles.emptySdk.importMs);
  return {
    referral: latencyResults(latencies.referral),
    visit: latencyResults(latencies.visit),
    measureFile: { ...latencyResults(latencies.measureFile), visits: fileVisits },
    bundles: bundles.functions.map((bundle) => {
      const importMs = round(bundle.importMs);
      return {
        name: bundle.name,
        bytes: bundle.bytes,
        importMs,
        emptySdkImportMs,
        importRatio: ratio(importMs, emptySdkImportMs),
        entry: bundle.entry,
        emptySdkBytes: bundles.emptySdk.bytes,
        topModules: topModules(bundle.modules),
      };
    }),
    emptySdk: { bytes: bundles.emptySdk.bytes, importMs: emptySdkImportMs, topModules: topModules(bundles.emptySdk.modules) },
    diagnostics: bundles.diagnostics.map((bundle) => ({
      name: bundle.name,
      label: bundle.label,
      bytes: bundle.bytes,
      importMs: round(bundle.importMs),
      baseline: bundle.baseline,
      baselineImportMs: round(bundle.baselineImportMs),
      importRatio: ratio(round(bundle.importMs), round(bundle.baselineImportMs)),
      topModules: topModules(bundle.modules),
    })),
    deadlines: deadlinesResults(deadlines),
    stats: statsResults(deadlines),
    goals: {
      referralRatioP50: goals.ratioP50,
      visitRatioP50: goals.ratioP50,
      measureFileRatioP50: goals.ratioP50,
      bundleBytes: goals.bundleBytes,
      importRatio: goals.importRatio,
      deadlinesReadsRatio: goals.deadlinesReads,
      deadlinesMsRatio: goals.deadlinesMsRatio,
      statsReadsRatio: goals.statsReads,
      statsDownloadRatio: goals.statsDownloadRatio,
    },
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      /** Load average over one minute: other processes on the machine make absolute times noisier. */
      loadAverage: { before: round(loadBefore), after: round(loadavg()[0]!) },
      plan,
      importRuns,
      durationSeconds: round((performance.now() - started) / 1000, 1),
    },
  };
}

type Results = ReturnType<typeof results>;

/** The lines of one latency benchmark: both variants, the ratio and its verdict, the items compared. */
function printLatency(
  title: string,
  figures: ReturnType<typeof latencyResults>,
  latency: LatencyFigures,
  bare: string,
  items: string,
) {
  print();
  print(title);
  print(
    `   ${figures.requests} requêtes par variante, ${plan.batches} lots alternés de ${plan.batchSize}, après ${plan.warmup} requêtes de chauffe chacune`,
  );
  for (const line of table(
    ['Variante', 'p50 (ms)', 'p95 (ms)', 'moyenne (ms)'],
    [
      ['gestionnaire réel (middy + zod + domaine)', msText(figures.p50Ms), msText(figures.p95Ms), msText(figures.meanMs)],
      [`gestionnaire nu (${bare})`, msText(figures.bareP50Ms), msText(figures.bareP95Ms), msText(figures.bareMeanMs)],
    ],
    [false, true, true, true],
  )) {
    print(`   ${line}`);
  }
  print(
    `   Rapport p50 réel / nu : ${figures.ratioP50.toFixed(3)} (objectif ≤ ${goals.ratioP50}) — ${verdict(figures.ratioP50 <= goals.ratioP50)}`,
  );
  print(
    `   écart p50 : ${msText(figures.p50Ms - figures.bareP50Ms)} ms ; rapport p95 : ${figures.ratioP95.toFixed(3)} ; ` +
      `médiane des rapports par paire de lots voisins : ${figures.pairedRatioP50.toFixed(3)}`,
  );
  print(`   Éléments écrits identiques (${items}, identifiants et instants mis à part) : ${figures.sameItems ? 'oui' : 'NON'}`);
  if (latency.itemsDifference) print(latency.itemsDifference);
}

const count = (value: number) => bytesText(value);

function printDeadlines(sizes: Results['deadlines']): void {
  const [small, large] = [sizes[0]!, sizes.at(-1)!];
  print();
  print(
    `4. Tâche des échéances (runDeadlines, environnement du runtime local), le ${small.day} à 06:00 (Paris), ${small.due} mesures échues`,
  );
  print(
    `   Contrôle mensuel du rythme des rencontres (${small.cadenceMonthPremarked}) marqué fait d’avance : seules les lectures quotidiennes sont mesurées.`,
  );
  for (const line of table(
    [
      'Mesures',
      'Échues',
      'Tâches créées',
      'Lus (index)',
      'Unités lues',
      'Lus / (échues + créées)',
      `≤ ${goals.deadlinesReads}`,
      'Durée (ms)',
      'Écriture des données',
    ],
    sizes.map((size) => [
      count(size.measures),
      String(size.due),
      String(size.created),
      String(size.itemsRead),
      size.readUnits.toFixed(1),
      size.readsRatio.toFixed(3),
      verdict(size.readsRatio <= goals.deadlinesReads),
      msText(size.ms),
      `${size.data.generateSeconds} s, ${count(size.data.writes)} écritures`,
    ]),
    [true, true, true, true, true, true, false, true, false],
  )) {
    print(`   ${line}`);
  }
  print(
    `   Durée à ${count(large.measures)} / durée à ${count(small.measures)} : ${msText(large.ms)} / ${msText(small.ms)} = ${large.msRatio.toFixed(3)} ` +
      `(objectif ≤ ${goals.deadlinesMsRatio}) — ${verdict(large.msRatio <= goals.deadlinesMsRatio)}`,
  );
  for (const size of sizes) {
    const { awaiting_contract: awaiting, active, closed } = size.data.byStatus;
    print(
      `   ${count(size.measures)} mesures : ${count(awaiting)} en attente de contrat, ${count(active)} en cours, ${count(closed)} clôturées, ${count(size.data.visits)} rencontres ; ` +
        `échues : ${Object.entries(size.data.dueByKind)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')}`,
    );
  }
  for (const size of sizes) {
    print(
      `   Second passage le même jour (${count(size.measures)} mesures) : tâches créées ${size.rerun.created}, lus ${size.rerun.itemsRead} — ` +
        (size.rerun.created === 0 ? 'rien de plus, comme attendu' : 'DES TÂCHES EN DOUBLE'),
    );
  }
}

function printStats(sizes: Results['stats']): void {
  const [small, large] = [sizes[0]!, sizes.at(-1)!];
  print();
  print(
    `5. Tâche des statistiques (runStats, mêmes données que 4) : ${small.dayWrites} écritures le ${small.day}, puis la nuit (${small.time})`,
  );
  for (const line of table(
    [
      'Mesures',
      'Éléments changés',
      'Lus la nuit',
      'Lus / changés',
      `≤ ${goals.statsReads}`,
      'Durée (ms)',
      'Cellules écrites',
      'Première exécution',
      'Second passage',
    ],
    sizes.map((size) => [
      count(size.measures),
      String(size.changedItems),
      String(size.jobItemsRead),
      size.readsRatio.toFixed(3),
      verdict(size.readsRatio <= goals.statsReads),
      msText(size.jobMs),
      String(size.night.cells),
      `${msText(size.rebuild.ms)} ms, ${count(size.rebuild.itemsRead)} lus, ${size.rebuild.cells} cellules`,
      size.rerun.cells === 0 ? `rien (${size.rerun.itemsRead} lu)` : `${size.rerun.cells} CELLULES RÉÉCRITES`,
    ]),
    [true, true, true, true, false, true, true, false, false],
  )) {
    print(`   ${line}`);
  }
  print(
    `   GET /stats p50 : ${msText(large.downloadP50Ms)} ms à ${count(large.measures)}, ${msText(small.downloadP50Ms)} ms à ${count(small.measures)} : ` +
      `${large.downloadRatio.toFixed(3)} (objectif ≤ ${goals.statsDownloadRatio}) — ${verdict(large.downloadRatio <= goals.statsDownloadRatio)}`,
  );
}

function printReport(figures: Results, latencies: RouteLatencies, bundles: BundleFigures): void {
  print();
  print(`Banc ASLL — ${figures.meta.date} — Node ${figures.meta.node}, ${figures.meta.platform}, ${figures.meta.cpus} cœurs`);
  print(
    `Charge de la machine (moyenne 1 min) : ${figures.meta.loadAverage.before} au début, ${figures.meta.loadAverage.after} à la fin` +
      ' — les temps absolus en dépendent, les rapports (mesures entrelacées) beaucoup moins.',
  );
  printLatency(
    '1. POST /referrals par la passerelle locale (HTTP 127.0.0.1, DynamoDB Local en mémoire)',
    figures.referral,
    latencies.referral,
    'mêmes requêtes DynamoDB',
    'saisine + audit',
  );
  printLatency(
    '1 bis. POST /measures/{id}/visits (jeton de travailleur social, mesure active)',
    figures.visit,
    latencies.visit,
    'même Query + même transaction',
    'tête de mesure + rencontre + journal + réponse',
  );
  printLatency(
    `1 ter. GET /measures/{id}, dossier de ${fileVisits} rencontres`,
    figures.measureFile,
    latencies.measureFile,
    'même Query + même PutItem du journal',
    'réponse + entrée du journal',
  );

  print();
  print(
    `2. Paquets des fonctions (esbuild, réglages de infra/bundling.ts), import médian sur ${importRuns} processus node neufs`,
  );
  print(
    `   Paquet vide (SDK DynamoDB + client document créés) : ${bytesText(figures.emptySdk.bytes)} octets, import ${msText(figures.emptySdk.importMs)} ms`,
  );
  const rows = figures.bundles.map((bundle, index) => [
    bundle.name,
    bytesText(bundle.bytes),
    verdict(bundle.bytes <= goals.bundleBytes),
    msText(bundle.importMs),
    bundle.importRatio.toFixed(3),
    verdict(bundle.importRatio <= goals.importRatio),
    modulesText(bundles.functions[index]!.modules),
  ]);
  for (const line of table(
    [
      'Fonction',
      'Octets',
      `≤ ${bytesText(goals.bundleBytes)}`,
      'Import (ms)',
      'Rapport',
      `≤ ${goals.importRatio}`,
      'Modules dominants',
    ],
    rows,
    [false, true, false, true, true, false, false],
  )) {
    print(`   ${line}`);
  }

  print();
  print('3. Diagnostic : bibliothèques seules, et des paquets construits sans l’alias de infra/bundling.ts');
  for (const line of table(
    ['Paquet', 'Octets', 'Import (ms)', 'Rapport', 'Modules dominants'],
    figures.diagnostics.map((diagnostic, index) => [
      diagnostic.label,
      bytesText(diagnostic.bytes),
      msText(diagnostic.importMs),
      diagnostic.importRatio.toFixed(3),
      modulesText(bundles.diagnostics[index]!.modules, 2),
    ]),
    [false, true, true, true, false],
  )) {
    print(`   ${line}`);
  }
  print(
    '   Alias (réglage réel) : @aws-sdk/credential-provider-node → infra/lambda-credentials.ts (fromEnv, les variables AWS_* que Lambda fournit).',
  );

  printDeadlines(figures.deadlines);
  printStats(figures.stats);

  const verdicts = [
    ...[figures.referral, figures.visit, figures.measureFile].map((latency) => latency.ratioP50 <= goals.ratioP50),
    ...figures.bundles.flatMap((bundle) => [bundle.bytes <= goals.bundleBytes, bundle.importRatio <= goals.importRatio]),
    ...figures.deadlines.map((size) => size.readsRatio <= goals.deadlinesReads),
    figures.deadlines.at(-1)!.msRatio <= goals.deadlinesMsRatio,
    ...figures.stats.map((size) => size.readsRatio <= goals.statsReads),
    ...(figures.stats.at(-1)!.downloadRatio === null ? [] : [figures.stats.at(-1)!.downloadRatio! <= goals.statsDownloadRatio]),
  ];
  print();
  print(`Objectifs atteints : ${verdicts.filter(Boolean).length} / ${verdicts.length}   (résultats : ${resultsFile})`);
  print(`Durée : ${figures.meta.durationSeconds} s`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  installGuards(timeLimitMs);
  const log = (line: string) => process.stderr.write(`[banc] ${line}\n`);

  const outDirectory = mkdtempSync(join(tmpdir(), 'asll-bench-'));
  onCleanup('les paquets temporaires', () => rmSync(outDirectory, { recursive: true, force: true }));

  // Bundles first, while nothing else runs on the machine (DynamoDB Local is not started yet).
  log(`paquets dans ${outDirectory}, puis ${importRuns} imports de chacun dans des processus neufs…`);
  const bundles = await measureBundles(projectRoot, outDirectory, importRuns);
  const latencies = await measureRouteLatencies(plan, log);
  const deadlines = await measureDeadlines(log);
  await cleanup();

  const figures = results(latencies, bundles, deadlines, started, loadBefore);
  mkdirSync(join(projectRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(
    samplesFile,
    `${JSON.stringify({
      plan,
      ...Object.fromEntries(
        (Object.entries(latencies) as [string, LatencyFigures][]).map(([name, latency]) => [
          name,
          { realMs: latency.real.map((ms) => round(ms, 3)), bareMs: latency.bare.map((ms) => round(ms, 3)) },
        ]),
      ),
    })}\n`,
  );
  printReport(figures, latencies, bundles);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    // Interrupted: the guard is already stopping everything and will exit with its own code.
    if (wasInterrupted()) return;
    process.stderr.write(
      `\nle banc n’a pas pu mesurer : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanup();
    process.exit(1);
  },
);
