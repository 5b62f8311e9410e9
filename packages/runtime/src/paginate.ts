import { InvalidResponseError } from "./errors";

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
 * `totalResults` items have been yielded, whichever comes first. A page that
 * is not a page, or a server that ignores `page` (answers another page, or
 * the same one again), ends the iteration with an InvalidResponseError
 * instead of looping forever.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, startPage = 1): AsyncGenerator<T, void, undefined> {
  let seen = 0;
  let previous: Page<T> | undefined;
  for (let page = startPage; ; page++) {
    const current = checkPage(await fetchPage(page), page, previous);
    for (const item of current.results) {
      yield item;
    }
    seen += current.results.length;
    const total = current.totalResults - (startPage - 1) * current.pageSize;
    if (current.results.length === 0 || !current._links?.next || seen >= total) return;
    previous = current;
  }
}

function checkPage<T>(value: unknown, page: number, previous: Page<T> | undefined): Page<T> {
  const fail = (problem: string) => {
    throw new InvalidResponseError(`paging: page ${page} ${problem}`, {});
  };
  const current = value as Page<T>;
  if (typeof value !== "object" || value === null || !Array.isArray(current.results)) fail("is not a page (no results array)");
  if (typeof current.totalResults !== "number" || typeof current.pageSize !== "number") fail("has no numeric totalResults and pageSize");
  // The server must answer the page asked for; one that ignores `page` would be asked forever.
  if (typeof current.pageNumber === "number" && current.pageNumber !== page) {
    fail(`was answered with page ${current.pageNumber}: the server ignores the page parameter`);
  }
  if (previous && sameItems(previous.results, current.results)) fail("repeats the page before it: the server ignores the page parameter");
  return current;
}

/** Whether two pages hold the same items (compared by their first and last, which is enough to catch a repeat). */
function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  return JSON.stringify(a[0]) === JSON.stringify(b[0]) && JSON.stringify(a.at(-1)) === JSON.stringify(b.at(-1));
}
