/** Lists on the manager pages: what a page loads, paginated lists (« Afficher plus »), lists of facts. */

/**
 * Shows « Chargement… », awaits every call (API results, or anything else such as the vocabulary)
 * and empties `main`: resolves to the results, or to null once the first failed API result is shown.
 */
export async function loadPage(main, ctx, calls) {
  ctx.ui.loading(main);
  const results = await Promise.all(calls);
  main.replaceChildren();
  const failed = results.find((result) => result?.ok === false);
  if (!failed) return results;
  ctx.ui.loadError(main, failed);
  return null;
}

/**
 * The results of a list page: `empty` when the first page has nothing, else `order` (how the list
 * is sorted, in a sentence) and the cards of every page, « Afficher plus » loading the next.
 */
export function showResults(main, ctx, { first, load, item, empty, order }) {
  const { ui } = ctx;
  if (first.items.length === 0) {
    main.append(ui.emptyState(empty));
    return;
  }
  const list = ui.h('ol', { class: 'manager-cards' });
  main.append(ui.h('p', {}, order), list);
  showPages(ctx, { list, first, load, item });
}

/**
 * Appends the items of `first` (an API page) to `list`, each built by `item`, and below `list` the
 * shell's « Afficher plus » button while the API gives a `nextCursor`; `load(cursor)` reads a page.
 */
function showPages(ctx, { list, first, load, item }) {
  const { ui } = ctx;
  list.append(...first.items.map(item));
  let cursor = first.nextCursor;
  if (!cursor) return;
  let failure = null;
  const more = ui.moreButton(async () => {
    failure?.remove();
    const next = await load(cursor);
    if (!next.ok) {
      failure = ui.notice('error', ui.errorMessage(next));
      more.before(failure);
      return true;
    }
    list.append(...next.body.items.map(item));
    cursor = next.body.nextCursor;
    return Boolean(cursor);
  });
  list.after(more);
}

/** A list of facts (`<dl>`): `[term, value]` pairs, those without a value left out. */
export function factList(ctx, pairs) {
  const { h } = ctx.ui;
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return h('dl', { class: 'manager-facts' }, ...shown.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** A link that stands on its own line (« Ouvrir la mesure… »): a touch target of at least 24 px. */
export function actionLink(ctx, path, text) {
  const { h } = ctx.ui;
  return h('p', { class: 'manager-action' }, h('a', { href: ctx.href(path) }, text));
}
