import type { TaskAssignee } from '../domain/task.js';
import type { MeasureStatus, ReferralStatus, TaskStatus } from '../domain/vocabulary.js';
import type { Group } from '../identity.js';

const referralsByStatus = (status: ReferralStatus) => `REFERRALS#${status}`;
const measuresByStatus = (status: MeasureStatus) => `MEASURES#${status}`;
const measuresOfWorker = (workerId: string) => `WORKER#${workerId}`;
const referralPartition = (id: string) => `REFERRAL#${id}`;
const measurePartition = (id: string) => `MEASURE#${id}`;
const staffPartition = (id: string) => `STAFF#${id}`;
const tasksOf = (assignee: TaskAssignee) => ('workerId' in assignee ? measuresOfWorker(assignee.workerId) : 'MANAGERS');
const tasksPrefix = (status: TaskStatus) => `TASK#${status}#`;
/** GSI1 partition of the whole staff directory; one per group (`STAFF#GROUP#worker`) for `?group=`. */
const staffDirectory = 'STAFF';
const staffOfGroup = (group: Group) => `STAFF#GROUP#${group}`;

/**
 * The sort key of the directory's lists: the name as a person sorts it (case and accents aside),
 * then the id, which keeps two namesakes apart and the order stable between pages. The separator
 * sorts before any character a name may hold (names have no control characters), so « Petit »
 * comes before « Petit Jean ». The name is cut so that the key stays within DynamoDB's 1024 bytes.
 */
function staffSortKey(name: string, id: string): string {
  const sortableName = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, 100);
  return `${sortableName}\u0001${id}`;
}

/** Every key of the table is built here, and nowhere else. */
export const keys = {
  referralPartition,
  referral: (id: string) => ({ PK: referralPartition(id), SK: 'REFERRAL' }),
  /** GSI1 partition listing referrals of one status, newest first. */
  referralsByStatus,
  referralByStatus: (status: ReferralStatus, receivedAt: string, id: string) => ({
    GSI1PK: referralsByStatus(status),
    GSI1SK: `${receivedAt}#${id}`,
  }),

  measurePartition,
  measure: (id: string) => ({ PK: measurePartition(id), SK: 'MEASURE' }),
  /** Every item of a measure's file sorts under this prefix; its journal does not. */
  measureFilePrefix: 'MEASURE',
  /** The sort-key prefix of a file's visits of one month, `YYYY-MM`. */
  measureVisitsOfMonth: (month: string) => `MEASURE#VISIT#${month}-`,
  /** The sort-key prefix of all a file's visits. */
  measureVisitsPrefix: 'MEASURE#VISIT#',
  measureVisit: (measureId: string, date: string, id: string) => ({
    PK: measurePartition(measureId),
    SK: `MEASURE#VISIT#${date}#${id}`,
  }),
  referralTaskPrefix: 'REFERRAL#TASK#',
  /** A measure's task lives in its file; a referral's in the referral's partition. */
  task: (subjectPartition: string, id: string) => ({
    PK: subjectPartition,
    SK: `${subjectPartition.startsWith('MEASURE#') ? 'MEASURE' : 'REFERRAL'}#TASK#${id}`,
  }),
  /**
   * GSI2 partition of an assignee's tasks: a worker's (beside their measures, under another sort
   * prefix), or the managers'. Every task is indexed, open or done, under its status then its due
   * date, so that `?status=` is a sort-key prefix and a list comes by due date.
   */
  tasksOf,
  tasksPrefix,
  taskOfAssignee: (assignee: TaskAssignee, status: TaskStatus, dueOn: string, id: string) => ({
    GSI2PK: tasksOf(assignee),
    GSI2SK: `${tasksPrefix(status)}${dueOn}#${id}`,
  }),
  /** GSI1 partition listing measures of one status, newest first. */
  measuresByStatus,
  measureByStatus: (status: MeasureStatus, createdAt: string, id: string) => ({
    GSI1PK: measuresByStatus(status),
    GSI1SK: `${createdAt}#${id}`,
  }),
  /** GSI2 partition listing one worker's measures, by status then newest first. */
  measuresOfWorker,
  measuresOfWorkerPrefix: (status: MeasureStatus) => `MEASURE#${status}#`,
  measureOfWorker: (workerId: string, status: MeasureStatus, createdAt: string, id: string) => ({
    GSI2PK: measuresOfWorker(workerId),
    GSI2SK: `MEASURE#${status}#${createdAt}#${id}`,
  }),

  /**
   * Journal entries live in their subject's partition: one Query reads a file's history, and a
   * write's entry joins the write's transaction. The suffix keeps two entries of one instant apart.
   */
  journalPrefix: 'JOURNAL#',
  journal: (subjectPartition: string, at: string, suffix: string) => ({ PK: subjectPartition, SK: `JOURNAL#${at}#${suffix}` }),

  staffPartition,
  staffMember: (id: string) => ({ PK: staffPartition(id), SK: 'STAFF' }),
  staffDirectory,
  staffInDirectory: (name: string, id: string) => ({ GSI1PK: staffDirectory, GSI1SK: staffSortKey(name, id) }),
  /**
   * A member's membership of one group: an item of its own, since an item has one GSI1 key and a
   * member may hold four groups. It is in the group's GSI1 partition only while the member holds
   * the group (a sparse index): leaving a group removes its index keys, never the item.
   */
  staffMembership: (id: string, group: Group) => ({ PK: staffPartition(id), SK: `GROUP#${group}` }),
  staffOfGroup,
  staffInGroup: (group: Group, name: string, id: string) => ({ GSI1PK: staffOfGroup(group), GSI1SK: staffSortKey(name, id) }),

  /**
   * GSI3, sparse: a referral or a measure head is in it while some deadline rule may fire for it,
   * sorted by the date it may (`nextActionableOn`); the deadlines job reads only what is due.
   */
  deadlines: 'DEADLINES',
  deadlineEntry: (actionableOn: string | null, subjectPartition: string) =>
    actionableOn ? { GSI3PK: 'DEADLINES', GSI3SK: `${actionableOn}#${subjectPartition}` } : {},

  /** GSI1, sparse: the open tasks whose email has not gone yet, oldest first (a failed send is retried). */
  notifications: 'NOTIFY',
  notificationEntry: (createdAt: string, taskId: string) => ({ GSI1PK: 'NOTIFY', GSI1SK: `${createdAt}#${taskId}` }),

  /** Marks a month whose visit cadence the deadlines job has checked, so that it does so once. */
  cadenceChecked: (month: string) => ({ PK: `JOB#deadlines#visit-cadence#${month}`, SK: 'JOB' }),

  /**
   * A worker's calendar feed: an item per token, keyed by the token's SHA-256 (never the token),
   * and one per worker naming the hash that is live. Replacing or revoking overwrites the worker's
   * item, so that a feed item whose worker no longer names it is dead.
   */
  calendarFeed: (tokenHash: string) => ({ PK: `CALENDAR#FEED#${tokenHash}`, SK: 'CALENDAR' }),
  calendarFeedOfWorker: (workerId: string) => ({ PK: `CALENDAR#WORKER#${workerId}`, SK: 'CALENDAR' }),

  /**
   * Statistics. A lifecycle write marks its referral or measure as changed, in its own transaction,
   * with what the item contributed before the first change since the last `stats` run and what it
   * contributes now. The marker is an item of the subject's partition, in GSI3 (sparse, its own
   * partition) while it is pending: the job reads only the pending ones, then takes them out of the
   * index (the functions may not delete), so that a night reads that day's changes, not the history.
   */
  statsPendingPartition: 'STATS#PENDING',
  statsPending: (subjectPartition: string) => ({ PK: subjectPartition, SK: 'STATS#PENDING' }),
  statsPendingEntry: (subjectPartition: string) => ({ GSI3PK: 'STATS#PENDING', GSI3SK: subjectPartition }),
  /** The cells of one period and territory, in one item; `by` is month, quarter or year, `period` `2026-03`, `2026-Q1`, `2026`. */
  statsCellsPartition: (by: string) => `STATS#${by}`,
  statsCells: (by: string, period: string, territory: string) => ({ PK: `STATS#${by}`, SK: `${period}#${territory}` }),
  /** The last `stats` run: its event time is the downloads' `generatedAt`. */
  statsRun: { PK: 'JOB#stats', SK: 'JOB' },
  /** Held by the running `stats` job, so that two runs (EventBridge may deliver twice) never overlap. */
  statsLease: { PK: 'JOB#stats', SK: 'LEASE' },

  /** Written once `npm run demo` has loaded its fictitious data, so that a second run adds nothing. */
  demoData: { PK: 'DEMO', SK: 'DEMO' },

  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),
  /** GSI2 (free on a referral): the referral of a reference (`ASLL-2026-000042`), the number a household holds. */
  referralsByReference: (reference: string) => `REFERENCE#${reference}`,
  referralByReference: (reference: string) => ({ GSI2PK: `REFERENCE#${reference}`, GSI2SK: 'REFERRAL' }),

  idempotency: (scope: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: 'IDEMPOTENCY' }),

  /** Read by the health check; nothing is ever stored under it. */
  healthProbe: { PK: 'HEALTH', SK: 'HEALTH' },
} as const;

/** Attributes that are storage machinery, never part of what the API returns. */
export const keyAttributes = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'entity',
  'expiresAt',
  /** On a visit: the file's version that recorded it, to replay an answer without storing its visits. */
  'fileVersion',
] as const;
