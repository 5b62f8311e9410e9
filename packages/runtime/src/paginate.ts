import { InvalidResponseError } from "./errors";
import { redactUrl } from "./redact";

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
export async function* paginate<T>(fetchPage: (page: number) => Promise<unknown>, startPage = 1): AsyncGenerator<T, void, undefined> {
  let seen = 0;
  let previous: Page<T> | undefined;
  for (let page = startPage; ; page++) {
    // Checked here, whatever the spec typed: a vendor's envelope may call every field optional.
    const current = checkPage<T>(await fetchPage(page), page, previous);
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
  if (repeatsPrevious(previous?.results, current.results, page)) fail("repeats the page before it: the server ignores the page parameter");
  return current;
}

/**
 * Whether page `page` holds the same items as the page before it (a server that ignores `page`),
 * compared by their first and last, which is enough to catch a repeat.
 */
function repeatsPrevious(previous: unknown[] | undefined, current: unknown[], page: number): boolean {
  if (previous === undefined || previous.length !== current.length || current.length === 0) return false;
  try {
    return JSON.stringify(previous[0]) === JSON.stringify(current[0]) && JSON.stringify(previous.at(-1)) === JSON.stringify(current.at(-1));
  } catch {
    // JSON.stringify overflows the stack on items nested thousands of levels deep (a hostile server's).
    throw new InvalidResponseError(`paging: page ${page} holds items nested too deeply to compare with the page before`, {});
  }
}

/** How a cursor-paged list says where the next page starts (`x-syncline-pagination` with `style: cursor`). */
export interface CursorPaging {
  /** The answer's field holding the page's items (`data`, `items`); without it, each page is yielded whole (Plaid's sync, whose pages hold several lists). */
  items?: string | undefined;
  /** The answer's field (a dotted path) holding the next page's cursor (`next_cursor`, `meta.next`); empty or null on the last page. */
  nextCursor?: string | undefined;
  /**
   * The answer's flag saying more pages follow (`has_more`): false ends the list even when a next
   * cursor is given (Plaid's, kept for the next sync). Without `nextCursor`, the next page starts
   * after the last item's `id` (Stripe's `starting_after`).
   */
  hasMore?: string | undefined;
}

const field = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), value);

/**
 * Every item of every page of a cursor-paged list, fetched one page at a
 * time as you iterate: each page asked for with the cursor the page before
 * gave. A page without its items array, or a cursor that comes back (a
 * server ignoring the cursor parameter), ends the iteration with an
 * InvalidResponseError instead of looping forever.
 */
export async function* paginateCursor<T>(
  fetchPage: (cursor: string | undefined) => Promise<unknown>,
  paging: CursorPaging,
  firstCursor?: string,
): AsyncGenerator<T, void, undefined> {
  const fail = (problem: string) => {
    throw new InvalidResponseError(`paging: ${problem}`, {});
  };
  const used = new Set<string>();
  const hasMore = paging.hasMore ?? (paging.nextCursor ? undefined : "has_more");
  for (let cursor = firstCursor; ; ) {
    const page = await fetchPage(cursor);
    const items = paging.items === undefined ? [page] : field(page, paging.items);
    if (!Array.isArray(items)) return fail(`the answer has no "${paging.items}" array`);
    yield* items as T[];
    if (hasMore && field(page, hasMore) !== true) return;
    const next = paging.nextCursor ? field(page, paging.nextCursor) : field(items.at(-1), "id");
    if (next === undefined || next === null || next === "") return;
    if (typeof next !== "string" && typeof next !== "number") return fail(`the next cursor is a ${typeof next}, not a string`);
    // A server that ignores the cursor answers the same page again: asked forever without this.
    if (used.has(String(next))) return fail(`cursor ${JSON.stringify(String(next))} came back: the server ignores the cursor parameter`);
    used.add(String(next));
    cursor = String(next);
  }
}

/** The `rel="next"` URL of a `Link` header (RFC 8288), if it has one. */
function nextLink(header: string | null): string | undefined {
  for (const part of header?.split(/,(?=\s*<)/) ?? []) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

/**
 * Every item of every page of a list paged by `Link: <...>; rel="next"`
 * headers (GitHub's style), one page at a time as you iterate. `items` is
 * the answer's field holding them; without it the answer is the array.
 * `fetchPage` gets each next link resolved against `baseUrl`. A next link
 * that comes back, or one on another origin than `baseUrl` (the client's
 * credentials never go there), ends the iteration with an InvalidResponseError.
 */
export async function* paginateLinks<T>(
  fetchPage: (url: string | undefined) => Promise<{ value: unknown; response: Response }>,
  baseUrl: string,
  items?: string,
): AsyncGenerator<T, void, undefined> {
  const used = new Set<string>();
  for (let url: string | undefined; ; ) {
    const { value, response } = await fetchPage(url);
    const list = items === undefined ? value : field(value, items);
    if (!Array.isArray(list))
      throw new InvalidResponseError(`paging: the answer is not ${items === undefined ? "an array" : `an object with a "${items}" array`}`, {});
    yield* list as T[];
    const link = nextLink(response.headers.get("link"));
    if (link === undefined) return;
    url = new URL(link, baseUrl).href;
    if (new URL(url).origin !== new URL(baseUrl).origin) {
      throw new InvalidResponseError(`paging: the next page is on another origin (${redactUrl(url)}); its credentials are not sent there`, {});
    }
    if (used.has(url)) throw new InvalidResponseError("paging: the next link came back: the server ignores its own page links", {});
    used.add(url);
  }
}

/**
 * Every item of a list paged by number with a page count in the answer (Xero's
 * `pagination.pageCount`): pages from `startPage` until the last one, an empty
 * one, or one the server answers again unchanged (it ignores `page`).
 */
export async function* paginatePageCount<T>(
  fetchPage: (page: number) => Promise<unknown>,
  paging: { items: string; pageCount: string },
  startPage = 1,
): AsyncGenerator<T, void, undefined> {
  let previous: unknown[] | undefined;
  for (let page = startPage; ; page++) {
    const answer = await fetchPage(page);
    const items = field(answer, paging.items);
    const count = field(answer, paging.pageCount);
    if (!Array.isArray(items)) throw new InvalidResponseError(`paging: page ${page} has no "${paging.items}" array`, {});
    if (repeatsPrevious(previous, items, page)) {
      throw new InvalidResponseError(`paging: page ${page} repeats page ${page - 1}: the server ignores the page parameter`, {});
    }
    yield* items as T[];
    if (items.length === 0 || typeof count !== "number" || page >= count) return;
    previous = items;
  }
}
