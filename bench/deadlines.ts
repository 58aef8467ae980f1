import { spawn } from 'node:child_process';
import { projectRoot } from '../infra/local/runtime.js';
import type { PolicyId } from '../lib/domain/policies.js';
import { onCleanup } from './cleanup.js';
import type { ChildAnswer, ChildRequest } from './deadlines-child.js';

/** The benchmark's day: a Wednesday in March 2026 (the job at 06:00 Paris, UTC+1 then). */
export const deadlinesDay = { today: '2026-03-18', time: '2026-03-18T05:00:00.000Z' } as const;
/** Sizes measured, the largest first (each in a fresh process with a fresh DynamoDB Local). */
export const deadlinesSizes = [10_000, 1_000] as const;
export const deadlinesDue = 50;
const policy: PolicyId = 'meuse';
/**
 * Measures written at the same time: DynamoDB Local serves about 400 transactions a second at best
 * on 2 cores, from 4 in flight on; more only lengthens each request (2 s is the client's limit).
 */
const concurrency = 12;

export interface DeadlinesFigures extends ChildAnswer {
  measures: number;
}

/** Runs one size in its own process (see deadlines-child.ts) and reads its one-line answer. */
function runChild(request: ChildRequest): Promise<ChildAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/deadlines-child.ts', JSON.stringify(request)], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    onCleanup(`le processus des échéances (${request.count} mesures)`, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`échéances, ${request.count} mesures : sortie ${code ?? signal}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '') as ChildAnswer);
      } catch {
        reject(new Error(`échéances, ${request.count} mesures : réponse illisible\n${output.slice(-2000)}`));
      }
    });
  });
}

/**
 * The deadlines job at 1,000 and 10,000 measures, 50 of them due on the benchmark's day: one
 * process per size, each with its local runtime and DynamoDB Local, data written through the store
 * by the generator.
 */
export async function measureDeadlines(log: (line: string) => void): Promise<DeadlinesFigures[]> {
  const figures: DeadlinesFigures[] = [];
  for (const count of deadlinesSizes) {
    log(
      `échéances : ${count} mesures écrites par le store (${concurrency} à la fois), dont ${deadlinesDue} échues le ${deadlinesDay.today}…`,
    );
    const answer = await runChild({
      tableName: `asll-bench-deadlines-${count}`,
      policy,
      count,
      due: deadlinesDue,
      seed: 20260318 + count,
      ...deadlinesDay,
      concurrency,
    });
    figures.push({ measures: count, ...answer });
  }
  return figures.sort((a, b) => a.measures - b.measures);
}
