import { isPolicyId } from '../../lib/domain/policies.js';
import { startLocalRuntime, type LocalRuntime } from './runtime.js';

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

  let stopping = false;
  // Filled once started: the fatal-error callback may run before that.
  const started: { runtime?: LocalRuntime } = {};
  const runtime = await startLocalRuntime({
    port,
    policy,
    dataDirectory,
    // The database is gone for good: say why, stop what is left, and exit non-zero.
    onFatalError: (error) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${error.message}\nArrêt d'ASLL.\n`);
      // Before the runtime is up, exiting is enough: the lock goes on exit, Java with its watchdog.
      void (started.runtime?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  started.runtime = runtime;
  process.stdout.write(
    `ASLL en service sur ${runtime.url}/ — politique « ${policy} », données dans ${dataDirectory} (Ctrl-C pour arrêter)\n`,
  );

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Arrêt (${signal})…\n`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Arrêt incomplet : ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Our own errors (Java missing, data directory in use…) say in French what to do.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
