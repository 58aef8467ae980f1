/**
 * The staff app's shell: sign-in, the menu of the signed-in person's groups, hash routing
 * (`#/taches`, `#/mesures/<id>`…) and the context every page gets (web-shell-contract.md).
 */
import { deactivatedAccount } from '../../lib/domain/staff-rules.js';
import { createApi, ServiceUnavailableError } from './api.js';
import { createAuth } from './auth.js';
import * as ui from './ui.js';

/**
 * @typedef {{ sub: string, name: string, email: string, groups: string[] }} StaffUser
 *   `sub` is the staff id, as the API reads it (`cognito:username`, else the token's `sub`).
 * @typedef {{ ok: boolean, status: number, body: any, headers: Headers }} ApiResult
 * @typedef {{
 *   get(path: string, query?: Record<string, unknown>): Promise<ApiResult>,
 *   post(path: string, body?: unknown, options?: { idempotencyKey?: string }): Promise<ApiResult>,
 *   put(path: string, body: unknown): Promise<ApiResult>,
 *   download(path: string, query?: Record<string, unknown>, options?: { accept?: string }): Promise<{ ok: boolean, status: number, filename: string | null }>,
 * }} Api
 * @typedef {{
 *   user: StaffUser,
 *   params: Record<string, string>,
 *   query: URLSearchParams,
 *   navigate(path: string): void,
 *   href(path: string): string,
 *   api: Api,
 *   ui: typeof ui,
 *   vocabulary(): Promise<{ labels: Record<string, Record<string, string>> }>,
 *   markCurrent(...menuPaths: string[]): void,
 * }} PageContext
 * @typedef {{
 *   path: string,
 *   title: string,
 *   groups: string[],
 *   nav?: { label: string, order: number },
 *   menu?: string[],
 *   render(main: HTMLElement, ctx: PageContext): void | (() => void) | Promise<void | (() => void)>,
 * }} Page
 *   `menu`: the menu items (their paths) a page outside the menu comes under, the first the person
 *   has marked current (the measure file: « Mes mesures », else « Toutes les mesures »); a page
 *   may choose again once loaded with `ctx.markCurrent(...)`. Without it, the item whose path
 *   starts the page's path is marked.
 */

/** Where each group lands after sign-in, the first group the person has in this order. */
const landings = [
  ['worker', '/taches'],
  ['manager', '/demandes'],
  ['analyst', '/statistiques'],
  ['admin', '/equipe'],
];

const signInReasons = {
  'signed-out': ['success', 'Vous êtes déconnecté. À bientôt.'],
  expired: ['info', 'Votre session a expiré : reconnectez-vous pour continuer.'],
  deactivated: ['error', deactivatedAccount],
  refused: ['error', 'La connexion n’a pas abouti. Réessayez ; si cela persiste, prévenez l’administrateur.'],
  state: ['error', 'La connexion n’a pas pu être vérifiée (demande expirée ou ouverte dans un autre onglet). Réessayez.'],
  network: ['error', 'Le service de connexion ne répond pas. Vérifiez votre connexion à internet, puis réessayez.'],
};

function compile(page) {
  const names = [];
  const source = page.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { page, names, pattern: new RegExp(`^${source}/?$`) };
}

/** The route of a hash: `#/mesures/abc?onglet=visites` → path and query. */
function parseHash(hash) {
  const text = hash.replace(/^#/, '') || '/';
  const at = text.indexOf('?');
  return { path: at === -1 ? text : text.slice(0, at), query: new URLSearchParams(at === -1 ? '' : text.slice(at + 1)) };
}

const hasAny = (user, groups) => groups.some((group) => user.groups.includes(group));

async function loadConfig() {
  const response = await fetch('/config.json', { cache: 'no-cache', signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const config = await response.json();
  if (!config?.auth?.authorizeUrl) throw new Error('config.json: no auth');
  return { apiBaseUrl: String(config.apiBaseUrl ?? '').replace(/\/+$/, ''), auth: config.auth };
}

/** Starts the staff app in the page of web/staff/index.html with the areas' pages. */
export async function startShell(pages) {
  const main = document.getElementById('contenu');
  const nav = document.getElementById('menu');
  const account = document.getElementById('compte');
  const routes = pages.map(compile);
  // The skip link moves the focus without touching the hash: `#contenu` is no route.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  let cleanup = null;
  let current = null;

  /** A fresh, empty container for the next view: what an earlier page still writes goes nowhere. */
  function freshView() {
    if (typeof cleanup === 'function') {
      try {
        cleanup();
      } catch {
        // a page's cleanup failing must not keep the next page from showing
      }
    }
    cleanup = null;
    const view = ui.h('div', { class: 'view' });
    main.replaceChildren(view);
    return view;
  }

  function hideChrome() {
    nav.hidden = true;
    nav.replaceChildren();
    account.hidden = true;
    account.replaceChildren();
  }

  let config;
  try {
    config = await loadConfig();
  } catch {
    const view = freshView();
    document.title = 'Service indisponible — ASLL';
    ui.heading(view, 'Service indisponible');
    view.append(ui.notice('error', ui.errorMessage(new ServiceUnavailableError())));
    main.removeAttribute('aria-busy');
    return;
  }

  function showSignIn(reason) {
    hideChrome();
    window.removeEventListener('hashchange', route);
    const view = freshView();
    document.title = 'Connexion — ASLL';
    ui.heading(view, 'Espace du personnel ASLL');
    const [kind, text] = signInReasons[reason] ?? [];
    if (text) view.append(ui.notice(kind, text));
    view.append(
      ui.h('p', {}, 'Connectez-vous pour retrouver vos tâches, vos dossiers et les pages de votre service.'),
      ui.h(
        'p',
        {},
        ui.h(
          'button',
          { type: 'button', class: 'button', id: 'se-connecter', onclick: () => void auth.signIn() },
          'Se connecter',
        ),
      ),
    );
    main.removeAttribute('aria-busy');
  }

  let signedIn = false;
  const auth = createAuth(config.auth, {
    onEnded: (reason) => {
      signedIn = false;
      showSignIn(reason);
    },
    // New groups show in the menu at once; the page shown stays (its next load checks its groups).
    onRenewed: (user) => {
      if (!signedIn) return;
      renderChrome(user);
      markCurrent(parseHash(window.location.hash).path);
    },
  });
  const api = createApi(config.apiBaseUrl, auth);
  let vocabulary = null;
  const loadVocabulary = () => {
    vocabulary ??= api.get('/referral-form').then((result) => {
      if (!result.ok) {
        vocabulary = null;
        throw new Error(ui.errorMessage(result));
      }
      return { labels: result.body.labels };
    });
    return vocabulary;
  };
  const href = (path) => `#${path.startsWith('/') ? path : `/${path}`}`;
  const navigate = (path) => {
    const target = href(path);
    if (window.location.hash === target) route();
    else window.location.hash = target;
  };

  function landing(user) {
    return landings.find(([group]) => user.groups.includes(group))?.[1] ?? null;
  }

  function renderChrome(user) {
    const links = pages
      .filter((page) => page.nav && hasAny(user, page.groups))
      .sort((a, b) => a.nav.order - b.nav.order)
      .map((page) => ui.h('li', {}, ui.h('a', { href: href(page.path), dataset: { path: page.path } }, page.nav.label)));
    nav.replaceChildren(...(links.length > 0 ? [ui.h('ul', { class: 'menu' }, links)] : []));
    nav.hidden = links.length === 0;
    account.replaceChildren(
      ui.h('span', { class: 'account-name' }, user.name),
      ui.h(
        'button',
        {
          type: 'button',
          class: 'button button--quiet',
          onclick: (event) => {
            event.currentTarget.disabled = true;
            void auth.signOut();
          },
        },
        'Se déconnecter',
      ),
    );
    account.hidden = false;
  }

  /** The menu items the page shown comes under (`page.menu`, or what it chose once loaded). */
  let menuPaths = [];
  function markCurrent(path) {
    const links = [...nav.querySelectorAll('a')];
    const chosen = menuPaths.map((target) => links.find((link) => link.dataset.path === target)).find(Boolean);
    const marked = chosen ?? links.find((link) => path === link.dataset.path || path.startsWith(`${link.dataset.path}/`));
    for (const link of links) {
      if (link === marked) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  function simplePage(title, text, extra = []) {
    const view = freshView();
    document.title = `${title} — ASLL`;
    ui.heading(view, title);
    view.append(ui.h('p', {}, text), ...extra);
  }

  function route() {
    const user = auth.user;
    if (!user) return;
    // Only `#/…` is a route: an in-page anchor (`#champ-…`) leaves the page as it is.
    if (window.location.hash && !window.location.hash.startsWith('#/')) return;
    const { path, query } = parseHash(window.location.hash);
    const home = landing(user);
    menuPaths = [];
    if (path === '/' || path === '') {
      if (home) {
        window.location.replace(href(home));
        return;
      }
      markCurrent('');
      simplePage(
        'Aucun accès',
        'Votre compte n’appartient encore à aucun groupe de l’espace du personnel : demandez à l’administrateur de vous en donner un.',
      );
      return;
    }
    markCurrent(path);
    let found = null;
    for (const candidate of routes) {
      const match = candidate.pattern.exec(path);
      if (match) {
        found = {
          page: candidate.page,
          params: Object.fromEntries(candidate.names.map((name, index) => [name, decodeURIComponent(match[index + 1])])),
        };
        break;
      }
    }
    const back = ui.h('p', {}, ui.h('a', { href: href(home ?? '/') }, 'Revenir à l’accueil'));
    if (!found) {
      simplePage('Page introuvable', 'Cette adresse ne correspond à aucune page de l’espace du personnel.', [back]);
      return;
    }
    if (!hasAny(user, found.page.groups)) {
      simplePage('Accès refusé', 'Cette page est réservée à d’autres fonctions que la vôtre.', [back]);
      return;
    }
    const view = freshView();
    document.title = `${found.page.title} — ASLL`;
    current = found.page;
    menuPaths = found.page.menu ?? [];
    markCurrent(path);
    const markPage = (...paths) => {
      if (!view.isConnected) return;
      menuPaths = paths;
      markCurrent(path);
    };
    const ctx = { user, params: found.params, query, navigate, href, api, ui, vocabulary: loadVocabulary, markCurrent: markPage };
    Promise.resolve()
      .then(() => found.page.render(view, ctx))
      .then(
        (result) => {
          if (current === found.page && view.isConnected) cleanup = result ?? null;
          else if (typeof result === 'function') result();
        },
        (error) => {
          if (view.isConnected) ui.loadError(view, error);
        },
      );
  }

  const started = await auth.start();
  if (!started.signedIn) {
    showSignIn(started.reason);
    return;
  }
  signedIn = true;
  renderChrome(auth.user);
  window.addEventListener('hashchange', route);
  main.removeAttribute('aria-busy');
  route();
}
