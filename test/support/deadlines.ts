import { scheduledEvent } from '../../infra/local/scheduler.js';
import type { JobSummary } from '../../functions/shared/job-handler.js';
import { startTestRuntime } from './runtime.js';

export type DeadlinesSummary = JobSummary & { created: number; byKind: Record<string, number>; emails: number };

/**
 * A test runtime (meuse) with a manager's and worker Lucie's tokens, and the deadlines job's
 * unchanged handler run in this process, as `npm run job` runs it in its own.
 */
export async function deadlinesSystem() {
  const system = await startTestRuntime('meuse');
  const manager = await system.token('m-claire', 'manager');
  const worker = await system.token('w-lucie', 'worker');
  const { handler } = (await import('../../functions/deadlines-job.js')) as unknown as {
    handler: (event: ReturnType<typeof scheduledEvent>) => Promise<DeadlinesSummary>;
  };
  return {
    system,
    manager,
    worker,
    handler,
    /** The job as EventBridge Scheduler runs it on the morning of a Paris day (06:00 or 07:00 Paris). */
    runOn: (day: string) => handler(scheduledEvent(new Date(`${day}T05:00:00Z`))),
    /** A write by Lucie. */
    post: (path: string, body: unknown) => system.request('POST', path, { token: worker, body }),
    /** A measure's file as Lucie reads it. */
    fileOf: async (id: string) => (await system.request('GET', `/measures/${id}`, { token: worker })).body,
  };
}
