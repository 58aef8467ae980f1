import { Aws } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * CDK context key of the managed login's domain prefix (`https://<prefix>.auth.<region>.amazoncognito.com`).
 * A prefix is unique in its region across all of AWS: by default `asll-<account id>`, which no one
 * else can hold; a department sets its own with `-c asllSignInDomainPrefix=asll-meuse`.
 */
export const signInDomainPrefixContextKey = 'asllSignInDomainPrefix';

/** What Cognito accepts in a prefix: lowercase letters, digits and hyphens, not the names of AWS. */
const prefixPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function signInDomainPrefixFromContext(scope: Construct): string {
  const value: unknown = scope.node.tryGetContext(signInDomainPrefixContextKey);
  if (value === undefined) return `asll-${Aws.ACCOUNT_ID}`;
  if (typeof value !== 'string' || !prefixPattern.test(value) || /aws|amazon|cognito/.test(value)) {
    throw new Error(
      `Contexte CDK « ${signInDomainPrefixContextKey} » invalide : ${JSON.stringify(value)}. ` +
        'Lettres minuscules, chiffres et tirets (63 au plus), sans « aws », « amazon » ni « cognito » ' +
        `(par exemple : npx cdk deploy -c ${signInDomainPrefixContextKey}=asll-meuse).`,
    );
  }
  return value;
}
