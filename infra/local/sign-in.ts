import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../../lib/domain/task-email.js';
import { staffGroups } from '../../lib/domain/vocabulary.js';
import { idTokenValiditySeconds } from '../manifest.js';
import { readBody } from './gateway.js';
import { localAudience, mintToken, type IssuerKeys } from './issuer.js';
import type { LocalAccount, LocalAccounts } from './staff-accounts.js';

/**
 * The local issuer's OAuth 2.0 endpoints, shaped like Cognito's managed login so that the staff
 * pages run the same code on one machine and on AWS: `/oauth2/authorize` (a sign-in page that lists
 * the active staff directory: a local install has no passwords), `/oauth2/token` (authorization
 * code with PKCE S256, refresh token), `/oauth2/revoke`, `/logout`, and the `config.json` the pages read.
 */
export const staffPagePath = '/staff/';
/** Time to exchange a code, as Cognito's (5 minutes); a code is used once. */
const codeLifetimeMs = 5 * 60 * 1000;
/** A refresh token lives as long as the Cognito web client's (CDK app): 12 hours. */
export const refreshTokenLifetimeMs = 12 * 60 * 60 * 1000;
const maxFormBytes = 16 * 1024;

/** The command that registers the first administrator (README, `npm start`'s output, the sign-in page). */
export const firstAdminCommand = 'npm run --silent admin -- --id <identifiant> --name "Prénom Nom" --email <adresse>';

interface PendingCode {
  staffId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

interface RefreshGrant {
  staffId: string;
  expiresAt: number;
}

export interface LocalSignInOptions {
  issuerKeys: IssuerKeys;
  /** The accounts the staff directory keeps (`PUT /staff/{id}`): who may sign in, with which groups. */
  accounts: () => LocalAccounts;
  now?: () => Date;
}

const base64Url = (buffer: Buffer) => buffer.toString('base64url');

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** An OAuth error of the token endpoint (RFC 6749 §5.2), with a French description for whoever reads logs. */
function tokenError(response: ServerResponse, error: string, description: string, status = 400) {
  sendJson(response, status, { error, error_description: description });
}

/** The form a POST sends, read whole; null when it is longer than a form of these pages can be, or cut off. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  const body = await readBody(request, maxFormBytes);
  return typeof body === 'string' ? null : new URLSearchParams(body.toString('utf8'));
}

/** The origin the browser used (127.0.0.1 or localhost, any port): the pages' address is on it. */
function requestOrigin(request: IncomingMessage): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}

/** A redirect or sign-out address must be this runtime's staff page: the one registered, as on Cognito. */
function isStaffPage(request: IncomingMessage, address: string | null): address is string {
  if (!address) return false;
  try {
    const url = new URL(address);
    return url.origin === requestOrigin(request) && url.pathname === staffPagePath && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

const groupLabel = (group: string) => (staffGroups.labels as Record<string, string>)[group] ?? group;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} — ASLL</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/staff/assets/app.css" />
  </head>
  <body>
    <header class="shell-header"><div class="shell-bar"><p class="shell-name">ASLL — espace du personnel</p></div></header>
    <main id="contenu" class="shell-main">
${body}
    </main>
  </body>
</html>
`;
}

const pageHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
};

function errorPage(response: ServerResponse, message: string) {
  const body = `      <h1>Connexion impossible</h1>
      <div class="notice notice--error"><p>${escapeHtml(message)}</p></div>
      <p><a href="${staffPagePath}">Revenir à l’espace du personnel</a></p>`;
  send(response, 400, 'text/html; charset=utf-8', page('Connexion impossible', body), pageHeaders);
}

function signInPage(accounts: [string, LocalAccount][], parameters: URLSearchParams): string {
  const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope', 'response_type']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(parameters.get(name) ?? '')}" />`)
    .join('\n          ');
  const people = accounts
    .map(
      ([id, account]) => `          <li>
            <button type="submit" class="button button--secondary sign-in-person" name="staff_id" value="${escapeHtml(id)}">
              <span class="sign-in-person__name">${escapeHtml(account.name)}</span>
              <span class="sign-in-person__detail">${escapeHtml(account.groups.map(groupLabel).join(', '))} · identifiant ${escapeHtml(id)}</span>
            </button>
          </li>`,
    )
    .join('\n');
  const list =
    accounts.length > 0
      ? `<form method="post" action="/oauth2/authorize" class="sign-in-form">
          ${hidden}
          <h2 id="sign-in-people">Choisissez la personne qui se connecte</h2>
          <ul class="sign-in-people" aria-labelledby="sign-in-people">
${people}
          </ul>
        </form>`
      : `<div class="notice notice--warning">
          <p>L’annuaire du personnel ne compte encore aucune personne active. Créez le premier administrateur
          dans un terminal, à la racine du projet, pendant que <code>npm start</code> tourne :</p>
          <pre><code>${escapeHtml(firstAdminCommand)}</code></pre>
          <p>puis rechargez cette page.</p>
        </div>`;
  return page(
    'Connexion',
    `      <h1>Connexion à l’espace du personnel</h1>
      <div class="notice notice--info">
        <p><strong>Installation locale : il n’y a pas de mot de passe.</strong> Cette page remplace, sur ce poste, la
        page de connexion du département (Cognito, avec mot de passe et second facteur). Elle liste les membres actifs
        de l’annuaire du personnel : choisir une personne ouvre une session avec ses groupes. Ne l’utilisez pas pour
        des données réelles sur un poste partagé.</p>
      </div>
      ${list}`,
  );
}

/** The issuer's endpoints, for the local gateway; `handle` answers false for any other path. */
export function createLocalSignIn(options: LocalSignInOptions) {
  const now = () => (options.now ?? (() => new Date()))().getTime();
  const codes = new Map<string, PendingCode>();
  const refreshGrants = new Map<string, RefreshGrant>();

  const activeAccount = (staffId: string): LocalAccount | null => {
    const account = options.accounts()[staffId];
    return account && account.active ? account : null;
  };

  const forget = (store: Map<string, { expiresAt: number }>) => {
    for (const [key, value] of store) if (value.expiresAt <= now()) store.delete(key);
  };

  async function idToken(staffId: string, account: LocalAccount): Promise<string> {
    return mintToken(
      options.issuerKeys,
      { sub: staffId, groups: account.groups, email: account.email, name: account.name, lifetimeSeconds: idTokenValiditySeconds },
      new Date(now()),
    );
  }

  /** What the authorize request asks, or why it cannot be served (shown on a page: the client is not to be trusted with a redirect). */
  function checkAuthorize(request: IncomingMessage, parameters: URLSearchParams): string | null {
    if (parameters.get('client_id') !== localAudience)
      return 'Client inconnu : cette page ne sert que l’espace du personnel ASLL.';
    if (!isStaffPage(request, parameters.get('redirect_uri'))) return 'Adresse de retour non enregistrée.';
    if (parameters.get('response_type') !== 'code') return 'Seul le flux « code d’autorisation » est proposé.';
    if (
      parameters.get('code_challenge_method') !== 'S256' ||
      !/^[A-Za-z0-9_-]{43,128}$/.test(parameters.get('code_challenge') ?? '')
    ) {
      return 'La demande doit porter un défi PKCE (S256).';
    }
    if (!parameters.get('state')) return 'La demande doit porter un paramètre « state ».';
    return null;
  }

  async function authorize(request: IncomingMessage, response: ServerResponse, query: URLSearchParams) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const problem = checkAuthorize(request, query);
      if (problem) return errorPage(response, problem);
      const active = Object.entries(options.accounts())
        .filter(([, account]) => account.active)
        .sort(([, a], [, b]) => a.name.localeCompare(b.name, 'fr'));
      return send(response, 200, 'text/html; charset=utf-8', signInPage(active, query), pageHeaders);
    }
    if (request.method !== 'POST')
      return send(response, 405, 'text/plain; charset=utf-8', 'Méthode non permise', { Allow: 'GET, POST' });
    const form = await readForm(request);
    if (!form) return errorPage(response, 'Demande trop longue.');
    const problem = checkAuthorize(request, form);
    if (problem) return errorPage(response, problem);
    const staffId = form.get('staff_id') ?? '';
    if (!activeAccount(staffId))
      return errorPage(response, `« ${staffId} » n’est pas un membre actif de l’annuaire du personnel.`);
    forget(codes);
    const code = base64Url(randomBytes(32));
    const redirectUri = form.get('redirect_uri')!;
    codes.set(code, { staffId, redirectUri, challenge: form.get('code_challenge')!, expiresAt: now() + codeLifetimeMs });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', form.get('state')!);
    response.writeHead(302, { Location: target.href, 'Cache-Control': 'no-store', 'Content-Length': '0' });
    response.end();
  }

  async function token(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST') return tokenError(response, 'invalid_request', 'POST attendu.', 405);
    const form = await readForm(request);
    if (!form) return tokenError(response, 'invalid_request', 'Demande trop longue.');
    if (form.get('client_id') !== localAudience) return tokenError(response, 'invalid_client', 'Client inconnu.', 401);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      // A code is used once, whatever the outcome: a second try with it fails.
      codes.delete(code);
      if (!pending || pending.expiresAt <= now())
        return tokenError(response, 'invalid_grant', 'Code inconnu, déjà utilisé ou expiré.');
      if (form.get('redirect_uri') !== pending.redirectUri)
        return tokenError(response, 'invalid_grant', 'Adresse de retour différente.');
      const verifier = form.get('code_verifier') ?? '';
      if (
        !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
        base64Url(createHash('sha256').update(verifier).digest()) !== pending.challenge
      ) {
        return tokenError(response, 'invalid_grant', 'Vérificateur PKCE incorrect.');
      }
      const account = activeAccount(pending.staffId);
      if (!account) return tokenError(response, 'invalid_grant', 'Ce compte n’est plus actif.');
      forget(refreshGrants);
      const refreshToken = base64Url(randomBytes(48));
      refreshGrants.set(refreshToken, { staffId: pending.staffId, expiresAt: now() + refreshTokenLifetimeMs });
      const id = await idToken(pending.staffId, account);
      // The API reads the ID token, as the CDK app's Cognito authorizer does; the access token is the same here.
      return sendJson(response, 200, {
        id_token: id,
        access_token: id,
        refresh_token: refreshToken,
        token_type: 'Bearer',
        expires_in: idTokenValiditySeconds,
      });
    }
    if (grantType === 'refresh_token') {
      const grant = refreshGrants.get(form.get('refresh_token') ?? '');
      if (!grant || grant.expiresAt <= now())
        return tokenError(response, 'invalid_grant', 'Jeton de renouvellement inconnu ou expiré.');
      // Groups and names are read again: a change in the directory shows at the next renewal, as on Cognito.
      const account = activeAccount(grant.staffId);
      if (!account) return tokenError(response, 'invalid_grant', 'Ce compte n’est plus actif.');
      const id = await idToken(grant.staffId, account);
      return sendJson(response, 200, {
        id_token: id,
        access_token: id,
        token_type: 'Bearer',
        expires_in: idTokenValiditySeconds,
      });
    }
    return tokenError(response, 'unsupported_grant_type', 'Types admis : authorization_code, refresh_token.');
  }

  /** RFC 7009, as Cognito's `/oauth2/revoke`: the refresh token stops renewing; 200 whether it was known or not. */
  async function revoke(request: IncomingMessage, response: ServerResponse) {
    if (request.method !== 'POST') return tokenError(response, 'invalid_request', 'POST attendu.', 405);
    const form = await readForm(request);
    if (!form) return tokenError(response, 'invalid_request', 'Demande trop longue.');
    if (form.get('client_id') !== localAudience) return tokenError(response, 'invalid_client', 'Client inconnu.', 401);
    refreshGrants.delete(form.get('token') ?? '');
    send(response, 200, 'text/plain; charset=utf-8', '');
  }

  function logout(request: IncomingMessage, response: ServerResponse, query: URLSearchParams) {
    const target = query.get('logout_uri');
    if (query.get('client_id') !== localAudience || !isStaffPage(request, target)) {
      return errorPage(response, 'Adresse de déconnexion non enregistrée.');
    }
    response.writeHead(302, { Location: target, 'Cache-Control': 'no-store', 'Content-Length': '0' });
    response.end();
  }

  /** What the pages read to find the API and the sign-in endpoints: the same shape the CDK app publishes. */
  function config(request: IncomingMessage, response: ServerResponse) {
    const origin = requestOrigin(request);
    sendJson(response, 200, {
      apiBaseUrl: '',
      auth: {
        authorizeUrl: `${origin}/oauth2/authorize`,
        tokenUrl: `${origin}/oauth2/token`,
        revokeUrl: `${origin}/oauth2/revoke`,
        logoutUrl: `${origin}/logout`,
        clientId: localAudience,
        redirectUri: `${origin}${staffPagePath}`,
        scopes: ['openid', 'email', 'profile'],
      },
    });
  }

  return {
    /** Answers the request when it is one of the issuer's paths; false otherwise. */
    async handle(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams): Promise<boolean> {
      switch (pathname) {
        case '/oauth2/authorize':
          await authorize(request, response, query);
          return true;
        case '/oauth2/token':
          await token(request, response);
          return true;
        case '/oauth2/revoke':
          await revoke(request, response);
          return true;
        case '/logout':
          logout(request, response, query);
          return true;
        case '/config.json':
          if (request.method !== 'GET' && request.method !== 'HEAD') return false;
          config(request, response);
          return true;
        default:
          return false;
      }
    },
  };
}

export type LocalSignIn = ReturnType<typeof createLocalSignIn>;
