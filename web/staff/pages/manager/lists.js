/** Lists on the manager pages: paginated lists (« Afficher plus ») and lists of facts. */

/**
 * Appends the items of `first` (an API page) to `list`, each built by `item`, and below `list` the
 * shell's « Afficher plus » button while the API gives a `nextCursor`; `load(cursor)` reads a page.
 */
export function showPages(ctx, { list, first, load, item }) {
  const { ui } = ctx;
  const show = (page) => {
    list.append(...page.items.map(item));
    if (!page.nextCursor) return;
    const more = ui.moreButton(async () => {
      const next = await load(page.nextCursor);
      more.remove();
      if (!next.ok) {
        list.after(ui.notice('error', next.body?.error?.message ?? 'La suite de la liste n’a pas pu être chargée : réessayez.'));
        return;
      }
      show(next.body);
    });
    list.after(more);
  };
  show(first);
}

/** A list of facts (`<dl>`): `[term, value]` pairs, those without a value left out. */
export function factList(ctx, pairs) {
  const { h } = ctx.ui;
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return h('dl', { class: 'manager-facts' }, ...shown.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}
