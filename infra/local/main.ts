import { isLogLevel } from '../../functions/shared/logger.js';
import { isPolicyId } from '../../lib/domain/policies.js';
import { getStatisticsConfig } from '../../lib/statistics-config.js';
import { startLocalRuntime, type LocalRuntime } from './runtime.js';
import { firstAdminCommand } from './sign-in.js';

/** `npm start`: the whole system on this machine until Ctrl-C. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const policy = process.env.ASLL_POLICY ?? 'meuse';
  const dataDirectory = process.env.ASLL_DATA_DIR ?? '.data';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT invalide : ${process.env.PORT}`);
  if (!isPolicyId(policy)) {
    throw new Error(
      `ASLL_POLICY invalide : « ${policy} ». Valeurs admises : meuse, plateforme, departement-generique, asell-intensif, dordogne.`,
    );
  }
  const logLevel = process.env.LOG_LEVEL;
  if (logLevel && !isLogLevel(logLevel)) {
    throw new Error(`LOG_LEVEL invalide : « ${logLevel} ». Valeurs admises : debug, info, warn, error.`);
  }
  // Checked now, as the CDK app checks its context: otherwise every GET /stats would answer 500.
  getStatisticsConfig();

  let stopping = false;
  // Filled once started: a signal or the fatal-error callback may come before that.
  const started: { runtime?: LocalRuntime } = {};
  // Stops what runs, then exits. Before the runtime is up, exiting is enough: the lock is
  // released on exit, and Java's watchdog ends Java once this process is gone.
  const shutDown = (code: number) => {
    (started.runtime?.stop() ?? Promise.resolve()).then(
      () => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`Arrêt incomplet : ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Arrêt (${signal})…\n`);
    shutDown(0);
  };
  // Listening before anything starts and before the address is printed: whoever reads the
  // address may stop the runtime at once, and Ctrl-C during the start stops it cleanly too.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const runtime = await startLocalRuntime({
    scheduleJobs: true,
    rebuildStaffPages: true,
    port,
    policy,
    dataDirectory,
    // The database is gone for good: say why, stop what is left, and exit non-zero.
    onFatalError: (error) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${error.message}\nArrêt d’ASLL.\n`);
      shutDown(1);
    },
  });
  started.runtime = runtime;
  process.stdout.write(
    `ASLL en service sur ${runtime.url}/ — politique « ${policy} », données dans ${dataDirectory} (Ctrl-C pour arrêter)\n` +
      `Espace du personnel : ${runtime.url}/staff/\n`,
  );
  const accounts = Object.values(runtime.accounts.accounts());
  if (!accounts.some((account) => account.active && account.groups.includes('admin'))) {
    process.stdout.write(
      `L’annuaire du personnel n’a pas encore d’administrateur actif. Dans un autre terminal, créez le premier :\n  ${firstAdminCommand}\n`,
    );
  }
}

main().catch((error: unknown) => {
  // Our own errors (Java missing, data directory in use…) say in French what to do.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
