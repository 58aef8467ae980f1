/**
 * Calls to the ASLL API. The API's address comes from config.json, which a deployment rewrites
 * (on one machine it is empty: the API is served from the same origin as this page).
 */

const requestTimeoutMs = 30_000;

/** Raised when the service cannot be reached or does not answer as the contract says. */
export class ServiceUnavailableError extends Error {
  constructor(cause) {
    super('Service injoignable', { cause });
    this.name = 'ServiceUnavailableError';
  }
}

export async function loadApiBaseUrl() {
  let config;
  try {
    const response = await fetch('config.json', { cache: 'no-cache', signal: AbortSignal.timeout(requestTimeoutMs) });
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    config = await response.json();
  } catch (error) {
    throw new ServiceUnavailableError(error);
  }
  const base = typeof config?.apiBaseUrl === 'string' ? config.apiBaseUrl.trim() : '';
  return base.replace(/\/+$/, '');
}

/** What the form needs: JSON Schema of the body, French labels, allowed referrer kinds, limits. */
export async function loadFormDescription(apiBaseUrl) {
  try {
    const response = await fetch(`${apiBaseUrl}/referral-form`, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) throw new Error(`referral-form: ${response.status}`);
    const description = await response.json();
    if (!description?.schema || !description?.labels || !Array.isArray(description?.allowedReferrerKinds)) {
      throw new Error('referral-form: unexpected answer');
    }
    return description;
  } catch (error) {
    throw new ServiceUnavailableError(error);
  }
}

/**
 * Sends a referral. Answers `{status, body}` for any HTTP answer (the caller tells success from
 * refusal); throws ServiceUnavailableError when no answer came back, in which case the same
 * idempotency key must be used again: the first attempt may have been stored.
 */
export async function sendReferral(apiBaseUrl, body, idempotencyKey) {
  let response;
  try {
    response = await fetch(`${apiBaseUrl}/referrals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
  } catch (error) {
    throw new ServiceUnavailableError(error);
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch {
    // an answer without a JSON body (a proxy's error page): treated below from its status alone
  }
  return { status: response.status, body: parsed };
}

/** A new key for one form fill; crypto.randomUUID only exists in secure contexts. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
