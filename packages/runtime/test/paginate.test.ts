import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../src/errors";
import { paginate, paginatePageCount, type Page } from "../src/paginate";

function pages(items: number[], pageSize: number, options: { totalResults?: number; linkNextOnLast?: boolean } = {}) {
  const requested: number[] = [];
  const fetchPage = async (page: number): Promise<Page<number>> => {
    requested.push(page);
    const results = items.slice((page - 1) * pageSize, page * pageSize);
    const last = page * pageSize >= items.length;
    return {
      results,
      pageNumber: page,
      pageSize,
      totalResults: options.totalResults ?? items.length,
      _links: last && !options.linkNextOnLast ? {} : { next: { href: `/things?page=${page + 1}` } },
    };
  };
  return { fetchPage, requested };
}

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

describe("paginate", () => {
  it("yields every item across pages and stops after the page without a next link", async () => {
    const { fetchPage, requested } = pages([1, 2, 3, 4, 5], 2);
    expect(await collect(paginate(fetchPage))).toEqual([1, 2, 3, 4, 5]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("stops on an empty page even if the server still links a next one", async () => {
    const { fetchPage, requested } = pages([1, 2, 3, 4], 2, { linkNextOnLast: true, totalResults: 99 });
    expect(await collect(paginate(fetchPage))).toEqual([1, 2, 3, 4]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("stops once totalResults items were yielded, without asking for another page", async () => {
    const { fetchPage, requested } = pages([1, 2, 3, 4], 2, { linkNextOnLast: true });
    expect(await collect(paginate(fetchPage))).toEqual([1, 2, 3, 4]);
    expect(requested).toEqual([1, 2]);
  });

  it("starts at a later page and counts totalResults from there", async () => {
    const { fetchPage, requested } = pages([1, 2, 3, 4, 5, 6], 2, { linkNextOnLast: true });
    expect(await collect(paginate(fetchPage, 2))).toEqual([3, 4, 5, 6]);
    expect(requested).toEqual([2, 3]);
  });

  it("fetches lazily: breaking early requests no more pages", async () => {
    const { fetchPage, requested } = pages([1, 2, 3, 4, 5, 6], 2);
    for await (const item of paginate(fetchPage)) if (item === 2) break;
    expect(requested).toEqual([1]);
  });

  it("handles an empty collection", async () => {
    const { fetchPage, requested } = pages([], 2);
    expect(await collect(paginate(fetchPage))).toEqual([]);
    expect(requested).toEqual([1]);
  });

  it("a page whose items nest thousands of levels deep (a hostile server's) ends with an InvalidResponseError, not a raw RangeError", async () => {
    const deep = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`) as number;
    // No page number and a large total: only the repeated-page check can stop this server.
    const fetchPage = async (): Promise<Page<number>> =>
      ({ results: [deep], pageSize: 1, totalResults: 1_000, _links: { next: { href: "/things" } } }) as unknown as Page<number>;
    await expect(collect(paginate(fetchPage))).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe("paginatePageCount", () => {
  it("a page whose items nest thousands of levels deep (a hostile server's) ends with an InvalidResponseError, not a raw RangeError", async () => {
    const deep = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`) as number;
    // The same page whatever `page` says, and a large page count: only the repeat check can stop this server.
    const fetchPage = async () => ({ Invoices: [deep], pagination: { pageCount: 1_000 } });
    await expect(collect(paginatePageCount(fetchPage, { items: "Invoices", pageCount: "pagination.pageCount" }))).rejects.toBeInstanceOf(InvalidResponseError);
  });
});
