/** Lists on the manager pages: paginated lists (« Afficher plus ») and lists of facts. */

/**
 * Appends the items of `first` (an API page) to `list`, each built by `item`, and below `list` the
 * shell's « Afficher plus » button while the API gives a `nextCursor`; `load(cursor)` reads a page.
 */
export function showPages(ctx, { list, first, load, item }) {
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
