/**
 * Sign-in: OAuth 2.0 authorization code with PKCE (S256) and `state`, against Cognito's managed
 * login on AWS and the local issuer on one machine (same endpoints, from config.json).
 *
 * Where tokens live: the ID token (what the API reads) only in memory. The refresh token in
 * sessionStorage, so that reloading the page or following a link inside the tab does not ask to
 * sign in again: it is gone when the tab closes, is never shared with another tab, and never
 * reaches localStorage. While a sign-in is under way, sessionStorage also holds its `state`, its
 * PKCE verifier and the page to come back to (they must survive the redirect).
 */

const keys = { refresh: 'asll.staff.refresh', pending: 'asll.staff.signin', notice: 'asll.staff.notice' };
/** Renew this long before the ID token expires (and never use one closer to its end). */
const renewMarginMs = 2 * 60 * 1000;
const requestTimeoutMs = 30_000;

export class SessionEndedError extends Error {
  constructor(reason) {
    super(`Session terminée (${reason})`);
    this.name = 'SessionEndedError';
    this.reason = reason;
  }
}

const base64Url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = (size) => base64Url(crypto.getRandomValues(new Uint8Array(size)));

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The claims of a JWT, read without checking it (the API checks it; the page only shows names). */
function claimsOf(token) {
  const payload = token.split('.')[1] ?? '';
  const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (character) => character.charCodeAt(0))));
}

/** The person a token is for: `sub` is the staff id (Cognito's `cognito:username`, as the API reads it). */
function userOf(claims) {
  const groups = claims['cognito:groups'];
  return {
    sub: claims['cognito:username'] ?? claims.sub,
    name: claims.name ?? claims['cognito:username'] ?? claims.sub,
    email: claims.email ?? '',
    groups: Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.split(',') : [],
  };
}

function readJson(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * The session of this tab. `onEnded(reason)` is called when it ends without the person asking
 * (refresh refused, 401 from the API): the shell shows the sign-in screen again. `onRenewed(user)`
 * after each renewal: the groups may have changed in the directory.
 */
export function createAuth(auth, { onEnded, onRenewed = () => undefined }) {
  let idToken = null;
  let expiresAt = 0;
  let user = null;
  let renewing = null;
  let timer = null;

  async function tokenRequest(parameters) {
    let response;
    try {
      response = await fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: auth.clientId, ...parameters }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      return { ok: false, network: true, error };
    }
    const body = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, body };
  }

  function keep(body) {
    idToken = body.id_token;
    const claims = claimsOf(idToken);
    user = userOf(claims);
    const lifetimeMs = (Number(body.expires_in) || claims.exp - claims.iat) * 1000;
    // The token's own end when it says so, else the lifetime counted from now.
    expiresAt = typeof claims.exp === 'number' ? Math.min(claims.exp * 1000, Date.now() + lifetimeMs) : Date.now() + lifetimeMs;
    if (body.refresh_token) sessionStorage.setItem(keys.refresh, body.refresh_token);
    clearTimeout(timer);
    timer = setTimeout(() => void renew().catch(() => undefined), Math.max(0, expiresAt - Date.now() - renewMarginMs));
  }

  function forget() {
    idToken = null;
    user = null;
    expiresAt = 0;
    clearTimeout(timer);
    sessionStorage.removeItem(keys.refresh);
  }

  function end(reason) {
    forget();
    onEnded(reason);
  }

  /** A new ID token from the refresh token; one renewal at a time. */
  function renew() {
    renewing ??= (async () => {
      const refreshToken = sessionStorage.getItem(keys.refresh);
      if (!refreshToken) throw new SessionEndedError('expired');
      const answer = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
      // Offline for a moment: keep the token while it lasts, try again on the next call.
      if (answer.network) throw answer.error;
      if (!answer.ok) throw new SessionEndedError('expired');
      keep(answer.body);
      onRenewed(user);
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  return {
    get user() {
      return user;
    },

    /**
     * Called once at start: finishes a sign-in coming back with `?code=&state=`, or takes the
     * session up again from the refresh token. Resolves to the page to show (`#/…`) once signed
     * in, or null with the reason of the sign-in screen (`{ reason }`).
     */
    async start() {
      const url = new URL(window.location.href);
      const code = url.searchParams.get('code');
      const returnedState = url.searchParams.get('state');
      const error = url.searchParams.get('error');
      if (code || error) {
        const pending = readJson(keys.pending);
        sessionStorage.removeItem(keys.pending);
        // The address bar loses the code at once: not kept in history, not bookmarked, not reused.
        window.history.replaceState(null, '', `${url.pathname}${pending?.returnTo ?? ''}`);
        if (error) return { signedIn: false, reason: 'refused' };
        if (!pending || pending.state !== returnedState) return { signedIn: false, reason: 'state' };
        const answer = await tokenRequest({
          grant_type: 'authorization_code',
          code,
          redirect_uri: auth.redirectUri,
          code_verifier: pending.verifier,
        });
        if (answer.network) return { signedIn: false, reason: 'network' };
        if (!answer.ok) return { signedIn: false, reason: 'refused' };
        keep(answer.body);
        return { signedIn: true };
      }
      const notice = sessionStorage.getItem(keys.notice);
      sessionStorage.removeItem(keys.notice);
      if (notice) return { signedIn: false, reason: notice };
      if (!sessionStorage.getItem(keys.refresh)) return { signedIn: false, reason: null };
      try {
        await renew();
        return { signedIn: true };
      } catch (failure) {
        if (failure instanceof SessionEndedError) {
          forget();
          return { signedIn: false, reason: 'expired' };
        }
        return { signedIn: false, reason: 'network' };
      }
    },

    /** Leaves for the sign-in page; back here at `returnTo` (a `#/…` route) once signed in. */
    async signIn(returnTo = window.location.hash) {
      const verifier = randomText(32);
      const state = randomText(16);
      sessionStorage.setItem(keys.pending, JSON.stringify({ state, verifier, returnTo }));
      const target = new URL(auth.authorizeUrl);
      target.search = new URLSearchParams({
        response_type: 'code',
        client_id: auth.clientId,
        redirect_uri: auth.redirectUri,
        scope: (auth.scopes ?? ['openid', 'email', 'profile']).join(' '),
        state,
        code_challenge: await challengeOf(verifier),
        code_challenge_method: 'S256',
        // Cognito's managed login in French.
        lang: 'fr',
      }).toString();
      window.location.assign(target.href);
    },

    /** Forgets the tokens (revoking the refresh token where the issuer offers it) and signs out at the issuer. */
    async signOut() {
      const refreshToken = sessionStorage.getItem(keys.refresh);
      forget();
      if (refreshToken && auth.revokeUrl) {
        await fetch(auth.revokeUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: auth.clientId, token: refreshToken }),
          signal: AbortSignal.timeout(5_000),
        }).catch(() => undefined);
      }
      sessionStorage.setItem(keys.notice, 'signed-out');
      const target = new URL(auth.logoutUrl);
      target.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri }).toString();
      window.location.assign(target.href);
    },

    /** An ID token good for at least the renewal margin (renewed first when needed). */
    async token() {
      if (!idToken) throw new SessionEndedError('expired');
      if (Date.now() > expiresAt - renewMarginMs) {
        try {
          await renew();
        } catch (failure) {
          if (failure instanceof SessionEndedError) {
            end('expired');
            throw failure;
          }
          // Unreachable issuer: the current token serves while it is valid.
          if (Date.now() >= expiresAt) throw failure;
        }
      }
      return idToken;
    },

    /** The API said 401: the session is over, for `reason` (`expired`, `deactivated`). */
    rejected(reason = 'expired') {
      end(reason);
    },
  };
}
