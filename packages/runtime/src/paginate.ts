/** Codat's page envelope (`Connections` and every other paged list). */
export interface Page<T> {
  results: T[];
  pageNumber: number;
  pageSize: number;
  totalResults: number;
  _links?: { next?: { href: string } | undefined } | undefined;
}

/**
 * Every item of every page, fetched one page at a time as you iterate.
 * Stops after the last page (no `_links.next`), on an empty page, or once
 * `totalResults` items have been yielded, whichever comes first.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, startPage = 1): AsyncGenerator<T, void, undefined> {
  let seen = 0;
  for (let page = startPage; ; page++) {
    const current = await fetchPage(page);
    for (const item of current.results) {
      yield item;
    }
    seen += current.results.length;
    const total = current.totalResults - (startPage - 1) * current.pageSize;
    if (current.results.length === 0 || !current._links?.next || seen >= total) return;
  }
}
