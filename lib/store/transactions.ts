import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Which items of a cancelled transaction failed their condition (by position), or null. */
export function failedConditions(error: unknown): boolean[] | null {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return null;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code === 'ConditionalCheckFailed');
}

/** True when the transaction lost a race with another one on the same items. */
export function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as TransactionCanceledException)?.CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'TransactionConflict');
}

/** True when a single write (not a transaction) was refused by its condition expression. */
export function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
