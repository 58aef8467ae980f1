import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Visit } from '../lib/domain/measure.js';
import { policies } from '../lib/domain/policies.js';
import { keys } from '../lib/store/keys.js';
import type { JournalEntry, JournalStore } from '../lib/store/journal.js';
import type { MeasureStore } from '../lib/store/measures.js';
import type { StaffStore } from '../lib/store/staff.js';

/**
 * The baselines of the measure benchmarks: `POST /measures/{id}/visits` and `GET /measures/{id}`
 * without middy, zod or the domain. Each makes the same DynamoDB requests with the same items as
 * the real handler, through the same store code (lib/store). Both first read the caller's entry in
 * the staff directory (`StaffStore.get`, a GetItem), as every protected route does; then
 * - a visit: the file's Query (`MeasureStore.getFile`), then one TransactWriteItems
 *   (`MeasureStore.write`: the head Put with its version condition, the visit Put, the journal Put);
 * - a file: the same Query, then the PutItem of the read's journal entry (`JournalStore.recordReads`),
 *   which the real handler writes for every file it shows (CNIL).
 * They trust the request: the directory's answer is not looked at, no check of the caller's groups
 * or of the body, no 404, no retry.
 */

const headers = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

interface VisitBody {
  date: string;
  kind: Visit['kind'];
  durationMinutes: number;
  axes: Visit['axes'];
  withSectorWorker?: boolean;
  actions?: Visit['actions'];
  notes?: string;
}

/** The caller as the authorizer passed it: `sub` and the comma-separated groups, read as they are. */
function journalEntry(event: APIGatewayProxyEvent, at: string, action: string, route: string): JournalEntry {
  const claims = (event.requestContext.authorizer?.claims ?? {}) as Record<string, string>;
  return { at, actor: claims.sub!, groups: claims['cognito:groups']!.split(','), action, route };
}

/** The directory's read of the caller, as the real handlers' authorization makes it. */
async function readCaller(staff: StaffStore, event: APIGatewayProxyEvent): Promise<void> {
  const claims = (event.requestContext.authorizer?.claims ?? {}) as Record<string, string>;
  await staff.get(claims['cognito:username'] ?? claims.sub!);
}

export function bareVisitHandler(measures: MeasureStore, staff: StaffStore) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    await readCaller(staff, event);
    const body = JSON.parse(event.body ?? '{}') as VisitBody;
    const now = new Date();
    const file = await measures.getFile(event.pathParameters!.id!);
    const { tasks, ...measure } = file!;
    const journal = journalEntry(event, now.toISOString(), 'visit', 'POST /measures/{id}/visits');
    const visit: Visit = {
      id: randomUUID(),
      date: body.date,
      kind: body.kind,
      durationMinutes: body.durationMinutes,
      axes: body.axes,
      withSectorWorker: body.withSectorWorker ?? false,
      actions: body.actions ?? [],
      notes: body.notes || null,
      recordedBy: journal.actor,
      recordedAt: journal.at,
    };
    const written = await measures.write({
      before: measure,
      change: {
        measure: { ...measure, visits: [...measure.visits, visit], version: measure.version + 1 },
        appended: { collection: 'visits', record: visit },
        resolvedTaskKinds: [],
      },
      readVersion: measure.version,
      openTasks: tasks,
      journal,
      // The store computes the deadlines index entry from the policy, as for the real handler.
      policy: policies.meuse,
    });
    return { statusCode: 201, headers, body: JSON.stringify(written) };
  };
}

export function bareMeasureFileHandler(measures: MeasureStore, journal: JournalStore, staff: StaffStore) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    await readCaller(staff, event);
    const now = new Date();
    const file = await measures.getFile(event.pathParameters!.id!);
    await journal.recordReads(
      [keys.measurePartition(file!.id)],
      journalEntry(event, now.toISOString(), 'read', 'GET /measures/{id}'),
    );
    return { statusCode: 200, headers, body: JSON.stringify(file) };
  };
}
