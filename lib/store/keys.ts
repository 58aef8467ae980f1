import type { MeasureStatus, ReferralStatus } from '../domain/vocabulary.js';

/** Every key of the table is built here, and nowhere else. */
export const keys = {
  referral: (id: string) => ({ PK: `REFERRAL#${id}`, SK: 'REFERRAL' }),
  referralsByStatus: (status: ReferralStatus) => `REFERRALS#${status}`,
  referralByStatus: (status: ReferralStatus, receivedAt: string, id: string) => ({
    GSI1PK: `REFERRALS#${status}`,
    GSI1SK: `${receivedAt}#${id}`,
  }),

  measure: (id: string) => ({ PK: `MEASURE#${id}`, SK: 'MEASURE' }),
  measuresByStatus: (status: MeasureStatus) => `MEASURES#${status}`,
  measureByStatus: (status: MeasureStatus, createdAt: string, id: string) => ({
    GSI1PK: `MEASURES#${status}`,
    GSI1SK: `${createdAt}#${id}`,
  }),
  measuresOfWorker: (workerId: string) => `WORKER#${workerId}`,
  measureOfWorker: (workerId: string, createdAt: string, id: string) => ({
    GSI2PK: `WORKER#${workerId}`,
    GSI2SK: `MEASURE#${createdAt}#${id}`,
  }),

  /** Audit entries live in their subject's partition: one Query reads a subject's history. */
  audit: (subjectPartition: string, at: string, action: string) => ({ PK: subjectPartition, SK: `AUDIT#${at}#${action}` }),

  referenceCounter: (year: number) => ({ PK: `COUNTER#REFERENCE#${year}`, SK: 'COUNTER' }),

  idempotency: (scope: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: 'IDEMPOTENCY' }),
} as const;

/** Attributes that are storage machinery, never part of what the API returns. */
export const keyAttributes = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entity', 'expiresAt'] as const;
