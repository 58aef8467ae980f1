import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialsTreatedAsExpired, defaultProvider } from '../../infra/lambda-credentials.js';

afterEach(() => vi.unstubAllEnvs());

describe('the credentials the functions’ bundles use on Lambda', () => {
  it('are the execution role’s, from the environment variables Lambda sets', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(credentials.expiration).toBeUndefined();
    expect(credentialsTreatedAsExpired(credentials)).toBe(false);
  });

  it('fail loudly, with the SDK’s own error, where those variables are missing', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow('Unable to find environment variable credentials.');
  });
});
