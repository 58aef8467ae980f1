import { isPolicyId } from '../../lib/domain/policies.js';
import { JavaMissingError } from './dynamodb-local.js';
import { startLocalRuntime } from './runtime.js';

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

  const runtime = await startLocalRuntime({ port, policy, dataDirectory });
  process.stdout.write(
    `ASLL en service sur ${runtime.url}/ — politique « ${policy} », données dans ${dataDirectory} (Ctrl-C pour arrêter)\n`,
  );

  let stopping = false;
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
  process.stderr.write(
    `${error instanceof JavaMissingError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
