import type { MeasureStatus, ReferralStatus } from '../domain/vocabulary.js';

const referralsByStatus = (status: ReferralStatus) => `REFERRALS#${status}`;
const measuresByStatus = (status: MeasureStatus) => `MEASURES#${status}`;
const measuresOfWorker = (workerId: string) => `WORKER#${workerId}`;

/** Every key of the table is built here, and nowhere else. */
export const keys = {
  referral: (id: string) => ({ PK: `REFERRAL#${id}`, SK: 'REFERRAL' }),
  /** GSI1 partition listing referrals of one status, newest first. */
  referralsByStatus,
  referralByStatus: (status: ReferralStatus, receivedAt: string, id: string) => ({
    GSI1PK: referralsByStatus(status),
    GSI1SK: `${receivedAt}#${id}`,
  }),

  measure: (id: string) => ({ PK: `MEASURE#${id}`, SK: 'MEASURE' }),
  /** GSI1 partition listing measures of one status, newest first. */
  measuresByStatus,
  measureByStatus: (status: MeasureStatus, createdAt: string, id: string) => ({
    GSI1PK: measuresByStatus(status),
    GSI1SK: `${createdAt}#${id}`,
  }),
  /** GSI2 partition listing one worker's measures. */
  measuresOfWorker,
  measureOfWorker: (workerId: string, createdAt: string, id: string) => ({
    GSI2PK: measuresOfWorker(workerId),
    GSI2SK: `MEASURE#${createdAt}#${id}`,
  }),

  /** Audit entries live in their subject's partition: one Query reads a subject's history. */
  audit: (subjectPartition: string, at: string, action: string) => ({ PK: subjectPartition, SK: `AUDIT#${at}#${action}` }),

  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),

  idempotency: (scope: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: 'IDEMPOTENCY' }),

  /** Read by the health check; nothing is ever stored under it. */
  healthProbe: { PK: 'HEALTH', SK: 'HEALTH' },
} as const;

/** Attributes that are storage machinery, never part of what the API returns. */
export const keyAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity', 'expiresAt'] as const;
