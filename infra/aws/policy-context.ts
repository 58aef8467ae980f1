import type { Construct } from 'constructs';
import { isPolicyId, policyIds, type PolicyId } from '../../lib/domain/policies.js';

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
