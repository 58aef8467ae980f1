import { randomUUID } from 'node:crypto';
import { getConfig } from '../../lib/config.js';
import { measureVisibleTo } from '../../lib/domain/access.js';
import { parisDate } from '../../lib/domain/dates.js';
import type { Measure, MeasureChange, StepContext } from '../../lib/domain/measure.js';
import type { DepartmentPolicy } from '../../lib/domain/policies.js';
import { NotFoundError } from '../../lib/errors.js';
import { MeasureStore, StaleMeasureError, type MeasureFile } from '../../lib/store/measures.js';
import type { RouteContract } from './contract.js';
import { getStore } from './dependencies.js';
import { pathId } from './path.js';
import { writeHandler } from './write-handler.js';

const notFound = () => new NotFoundError('Mesure introuvable.');

/** How many times a write without `version` re-reads the file after another write got in first. */
const attempts = 10;

/** A short random wait, longer at each attempt, so that racing writers stop colliding. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 15 * attempt));

type Step<Body, Extra> = (
  measure: Measure,
  body: Body,
  policy: DepartmentPolicy,
  context: StepContext,
  extra: Extra,
) => MeasureChange;

/**
 * A lifecycle write on a measure: read the file (404 outside the caller's scope, as for an id that
 * does not exist), check the client's `version`, let the domain compute the change, write it in one
 * transaction, answer 201 with the whole file. A client that sent `version` gets 409 if the file
 * changed since it read it; one that did not is writing on whatever is current, so a write that
 * lost a race is computed again from a fresh read (concurrent visits all land). The store refuses
 * (422) a change whose file would outgrow one answer (`lib/domain/file-limits.ts`).
 */
export function measureStepHandler<C extends RouteContract & { idempotent: true; body: object }, Extra = undefined>(
  contract: C,
  action: string,
  step: Step<never, Extra>,
  /** What else the step needs, looked up once the measure is known (e.g. the staff member a hand-over names). */
  lookup?: (body: never) => Promise<Extra>,
) {
  return writeHandler(
    contract,
    async (request): Promise<MeasureFile> => {
      const measures = getStore(MeasureStore);
      const id = pathId(request.event);
      for (let attempt = 1; ; attempt += 1) {
        const file = id ? await measures.getFile(id) : null;
        if (!file || !measureVisibleTo(request.caller!, file)) throw notFound();
        const body = request.body as { version?: number };
        if (body.version !== undefined && body.version !== file.version) throw new StaleMeasureError();
        const { tasks, ...measure } = file;
        const extra = lookup ? await (lookup as (body: unknown) => Promise<Extra>)(body) : (undefined as Extra);
        const context = { today: parisDate(request.now), now: request.now, actorId: request.caller!.id, recordId: randomUUID() };
        const change = (step as Step<typeof body, Extra>)(measure, body, getConfig().policy, context, extra);
        try {
          return await measures.write({
            policy: getConfig().policy,
            before: measure,
            change,
            readVersion: file.version,
            openTasks: tasks,
            journal: request.journal(action),
            idempotent: request.idempotent,
          });
        } catch (error) {
          if (error instanceof StaleMeasureError && body.version === undefined && attempt < attempts) {
            await pause(attempt);
            continue;
          }
          throw error;
        }
      }
    },
    (file) => ({ statusCode: 201, body: file }),
    // A retry answers the first result only to a caller who still reaches the measure: a worker whose
    // measure was handed over since gets the 404 of an unknown id, as for any other of its routes.
    async (stored, request) => {
      const measures = getStore(MeasureStore);
      const id = pathId(request.event);
      const head = id ? await measures.get(id, { consistent: true }) : null;
      if (!head || !measureVisibleTo(request.caller!, head)) throw notFound();
      return measures.replay(stored);
    },
  );
}
