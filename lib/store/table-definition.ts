/**
 * The single table, as both the CDK app and the local runtime create it (see infra/manifest.ts).
 * Generic key names: what an item is lives in its key values, built in keys.ts.
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds after which DynamoDB may delete the item (idempotency records). */
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    // Lists by status, newest first: referrals and measures. The staff directory by name, and by group.
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    // A worker's measures; a worker's (or the managers') tasks by due date.
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    // Sparse: the files whose next deadline is open, by the date it becomes actionable (the deadlines job).
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
