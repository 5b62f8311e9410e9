// An operation that answers with server-sent events (an AI API's completion with `stream: true`)
// gets a method of its own that yields each event as it arrives, typed by the spec's
// `text/event-stream` schema; one that answers JSON lines (NDJSON), a method that yields each line.
// Generated from a fixture spec, type-checked, and called against a loopback server that sends
// the events in chunks.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { json, startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamedAnswers } from "../lib/normalize-spec.mjs";
import { generatedFixture, importGenerated, typeErrors } from "./helpers";

const spec = `openapi: 3.1.0
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
paths:
  /completions:
    post:
      operationId: createCompletion
      tags: [Completions]
      requestBody:
        required: true
        content: { application/json: { schema: { type: object, required: [prompt], properties: { prompt: { type: string }, stream: { type: boolean } } } } }
      responses:
        "200":
          description: The completion, whole or (with stream) as events.
          content:
            application/json: { schema: { $ref: "#/components/schemas/Completion" } }
            text/event-stream: { schema: { $ref: "#/components/schemas/CompletionChunk" } }
        "400": { description: Bad request., content: { application/json: { schema: { type: object, properties: { error: { type: string } } } } } }
  /exports/{exportId}:
    get:
      operationId: downloadExport
      tags: [Exports]
      parameters: [{ name: exportId, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: The export's bytes, or (asked for events) its progress.
          content:
            application/octet-stream: { schema: { type: string, format: binary } }
            text/event-stream: { schema: { type: object, required: [percent], properties: { percent: { type: integer } } } }
  /exports/{exportId}/rows:
    get:
      operationId: listRows
      tags: [Exports]
      parameters: [{ name: exportId, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: The export's rows, whole (JSON) or one per line (NDJSON).
          content:
            application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Row" } } }
            application/x-ndjson: { schema: { $ref: "#/components/schemas/Row" } }
  /chats:
    post:
      operationId: createChat
      tags: [Chats]
      # The vendor documents the whole answer only; with stream: true it sends events.
      x-syncline-stream: { mediaType: text/event-stream, schema: { $ref: "#/components/schemas/CompletionChunk" } }
      requestBody:
        required: true
        content: { application/json: { schema: { type: object, properties: { stream: { type: boolean } } } } }
      responses:
        "200": { $ref: "#/components/responses/Chat" }
  /chats/{chatId}:
    get:
      operationId: getChat
      tags: [Chats]
      parameters: [{ name: chatId, in: path, required: true, schema: { type: string } }]
      responses:
        "200": { $ref: "#/components/responses/Chat" }
  /logs:
    get:
      operationId: tailLogs
      tags: [Logs]
      responses:
        "200": { description: Log lines as events., content: { text/event-stream: { schema: { type: string } } } }
components:
  responses:
    Chat: { description: The chat., content: { application/json: { schema: { $ref: "#/components/schemas/Completion" } } } }
  schemas:
    Completion: { type: object, required: [text], properties: { text: { type: string } } }
    CompletionChunk: { type: object, required: [delta], properties: { delta: { type: string } } }
    Row: { type: object, required: [id], properties: { id: { type: integer }, name: { type: string } } }
`;

const GAP_MS = 150;
const sse = (chunks: string[]) => ({ chunked: { chunks, everyMs: GAP_MS, contentType: "text/event-stream" } });

let server: FaultServer;
let outDir: string;
// biome-ignore lint/suspicious/noExplicitAny: the generated module's shape is what the test asserts
let generated: Record<string, any>;
beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
  generated = await importGenerated(outDir);
  server = await startFaultServer();
});
afterAll(() => server?.close());

/** What a stream throws before its first message (it must yield none). */
async function thrownBefore(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of stream) expect.unreachable();
  } catch (thrown) {
    return thrown;
  }
  return expect.unreachable();
}

/** The type errors of `source`, written beside the generated client as `file` (it imports "./index"). */
function typeErrorsIn(file: string, source: string): string[] {
  writeFileSync(path.join(outDir, file), source);
  return typeErrors([path.join(outDir, file)]);
}

const client = () => generated.createDemoClient({ baseUrl: server.url, retries: { backoff: { initialInterval: 1, maxInterval: 5 } } });

describe("an operation that answers with server-sent events", () => {
  it("gets an ...Events method and function, typed by the text/event-stream schema", () => {
    expect(
      typeErrorsIn(
        "usage.ts",
        `import { createDemoClient, createDemoCore, completionsCreateEvents, type CreateCompletionEvent, type ServerSentEvent } from "./index";
export async function usage() {
  const client = createDemoClient({});
  for await (const chunk of client.completions.createEvents({ requestBody: { prompt: "hi", stream: true } })) {
    const delta: string = chunk.delta;
    // @ts-expect-error: an event carries what the schema says, nothing else
    chunk.text;
  }
  const typed: CreateCompletionEvent = { delta: "x" };
  for await (const event of completionsCreateEvents(createDemoCore({}), { requestBody: { prompt: "hi" } })) console.log(event.delta, typed);
  // A string schema: each event as sent.
  for await (const line of client.logs.tailEvents()) {
    const event: ServerSentEvent = line;
    console.log(event.data);
  }
  // @ts-expect-error: the request is the operation's
  client.completions.createEvents({ requestBody: {} });
  // Bytes beside events: the call resolves to the bytes, the events are typed by their own schema.
  const file: Blob = await client.exports.download({ exportId: "e1" });
  for await (const progress of client.exports.downloadEvents({ exportId: "e1" })) console.log(progress.percent, file.size);
}
`,
      ),
    ).toEqual([]);
  });

  it("yields each event as it arrives, asking for text/event-stream, and ends at [DONE]", async () => {
    const chunks = ['data: {"delta":"Hel', 'lo"}\n\n', 'data: {"delta":", world"}\n\n', "data: [DONE]\n\n"];
    server.reset([sse(chunks)]);
    const seen: { delta: string; sent: number }[] = [];
    for await (const chunk of client().completions.createEvents({ requestBody: { prompt: "hi", stream: true } })) {
      seen.push({ delta: chunk.delta, sent: server.requests[0]!.sent });
    }
    expect(seen.map((chunk) => chunk.delta)).toEqual(["Hello", ", world"]);
    // The first event is whole once the second chunk is sent (at 150 ms): the caller had it while the server was still sending.
    expect(seen[0]!.sent).toBeLessThan(chunks.join("").length);
    const [request] = server.requests;
    expect(request!.headers.accept).toBe("text/event-stream");
    expect(JSON.parse(request!.body.toString())).toEqual({ prompt: "hi", stream: true });
  });

  it("an error status throws its typed error before any event; a string schema yields each event as sent", async () => {
    server.reset([json(400, { error: "prompt too long" })]);
    const error = await thrownBefore(client().completions.createEvents({ requestBody: { prompt: "x" } }));
    expect(error).toBeInstanceOf(generated.BadRequestError);
    expect((error as { body: unknown }).body).toEqual({ error: "prompt too long" });

    server.reset([sse(["data: started\n\n", "event: warn\ndata: disk at 90%\n\n"])]);
    const lines = [];
    for await (const event of client().logs.tailEvents()) lines.push(event);
    expect(lines).toEqual([{ data: "started" }, { event: "warn", data: "disk at 90%" }]);
  });

  it("an answer offered both as bytes and as events: the call reads the bytes intact (a Blob), the Events method the events", async () => {
    const bytes = "PK\u0003\u0004 \u0000\u00ff\u00fe zipped";
    server.reset([{ status: 200, headers: { "content-type": "application/octet-stream" }, body: bytes }]);
    const file: Blob = await client().exports.download({ exportId: "e1" });
    expect(file).toBeInstanceOf(Blob);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from(bytes));
    // The call asks for the bytes; the events are the Events method's to ask for.
    expect(server.requests[0]!.headers.accept).toBe("application/octet-stream");

    server.reset([sse(['data: {"percent":50}\n\n', 'data: {"percent":100}\n\n'])]);
    const progress = [];
    for await (const event of client().exports.downloadEvents({ exportId: "e1" })) progress.push(event.percent);
    expect(progress).toEqual([50, 100]);
    expect(server.requests[0]!.headers.accept).toBe("text/event-stream");
  });

  it("checks the request as every call does, before anything is sent", async () => {
    server.reset([]);
    const error = await thrownBefore(client().completions.createEvents({ requestBody: { prompt: "x" }, oops: 1 }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('completions.create: unknown parameter "oops" (expected one of: requestBody)');
    expect(server.requests).toHaveLength(0);
  });
});

describe("an operation marked x-syncline-stream (its spec documents the whole answer only)", () => {
  it("gets its ...Events method, typed by the extension's schema; an operation sharing its answer does not", async () => {
    expect(
      typeErrorsIn(
        "usage-marked.ts",
        `import { createDemoClient, type CreateChatEvent } from "./index";
export async function usage() {
  const client = createDemoClient({});
  for await (const chunk of client.chats.createEvents({ requestBody: { stream: true } })) {
    const typed: CreateChatEvent = chunk;
    console.log(typed.delta);
  }
  const whole: { text: string } = await client.chats.create({ requestBody: {} });
  // @ts-expect-error: the answer it shares is not marked
  client.chats.getEvents;
  return whole;
}
`,
      ),
    ).toEqual([]);

    server.reset([sse(['data: {"delta":"Hi"}\n\n', "data: [DONE]\n\n"])]);
    const deltas = [];
    for await (const chunk of client().chats.createEvents({ requestBody: { stream: true } })) deltas.push(chunk.delta);
    expect(deltas).toEqual(["Hi"]);
    expect(server.requests[0]!.headers.accept).toBe("text/event-stream");
    // The plain call still asks for, and reads, the JSON.
    server.reset([json(200, { text: "Hi" })]);
    expect(await client().chats.create({ requestBody: {} })).toEqual({ text: "Hi" });
    expect(generated.chatsGetEvents).toBeUndefined();
  });

  it("refuses a media type that does not stream, naming the operation", () => {
    const doc = { paths: { "/x": { post: { "x-syncline-stream": { mediaType: "application/json" }, responses: { "200": { description: "x" } } } } } };
    expect(() => streamedAnswers(doc)).toThrow(
      '/x post: x-syncline-stream needs a mediaType of text/event-stream or JSON lines (application/x-ndjson, application/jsonl), got "application/json"',
    );
  });
});

describe("an operation that answers with JSON lines (NDJSON)", () => {
  it("gets a ...Lines method and function, typed by the NDJSON schema; the call reads the JSON beside it", () => {
    expect(
      typeErrorsIn(
        "usage-lines.ts",
        `import { createDemoClient, createDemoCore, exportsListRowsLines, type ListRowsLine, type ListRowsResponse } from "./index";
export async function usage() {
  const client = createDemoClient({});
  for await (const row of client.exports.listRowsLines({ exportId: "e1" })) {
    const id: number = row.id;
    // @ts-expect-error: a line carries what the schema says, nothing else
    row.delta;
    console.log(id);
  }
  const typed: ListRowsLine = { id: 1 };
  for await (const row of exportsListRowsLines(createDemoCore({}), { exportId: "e1" })) console.log(row.name, typed);
  // The call: the whole answer as JSON, an array of rows.
  const all: ListRowsResponse = await client.exports.listRows({ exportId: "e1" });
  const first: number | undefined = all[0]?.id;
  // @ts-expect-error: the request is the operation's
  client.exports.listRowsLines({});
  return first;
}
`,
      ),
    ).toEqual([]);
  });

  it("yields each line as it arrives, asking for application/x-ndjson; the call asks for JSON", async () => {
    const chunks = ['{"id":1,"na', 'me":"a"}\n{"id":2}\n', '\n{"id":3,"name":"c"}\n'];
    server.reset([{ chunked: { chunks, everyMs: GAP_MS, contentType: "application/x-ndjson" } }]);
    const seen: { id: number; sent: number }[] = [];
    for await (const row of client().exports.listRowsLines({ exportId: "e1" })) seen.push({ id: row.id, sent: server.requests[0]!.sent });
    expect(seen.map((row) => row.id)).toEqual([1, 2, 3]);
    // The first line is whole once the second chunk is sent: the caller had it while the server was still sending.
    expect(seen[0]!.sent).toBeLessThan(chunks.join("").length);
    expect(server.requests[0]!.headers.accept).toBe("application/x-ndjson");
    expect(server.requests[0]!.path).toBe("/exports/e1/rows");

    server.reset([json(200, [{ id: 1 }, { id: 2 }])]);
    expect(await client().exports.listRows({ exportId: "e1" })).toEqual([{ id: 1 }, { id: 2 }]);
    expect(server.requests[0]!.headers.accept).not.toContain("ndjson");
  });

  it("an error status throws its typed error before any line; a malformed line is an InvalidResponseError", async () => {
    server.reset([json(400, { error: "no such export" })]);
    const error = await thrownBefore(client().exports.listRowsLines({ exportId: "e1" }));
    expect(error).toBeInstanceOf(generated.BadRequestError);

    server.reset([{ chunked: { chunks: ['{"id":1}\n', "{oops\n"], everyMs: 10, contentType: "application/x-ndjson" } }]);
    const rows: number[] = [];
    const malformed = await (async () => {
      for await (const row of client().exports.listRowsLines({ exportId: "e1" })) rows.push(row.id);
    })().catch((thrown: unknown) => thrown);
    expect(rows).toEqual([1]);
    expect(malformed).toBeInstanceOf(generated.InvalidResponseError);
  });
});

describe("a download (bytes or text): its ...Stream method hands the body on as it arrives", () => {
  it("resolves when the headers arrive, with the bytes intact and the Accept the call sends; only downloads get one", async () => {
    expect(
      typeErrorsIn(
        "usage-download.ts",
        `import { createDemoClient, createDemoCore, exportsDownloadStream } from "./index";
export async function usage() {
  const client = createDemoClient({});
  const response: Response = await client.exports.downloadStream({ exportId: "e1" }, { maxResponseBytes: 1 << 30 });
  const same: Response = await exportsDownloadStream(createDemoCore({}), { exportId: "e1" });
  // @ts-expect-error: events only, read by tailEvents
  client.logs.tailStream;
  // @ts-expect-error: JSON, read whole by the call
  client.exports.listRowsStream;
  return [response.body, same.status];
}
`,
      ),
    ).toEqual([]);

    const chunks = ["PK\u0003\u0004", " \u0000\u00ff\u00fe ", "zipped"];
    server.reset([{ chunked: { chunks, everyMs: GAP_MS, contentType: "application/octet-stream" } }]);
    const response: Response = await client().exports.downloadStream({ exportId: "e1" });
    // The headers are here while the server still sends the body.
    expect(server.requests[0]!.sent).toBeLessThan(Buffer.from(chunks.join("")).length);
    expect([response.status, response.headers.get("content-type")]).toEqual([200, "application/octet-stream"]);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(chunks.join("")));
    expect(server.requests[0]!.headers.accept).toBe("application/octet-stream");
  });

  it("an error status throws its typed error; a cap set by the call ends the download with ResponseTooLargeError", async () => {
    server.reset([json(404, { error: "no such export" })]);
    await expect(client().exports.downloadStream({ exportId: "e1" })).rejects.toBeInstanceOf(generated.NotFoundError);

    server.reset([{ chunked: { chunks: ["0123456789", "0123456789"], everyMs: 10, contentType: "application/octet-stream" } }]);
    const response: Response = await client().exports.downloadStream({ exportId: "e1" }, { maxResponseBytes: 15 });
    await expect(response.arrayBuffer()).rejects.toBeInstanceOf(generated.ResponseTooLargeError);
  });
});
