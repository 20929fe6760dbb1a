/** One page as {@link paginate} needs it: its items, and whether a next page may hold more. */
export interface PageOf<Item> {
  items: readonly Item[];
  hasMore: boolean;
}

/**
 * Walks numbered pages from `firstPage` up, yielding each item once (by `key`), and stops at the first
 * page that says there is no more, or that brings nothing new: a server that ignores the page number
 * would otherwise repeat itself forever. The one pager of every list (`marketplace.locations`,
 * `telephony.calls`).
 *
 * Page convention, the same for every list: pages are numbered from 1 and the iterators start there.
 * `marketplace.listLocations` also accepts page 0, because Altegio documents no base for that list;
 * the call list documents 1, so `telephony.listCalls` refuses 0.
 */
export async function* paginate<Item>(
  firstPage: number,
  fetchPage: (page: number) => Promise<PageOf<Item>>,
  key: (item: Item) => unknown,
): AsyncGenerator<Item, void, undefined> {
  const seen = new Set<unknown>();
  for (let page = firstPage; ; page++) {
    const { items, hasMore } = await fetchPage(page);
    let fresh = 0;
    for (const item of items) {
      const id = key(item);
      if (seen.has(id)) continue;
      seen.add(id);
      fresh++;
      yield item;
    }
    if (!hasMore || fresh === 0) return;
  }
}
