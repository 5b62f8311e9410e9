// Streamed answers (fetchStream, and the raw client's `parseAs: "stream"`) against a real node:http
// server on 127.0.0.1 that sends its body in chunks: the first chunk reaches the caller as it is
// sent, and retries, timeouts, aborts and the size cap hold while the rest arrives.
import { startFaultServer, status, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiKeyAuth,
  ConnectionError,
  createPipeline,
  createRawClient,
  fetchStream,
  pipelineFetch,
  RequestAbortedError,
  ResponseTooLargeError,
  streamAnswer,
  TimeoutError,
  type RetryConfig,
} from "../src/index";

const fast: RetryConfig = { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 30_000 } };
const GAP_MS = 150;
const CHUNKS = ["one;", "two;", "three;", "four;", "five;"];

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const chunked = (ending: "end" | "reset" | "hang" = "end", chunks = CHUNKS) => ({ chunked: { chunks, everyMs: GAP_MS, ending } });
const core = (options: Parameters<typeof createPipeline>[0] = {}) => ({ baseUrl: server.url, pipeline: createPipeline({ retries: fast, ...options }) });
const get = () => new Request(`${server.url}/download`);

/** Reads `stream` to its end, noting how much of the body the server had sent when the first chunk came. */
async function readAll(stream: ReadableStream<Uint8Array>) {
  let text = "";
  let sentAtFirst: number | undefined;
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    sentAtFirst ??= server.requests.at(-1)?.sent;
    text += decoder.decode(next.value, { stream: true });
  }
  return { text, sentAtFirst };
}

describe("the first chunk reaches the caller as it is sent", () => {
  // Five chunks 150 ms apart: the whole body takes 600 ms to send.
  const whole = GAP_MS * (CHUNKS.length - 1);
  const bytes = CHUNKS.join("").length;

  it("fetchStream: the first chunk in well under the time the whole body takes; then every byte", async () => {
    server.reset([chunked()]);
    const response = await fetchStream(core(), get());
    const { text, sentAtFirst } = await readAll(response.body!);
    expect(text).toBe(CHUNKS.join(""));
    // The caller had its first chunk while the server was still sending.
    expect(sentAtFirst).toBeLessThan(bytes);
  });

  it("the raw client with parseAs: 'stream' too (it waited for the whole body before)", async () => {
    server.reset([chunked()]);
    const raw = createRawClient<{ "/download": { get: { responses: { 200: { content: { "application/octet-stream": string } } } } } }>(core());
    const { data, response } = await raw.GET("/download", { parseAs: "stream" });
    expect(response.status).toBe(200);
    const { text, sentAtFirst } = await readAll(data as ReadableStream<Uint8Array>);
    expect(text).toBe(CHUNKS.join(""));
    expect(sentAtFirst).toBeLessThan(bytes);
  });

  it("the buffered fetch still reads the whole body first: the first byte only once the last is sent", async () => {
    server.reset([chunked()]);
    const started = performance.now();
    const response = await pipelineFetch(core().pipeline)(get());
    expect(performance.now() - started).toBeGreaterThanOrEqual(whole - 20);
    expect(await response.text()).toBe(CHUNKS.join(""));
  });
});

describe("while the body arrives", () => {
  it("retries before the answer (a 503), never after it", async () => {
    server.reset([status(503), chunked("reset")]);
    const response = await fetchStream(core(), get());
    await expect(readAll(response.body!)).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  it("timeoutMs bounds each wait for a chunk, not the whole download", async () => {
    // 600 ms of body under a 400 ms timeout: every chunk comes within it.
    server.reset([chunked()]);
    const response = await fetchStream(core(), get(), { timeoutMs: 400 });
    expect((await readAll(response.body!)).text).toBe(CHUNKS.join(""));

    // A server that goes quiet after two chunks: a TimeoutError once it has been quiet 400 ms.
    server.reset([chunked("hang", CHUNKS.slice(0, 2))]);
    const quiet = await fetchStream(core(), get(), { timeoutMs: 400 });
    const started = performance.now();
    const error = await readAll(quiet.body!).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/download \(no chunk of its body for 400 ms\)/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(GAP_MS + 380);
    await expect.poll(() => server.requests[0]!.closedAt).toBeDefined();
  });

  it("the caller's signal ends the download at once, and the server sees the connection go", async () => {
    server.reset([chunked("hang", CHUNKS.slice(0, 1))]);
    const controller = new AbortController();
    const response = await fetchStream(core(), get(), { signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("one;");
    const next = reader.read();
    controller.abort();
    await expect(next).rejects.toBeInstanceOf(RequestAbortedError);
    await expect.poll(() => server.requests[0]!.closedAt).toBeDefined();
  });

  it("a size cap the call sets fails the stream once passed; the client's cap (for bodies read whole) does not apply", async () => {
    server.reset([chunked()]);
    const capped = await fetchStream(core(), get(), { maxResponseBytes: 8 });
    const error = await readAll(capped.body!).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ResponseTooLargeError);

    server.reset([chunked()]);
    const uncapped = await fetchStream(core({ maxResponseBytes: 8 }), get());
    expect((await readAll(uncapped.body!)).text).toBe(CHUNKS.join(""));
  });

  it("an error answer comes back whole, as from the buffered fetch", async () => {
    server.reset([status(404, {}, '{"error":"no such export"}')]);
    const response = await fetchStream(core(), get());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "no such export" });
  });
});

describe("a generated streaming method (streamAnswer, as ...Stream, ...Events and ...Lines call it)", () => {
  it("keeps the call's credentials out of the answer's URL and of the errors mid-body, as fetchStream does", async () => {
    const KEY = "qk-0123456789";
    // A key in a query parameter whose name says nothing of credentials (redactUrl would not know it).
    const client = core({ auth: apiKeyAuth({ in: "query", name: "k" }, KEY) });
    server.reset([{ ...chunked("reset", CHUNKS.slice(0, 2)) }]);
    const response = await streamAnswer(client, { name: "files.get", method: "GET", path: "/files/1" }, {});
    expect(server.requests[0]!.path).toBe(`/files/1?k=${KEY}`);
    expect(response.url).toBe(`${server.url}/files/1?k=[REDACTED]`);
    const error = await readAll(response.body!).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(KEY);
  });
});
