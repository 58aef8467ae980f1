import type { Construct } from 'constructs';
import { isPolicyId, policyIds, type PolicyId } from '../../lib/domain/policies.js';
import { defaultThreshold } from '../../lib/domain/statistics/disclosure.js';
import { isOngoingMode, type OngoingMode } from '../../lib/domain/statistics/publication.js';

/** CDK context key naming the department's policy preset (API.md: one deployment serves one department). */
export const policyContextKey = 'asllPolicy';
export const defaultPolicy: PolicyId = 'meuse';

/** The policy chosen with `-c asllPolicy=…` (or cdk.json), refused before anything is built if unknown. */
export function policyFromContext(scope: Construct): PolicyId {
  const value: unknown = scope.node.tryGetContext(policyContextKey) ?? defaultPolicy;
  if (typeof value !== 'string' || !isPolicyId(value)) {
    throw new Error(
      `Contexte CDK « ${policyContextKey} » invalide : ${JSON.stringify(value)}. ` +
        `Valeurs admises : ${policyIds.join(', ')} (par exemple : npx cdk synth -c ${policyContextKey}=dordogne).`,
    );
  }
  return value;
}

/** CDK context key of the statistics' disclosure threshold (DOMAIN.md: 5 by default, configurable per deployment). */
export const statsThresholdContextKey = 'asllStatsThreshold';

/**
 * The threshold chosen with `-c asllStatsThreshold=…` (or cdk.json), a whole number from 2 to 100; default 5.
 * Written in decimal digits only: `Number` would also read `0x10`, `1e1` or `10.0`.
 */
export function statsThresholdFromContext(scope: Construct): number {
  const value: unknown = scope.node.tryGetContext(statsThresholdContextKey) ?? defaultThreshold;
  const threshold = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 2 || threshold > 100) {
    throw new Error(
      `Contexte CDK « ${statsThresholdContextKey} » invalide : ${JSON.stringify(value)}. ` +
        `Un nombre entier de 2 à 100 (par exemple : npx cdk synth -c ${statsThresholdContextKey}=10).`,
    );
  }
  return threshold;
}

/** CDK context key of what the statistics show of a period under way (lib/domain/statistics/publication.ts). */
export const statsOngoingContextKey = 'asllStatsOngoing';

/** `-c asllStatsOngoing=hidden` hides a period under way until it ends; default `provisional` (API.md). */
export function statsOngoingFromContext(scope: Construct): OngoingMode {
  const value: unknown = scope.node.tryGetContext(statsOngoingContextKey) ?? 'provisional';
  if (!isOngoingMode(value)) {
    throw new Error(
      `Contexte CDK « ${statsOngoingContextKey} » invalide : ${JSON.stringify(value)}. ` +
        `provisional (chiffres provisoires de la période en cours) ou hidden (période en cours masquée jusqu’à sa fin), ` +
        `par exemple : npx cdk synth -c ${statsOngoingContextKey}=hidden.`,
    );
  }
  return value;
}
