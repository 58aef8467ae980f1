/**
 * What the benchmark started, stopped in reverse order whatever happens: normal end, error,
 * Ctrl-C, SIGTERM or the time limit. DynamoDB Local is a Java process: it must never outlive us.
 */
const steps: { label: string; stop: () => Promise<void> | void }[] = [];
let running: Promise<void> | undefined;
let interrupted = false;

/** True once a signal or the time limit asked the benchmark to stop: later errors are its echoes. */
export function wasInterrupted(): boolean {
  return interrupted;
}

export function onCleanup(label: string, stop: () => Promise<void> | void): void {
  steps.push({ label, stop });
}

export function cleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step.stop();
      } catch (error) {
        process.stderr.write(`arrêt de ${step.label} : ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  })();
  return running;
}

/** Stops everything then exits, on a signal or after `limitMs` (the benchmark is bounded in time). */
export function installGuards(limitMs: number): void {
  const stopAndExit = (reason: string, code: number) => {
    interrupted = true;
    process.stderr.write(`\n${reason} : arrêt de ce que le banc a démarré…\n`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stopAndExit('interrompu (SIGINT)', 130));
  process.once('SIGTERM', () => stopAndExit('interrompu (SIGTERM)', 143));
  setTimeout(() => stopAndExit(`durée limite de ${Math.round(limitMs / 1000)} s dépassée`, 1), limitMs).unref();
}
