import type { MeasureStatus, ReferralStatus } from '../domain/vocabulary.js';

const referralsByStatus = (status: ReferralStatus) => `REFERRALS#${status}`;
const measuresByStatus = (status: MeasureStatus) => `MEASURES#${status}`;
const measuresOfWorker = (workerId: string) => `WORKER#${workerId}`;
const referralPartition = (id: string) => `REFERRAL#${id}`;
const measurePartition = (id: string) => `MEASURE#${id}`;

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

  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),

  idempotency: (scope: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: 'IDEMPOTENCY' }),
} as const;

/** Attributes that are storage machinery, never part of what the API returns. */
export const keyAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity', 'expiresAt'] as const;
