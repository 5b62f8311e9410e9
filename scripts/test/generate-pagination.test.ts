// listAll for cursor- and link-paged lists: inferred from a cursor parameter
// and a next cursor (or Stripe's has_more), or a documented Link header
// (GitHub's style), or described by x-syncline-pagination.
// Generated from a fixture spec, type-checked, and iterated against a
// loopback server that serves the pages.
import { readFileSync } from "node:fs";
import path from "node:path";
import { json, startFaultServer, type Fault, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, repoRoot, typeErrors } from "./helpers";

const spec = readFileSync(path.join(repoRoot, "scripts/test/fixtures/pagination.yaml"), "utf8");
let outDir: string;
let server: FaultServer;
// biome-ignore lint/suspicious/noExplicitAny: the generated module's shape is what the test asserts
let events: Record<string, (...args: any[]) => AsyncGenerator<{ id: string }>>;

const ids = (...names: string[]) => names.map((id) => ({ id }));
let serverUrl = "";
/** Three pages in each style; the cursor says which. */
const route = (_: number, request: RecordedRequest): Fault => {
  const url = new URL(request.path, "http://x");
  const at = (name: string) => url.searchParams.get(name);
  if (url.pathname === "/events") {
    const pages: Record<string, object> = {
      "": { data: ids("e1", "e2"), next_cursor: "c2" },
      c2: { data: ids("e3"), next_cursor: "c3" },
      c3: { data: ids("e4"), next_cursor: null },
    };
    return json(200, pages[at("cursor") ?? ""]);
  }
  if (url.pathname === "/charges") {
    const pages: Record<string, object> = { "": { data: ids("ch1", "ch2"), has_more: true }, ch2: { data: ids("ch3"), has_more: false } };
    return json(200, pages[at("starting_after") ?? ""]);
  }
  if (url.pathname === "/issues") {
    const page = Number(at("page") ?? "1");
    // The last page links to another origin when asked with per_page=666: a link the client must not follow.
    const next =
      at("per_page") === "666"
        ? "https://elsewhere.example/issues?page=2"
        : page < 3
          ? `${serverUrl}/issues?per_page=${at("per_page")}&page=${page + 1}`
          : undefined;
    const link = [`<${serverUrl}/issues?page=1>; rel="first"`, ...(next ? [`<${next}>; rel="next"`] : [])].join(", ");
    return { status: 200, headers: { "content-type": "application/json", link }, body: JSON.stringify(ids(`i${page}`)) };
  }
  if (url.pathname === "/transactions/sync") {
    const cursor = (JSON.parse(request.body.toString()) as { cursor?: string }).cursor ?? "";
    const pages: Record<string, object> = {
      "": { added: ids("t1"), removed: [], next_cursor: "s2", has_more: true },
      s2: { added: ids("t2"), removed: ids("t0"), next_cursor: "s3", has_more: false },
    };
    return json(200, pages[cursor]);
  }
  if (url.pathname === "/invoices") {
    const page = Number(at("page"));
    // The server ignores page when asked with where=loop: page 1 again and again.
    const items = at("where") === "loop" ? ids("inv1") : ids(`inv${page}`);
    return json(200, { pagination: { page, pageSize: 1, pageCount: 3, itemCount: 3 }, Invoices: items });
  }
  // A feed whose server ignores page_token: the same page and cursor forever.
  if (url.pathname === "/feeds/loop/entries") return json(200, { entries: ids("x"), meta: { next: "again" } });
  const pages: Record<string, object> = { "": { entries: ids("f1"), meta: { next: "p2" } }, p2: { entries: ids("f2"), meta: {} } };
  return json(200, pages[at("page_token") ?? ""]);
};

beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
  server = await startFaultServer([], route);
  serverUrl = server.url;
  events = (await importGenerated(outDir)).createDemoClient({ accessToken: "t", baseUrl: server.url, retries: false }).events;
});
afterAll(async () => {
  await server?.close();
});

const collect = async (items: AsyncGenerator<{ id: string }>) => {
  const all: string[] = [];
  for await (const item of items) all.push(item.id);
  return all;
};

describe("cursor pagination", () => {
  it("type-checks, each listAll yielding the list's items", () => {
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
    const operations = readFileSync(path.join(outDir, "operations.ts"), "utf8");
    expect(operations).toMatch(/export function eventsListAll\([^)]*\): AsyncGenerator<EventsListItem, void, undefined>/s);
    expect(operations).toContain('export type EventsListItem = NonNullable<EventsListResponse["data"]>[number];');
  });

  it("inferred from a cursor parameter and next_cursor: every page, each asked for with the cursor the page before gave", async () => {
    server.reset([], route);
    expect(await collect(events.listAll!({ limit: 2 }))).toEqual(["e1", "e2", "e3", "e4"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/events?limit=2", "/events?cursor=c2&limit=2", "/events?cursor=c3&limit=2"]);
  });

  it("inferred from Stripe's has_more: the next page starts after the last item", async () => {
    server.reset([], route);
    expect(await collect(events.chargesAll!())).toEqual(["ch1", "ch2", "ch3"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/charges", "/charges?starting_after=ch2"]);
  });

  it("inferred from a POST whose body carries the cursor (Plaid's sync): pages yielded whole until has_more is false, the caller's cursor first", async () => {
    server.reset([], route);
    const pages: { added: { id: string }[]; next_cursor: string }[] = [];
    for await (const page of events.syncAll({ requestBody: { access_token: "a" } }) as AsyncGenerator<{ added: { id: string }[]; next_cursor: string }>)
      pages.push(page);
    expect(pages.map((page) => [page.added.map((item) => item.id), page.next_cursor])).toEqual([
      [["t1"], "s2"],
      [["t2"], "s3"],
    ]);
    expect(server.requests.map((request) => JSON.parse(request.body.toString()))).toEqual([{ access_token: "a" }, { access_token: "a", cursor: "s2" }]);
    server.reset([], route);
    await collect(events.syncAll({ requestBody: { access_token: "a", cursor: "s2" } }) as never);
    expect(server.requests.map((request) => JSON.parse(request.body.toString()).cursor)).toEqual(["s2"]);
  });

  it("inferred from numbered pages with a page count (Xero's pagination object): every page to the last; a server ignoring page is an error", async () => {
    server.reset([], route);
    expect(await collect(events.invoicesAll({ where: "x" }))).toEqual(["inv1", "inv2", "inv3"]);
    expect(server.requests.map((request) => request.path)).toEqual(["/invoices?page=1&where=x", "/invoices?page=2&where=x", "/invoices?page=3&where=x"]);
    await expect(collect(events.invoicesAll({ where: "loop" }))).rejects.toThrow("paging: page 2 repeats page 1: the server ignores the page parameter");
  });

  it('inferred from a documented Link header: each next page is its rel="next", never one on another origin', async () => {
    server.reset([], route);
    expect(await collect(events.issuesAll!({ per_page: 1 }))).toEqual(["i1", "i2", "i3"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/issues?per_page=1", "/issues?per_page=1&page=2", "/issues?per_page=1&page=3"]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer t", "Bearer t", "Bearer t"]);
    await expect(collect(events.issuesAll!({ per_page: 666 }))).rejects.toThrow("the next page is on another origin (https://elsewhere.example/issues?page=2)");
  });

  it("described by x-syncline-pagination, with the cursor inside the answer; a server ignoring the cursor is an error, not a loop", async () => {
    server.reset([], route);
    expect(await collect(events.everyEntry!({ feedId: "news" }))).toEqual(["f1", "f2"]);
    await expect(collect(events.everyEntry!({ feedId: "loop" }))).rejects.toThrow('paging: cursor "again" came back: the server ignores the cursor parameter');
    expect(server.requests.filter((r) => r.path.startsWith("/feeds/loop"))).toHaveLength(2);
  });
});
