import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What `@aws-sdk/credential-provider-node` becomes in the functions' bundles (the `alias` of
 * infra/bundling.ts): the SDK's default credential chain reduced to its first link, the
 * environment variables. On Lambda that first link is the one the chain answers from anyway:
 * Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN, so the other links (SSO, INI files, credential processes, web identity, the
 * container and instance metadata endpoints) and the STS and SSO clients they embed are never
 * reached, and only weigh on every cold start. Without those variables, the client fails with
 * the SDK's own "Unable to find environment variable credentials" error: never silently.
 *
 * Only bundles use it. The local runtime, the tests and the benchmark's own clients run the
 * sources through tsx, with the real module, and give DynamoDB Local static credentials.
 */

type Init = Parameters<typeof fromEnv>[0];
type Provider = ReturnType<typeof fromEnv>;
type Credentials = Awaited<ReturnType<Provider>>;

/** Same name and signature as the default chain's: what `@aws-sdk/client-dynamodb` imports. */
export const defaultProvider = (init?: Init): Provider => fromEnv(init);

/** The default chain's helpers, for any other importer: credentials without an expiry never need a refresh. */
export const credentialsWillNeedRefresh = (credentials?: Credentials): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: Credentials): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
