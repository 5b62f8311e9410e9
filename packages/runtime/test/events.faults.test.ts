// Server-sent events and JSON lines read as they arrive (readEvents, readJsonEvents, readJsonLines
// over fetchStream), from a real node:http server on 127.0.0.1 that sends them in chunks split
// mid-message: the first event reaches the caller as it is sent, and the transport's typed errors,
// the `[DONE]` sentinel, an early exit and malformed messages behave.
import { startFaultServer, status, type Fault, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiKeyAuth,
  ConnectionError,
  createPipeline,
  createRawClient,
  fetchStream,
  InvalidResponseError,
  readEvents,
  readJsonEvents,
  readJsonLines,
  streamEvents,
  streamJsonLines,
  TimeoutError,
  type RetryConfig,
  type ServerSentEvent,
} from "../src/index";

const fast: RetryConfig = { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 30_000 } };
const GAP_MS = 150;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const core = () => ({ baseUrl: server.url, pipeline: createPipeline({ retries: fast }) });
const post = () => new Request(`${server.url}/chat/completions`, { method: "POST", body: JSON.stringify({ stream: true }) });
const sse = (chunks: string[], ending: "end" | "reset" | "hang" = "end") => ({
  chunked: { chunks, everyMs: GAP_MS, contentType: "text/event-stream", ending },
});

// A completion streamed as an AI API sends it: messages cut anywhere, a comment, a multi-line data, [DONE].
const COMPLETION = [
  ': keep-alive\n\nid: 1\nevent: delta\ndata: {"text":"Hel',
  'lo"}\n\nid: 2\nevent: delta\ndata: {"text":", world"}\n\n',
  "event: note\ndata: line one\ndata: line two\n\n",
  "data: [DONE]\n\n",
];

/** Each message, with how much of the body the server had sent when it came. */
async function collect<T>(messages: AsyncIterable<T>) {
  const seen: { value: T; sent: number }[] = [];
  for await (const value of messages) seen.push({ value, sent: server.requests.at(-1)?.sent ?? 0 });
  return seen;
}
const bytes = (chunks: string[]) => chunks.join("").length;

describe("server-sent events", () => {
  it("each event as it arrives, split anywhere across chunks; [DONE] ends the loop", async () => {
    server.reset([sse(COMPLETION)]);
    const seen = await collect(readEvents(await fetchStream(core(), post())));
    expect(seen.map(({ value }) => value)).toEqual<ServerSentEvent[]>([
      { id: "1", event: "delta", data: '{"text":"Hello"}' },
      { id: "2", event: "delta", data: '{"text":", world"}' },
      { event: "note", data: "line one\nline two" },
    ]);
    // The first event is whole once the second chunk is sent (at 150 ms): the caller had it while the server was still sending.
    expect(seen[0]!.sent).toBeLessThan(bytes(COMPLETION));
  });

  it("readJsonEvents: each event's data parsed; the raw client's stream reads the same", async () => {
    server.reset([sse(COMPLETION.slice(0, 2).concat("data: [DONE]\n\n"))]);
    const texts = await collect(readJsonEvents<{ text: string }>(await fetchStream(core(), post())));
    expect(texts.map(({ value }) => value.text).join("")).toBe("Hello, world");

    server.reset([sse(COMPLETION.slice(0, 2).concat("data: [DONE]\n\n"))]);
    const raw = createRawClient<{ "/chat/completions": { post: { responses: { 200: { content: { "text/event-stream": string } } } } } }>(core());
    const { data } = await raw.POST("/chat/completions", { parseAs: "stream" });
    const viaRaw = await collect(readJsonEvents<{ text: string }>(data as ReadableStream<Uint8Array>));
    expect(viaRaw.map(({ value }) => value.text)).toEqual(["Hello", ", world"]);
  });

  it("doneData: null reads [DONE] as an event like any other", async () => {
    server.reset([sse(["data: [DONE]\n\n"])]);
    expect((await collect(readEvents(await fetchStream(core(), post()), { doneData: null }))).map(({ value }) => value.data)).toEqual(["[DONE]"]);
  });

  it("leaving the loop early closes the connection", async () => {
    server.reset([sse(['data: {"n":1}\n\n', 'data: {"n":2}\n\n'], "hang")]);
    for await (const event of readJsonEvents<{ n: number }>(await fetchStream(core(), post()))) {
      expect(event.n).toBe(1);
      break;
    }
    await expect.poll(() => server.requests[0]!.closedAt).toBeDefined();
  });

  it("a server quiet between events: a TimeoutError out of the loop, after the events it sent", async () => {
    server.reset([sse(['data: {"n":1}\n\n'], "hang")]);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of readJsonEvents(await fetchStream(core(), post(), { timeoutMs: 300 }))) seen.push(event);
    })().catch((thrown: unknown) => thrown);
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("retried before the first event (a 503), never after: a connection lost mid-stream is a ConnectionError", async () => {
    server.reset([status(503), sse(['data: {"n":1}\n\n', 'data: {"n":'], "reset")]);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of readJsonEvents(await fetchStream(core(), post()))) seen.push(event);
    })().catch((thrown: unknown) => thrown);
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  it("an event that is not JSON, or longer than maxMessageLength, is an InvalidResponseError", async () => {
    server.reset([sse(["data: {not json\n\n"])]);
    const notJson = await collect(readJsonEvents(await fetchStream(core(), post()))).catch((thrown: unknown) => thrown);
    expect(notJson).toBeInstanceOf(InvalidResponseError);
    expect((notJson as InvalidResponseError).rawBody).toBe("{not json");
    expect((notJson as InvalidResponseError).message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chat\/completions sent an event that is not JSON$/);

    // A message with a token in it, cut short: the token is not kept in the error.
    server.reset([sse(['data: {"access_token":"tok-live-0123456789","expires_in":\n\n'])]);
    const cutShort = await collect(readJsonEvents(await fetchStream(core(), post()))).catch((thrown: unknown) => thrown);
    expect((cutShort as InvalidResponseError).rawBody).toBe('{"access_token":"[REDACTED]","expires_in":');

    server.reset([sse([`data: ${"x".repeat(100)}`, "\n\n"])]);
    const long = await collect(readEvents(await fetchStream(core(), post()), { maxMessageLength: 50 })).catch((thrown: unknown) => thrown);
    expect(long).toBeInstanceOf(InvalidResponseError);
    expect((long as Error).message).toContain("longer than maxMessageLength (50 characters)");
  });
});

describe("JSON lines", () => {
  it("each line parsed as it arrives, split anywhere, CRLF or LF, blank lines skipped", async () => {
    const lines = ['{"id":1}\n{"id"', ":2}\r\n\n", '{"id":3}'];
    server.reset([{ chunked: { chunks: lines, everyMs: GAP_MS, contentType: "application/x-ndjson" } }]);
    const seen = await collect(readJsonLines<{ id: number }>(await fetchStream(core(), post())));
    expect(seen.map(({ value }) => value.id)).toEqual([1, 2, 3]);
    expect(seen[0]!.sent).toBeLessThan(bytes(lines));
  });

  it("a line longer than maxMessageLength is an InvalidResponseError", async () => {
    server.reset([{ chunked: { chunks: [`{"x":"${"y".repeat(100)}`], everyMs: GAP_MS, ending: "hang" as const } }]);
    const error = await collect(readJsonLines(await fetchStream(core(), post()), { maxMessageLength: 50 })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidResponseError);
    await expect.poll(() => server.requests[0]!.closedAt).toBeDefined();
  });
});

describe("a streaming operation's credentials", () => {
  const KEY = "sk-live-0123456789abcdef";
  const client = () => ({ baseUrl: server.url, pipeline: createPipeline({ retries: fast, auth: apiKeyAuth({ in: "header", name: "X-API-Key" }, KEY) }) });
  const completions = { name: "chat.completions", method: "POST", path: "/chat/completions", body: true } as const;

  const cases: [string, () => AsyncIterable<unknown>, Fault][] = [
    ["an event", () => streamEvents(client(), completions, { requestBody: {} }), sse([`data: {"error":"the key ${KEY} is not allowed\n\n`])],
    [
      "a line",
      () => streamJsonLines(client(), completions, { requestBody: {} }),
      { chunked: { chunks: [`{"error":"the key ${KEY} is not allowed\n`], everyMs: 1, contentType: "application/x-ndjson" } },
    ],
  ];
  it.each(cases)("%s that is not JSON and echoes the call's key keeps the key out of its error", async (_, stream, answer) => {
    server.reset([answer]);
    const error = (await collect(stream()).catch((thrown: unknown) => thrown)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.requests[0]!.headers["x-api-key"]).toBe(KEY);
    expect(error.rawBody).toContain("the key [REDACTED] is not allowed");
    expect(`${error.message} ${JSON.stringify(error)} ${error.rawBody}`).not.toContain(KEY);
    expect(error.cause).toBeUndefined(); // the JSON parser's message may quote the text
  });
});
