/**
 * `ctx.api`: the API of API.md with the session's Bearer token. Every HTTP status resolves to
 * `{ ok, status, body, headers }`; only a network failure throws (ServiceUnavailableError).
 */

import { deactivatedAccount } from '../../lib/domain/staff-rules.js';

const requestTimeoutMs = 30_000;

/** Why a 401 ends the session: the directory deactivated the account, or the token is no longer valid. */
async function rejectionOf(response) {
  const body = await response
    .clone()
    .json()
    .catch(() => null);
  return body?.error?.message === deactivatedAccount ? 'deactivated' : 'expired';
}

export class ServiceUnavailableError extends Error {
  constructor(cause) {
    super('Service injoignable', { cause });
    this.name = 'ServiceUnavailableError';
  }
}

function withQuery(base, path, query) {
  const url = new URL(`${base}${path}`, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
    else url.searchParams.set(name, String(value));
  }
  return url.href;
}

/** The filename of a `Content-Disposition` header (RFC 6266: `filename*` first, then `filename`). */
export function dispositionFilename(header) {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)/.exec(header);
  if (!plain) return null;
  const value = plain[1].trim();
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

export function createApi(apiBaseUrl, auth) {
  async function send(method, path, { query, body, headers = {} } = {}) {
    let token;
    try {
      token = await auth.token();
    } catch (error) {
      if (error?.name === 'SessionEndedError') return { ok: false, status: 401, body: null, headers: new Headers() };
      throw new ServiceUnavailableError(error);
    }
    const requestHeaders = { Accept: 'application/json', Authorization: `Bearer ${token}`, ...headers };
    if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(withQuery(apiBaseUrl, path, query), {
        method,
        headers: requestHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new ServiceUnavailableError(error);
    }
    if (response.status === 401) auth.rejected(await rejectionOf(response));
    return response;
  }

  async function json(method, path, options) {
    const response = await send(method, path, options);
    if (!(response instanceof Response)) return response;
    const text = await response.text().catch(() => '');
    let body = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { ok: response.ok, status: response.status, body, headers: response.headers };
  }

  return {
    get: (path, query) => json('GET', path, { query }),
    post: (path, body, options = {}) =>
      json('POST', path, { body, headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {} }),
    put: (path, body) => json('PUT', path, { body }),
    /**
     * Fetches a file and saves it under the name its `Content-Disposition` gives. `accept`: the
     * file's media type, which API Gateway needs to return binary bodies as bytes (its
     * `binaryMediaTypes` are matched against the request's Accept).
     */
    async download(path, query, { accept = '*/*' } = {}) {
      const response = await send('GET', path, { query, headers: { Accept: accept } });
      if (!(response instanceof Response)) return { ok: false, status: response.status, filename: null };
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        return { ok: false, status: response.status, filename: null, body };
      }
      const filename = dispositionFilename(response.headers.get('content-disposition')) ?? 'export';
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const link = Object.assign(document.createElement('a'), { href, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      return { ok: true, status: response.status, filename };
    },
  };
}
