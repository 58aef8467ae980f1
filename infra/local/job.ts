import { parseArgs } from 'node:util';
import { useMailer } from '../../functions/shared/mailer.js';
import { jobs, type JobId } from '../manifest.js';
import { LocalMailbox } from './mailbox.js';
import { notRunningMessage, runningRuntime, useRuntimeEnvironment } from './running-runtime.js';
import { projectRoot } from './runtime.js';
import { loadJob, scheduledEvent } from './scheduler.js';

/**
 * `npm run --silent job -- <job> --time <ISO instant>`: while `npm start` runs on the same
 * ASLL_DATA_DIR, sends the job the EventBridge scheduled event for that instant, against that
 * runtime's database, and prints the job's one-line JSON summary.
 */
function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { time: { type: 'string' } }, allowPositionals: true, strict: true });
  const job = positionals[0];
  const known = Object.keys(jobs);
  if (!job || positionals.length !== 1 || !known.includes(job)) {
    fail(`Tâche inconnue : « ${job ?? ''} ». Tâches : ${known.join(', ')}.`, 2);
  }
  const time = values.time ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(time)) || !/^\d{4}-\d{2}-\d{2}T/.test(time)) {
    fail(`--time attend un instant ISO 8601, par exemple 2026-04-01T04:00:00Z (reçu : « ${time} »).`, 2);
  }

  const dataDirectory = process.env.ASLL_DATA_DIR ?? '.data';
  const state = runningRuntime(dataDirectory);
  if (!state) fail(notRunningMessage(dataDirectory), 1);
  useRuntimeEnvironment(state);
  // Emails land in the runtime's mailbox folder, as they would from the runtime itself.
  useMailer(new LocalMailbox(dataDirectory));
  const summary = await (await loadJob(projectRoot, job as JobId))(scheduledEvent(new Date(time)));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
