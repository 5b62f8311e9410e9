// Every wire format the generator takes: request bodies (multipart with a
// file, form, octet-stream, text), responses (+json, 2XX, text, binary, empty,
// default), and parameters in headers, cookies and every path and query style.
// Generated from a fixture spec, type-checked, and called against a loopback
// server that records the exact request.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startFaultServer, type Fault, type FaultServer, type RecordedRequest } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, repoRoot, typeErrors } from "./helpers";

const spec = readFileSync(path.join(repoRoot, "scripts/test/fixtures/wire-formats.yaml"), "utf8");
let outDir: string;
let server: FaultServer;
// biome-ignore lint/suspicious/noExplicitAny: the generated module's shape is what the test asserts
let files: Record<string, (...args: any[]) => Promise<unknown>>;

// The server writes strings as UTF-8: these are the bytes that cross the wire.
const pdf = "%PDF-1.7 \u0000\u00ff binary";
/** Each path answers as the spec says it does. */
const route = (_: number, request: RecordedRequest): Fault => {
  const [pathname] = request.path.split("?");
  if (request.method === "POST" && pathname === "/files") return { status: 201, headers: { "content-type": "application/vnd.api+json" }, body: '{"id":"f1"}' };
  if (request.method === "GET" && pathname === "/files") return { status: 206, headers: { "content-type": "application/json" }, body: '["a"]' };
  if (request.method === "GET" && pathname === "/files/f1/content") return { status: 200, headers: { "content-type": "application/pdf" }, body: pdf };
  if (pathname === "/files/f1/report.csv") return { status: 200, headers: { "content-type": "text/csv" }, body: "id,name\n1,a\n" };
  // Operations documenting several kinds of answer: the file id says which one the server sends.
  if (pathname === "/files/as-pdf/export" || pathname === "/files/as-pdf/card")
    return { status: 200, headers: { "content-type": "application/pdf" }, body: pdf };
  if (pathname === "/files/as-csv/export") return { status: 200, headers: { "content-type": "text/csv; charset=utf-8" }, body: "id\n1\n" };
  if (pathname === "/files/as-json/card") return { status: 200, headers: { "content-type": "application/json" }, body: '{"id":"f1"}' };
  if (pathname === "/tokens") return { status: 200, headers: { "content-type": "application/json" }, body: '{"access_token":"t"}' };
  return { status: request.method === "HEAD" || request.method === "OPTIONS" ? 200 : 204 };
};

// biome-ignore lint/suspicious/noExplicitAny: a generated module's shape is what the test asserts
let generated: Record<string, any>;
beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
  server = await startFaultServer([], route);
  generated = await importGenerated(outDir);
  files = generated.createDemoClient({ accessToken: "t", baseUrl: server.url, retries: false }).files;
});
afterAll(async () => {
  await server?.close();
});

const only = () => {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
};

describe("wire formats", () => {
  it("type-checks, and types each body and result by its media type", () => {
    // What a caller writes, checked against the generated types.
    writeFileSync(
      path.join(outDir, "usage.ts"),
      `import { createDemoClient } from "./client";
const files = createDemoClient({ accessToken: "t" }).files;
export async function usage() {
  const created: { id?: string } = await files.upload({ requestBody: { file: new Blob(["x"]), purpose: "p" } });
  const found: string[] = await files.search({ "X-Request-Id": "r", filter: { kind: "pdf" } });
  const bytes: Blob = await files.download({ fileId: "f" });
  const csv: string = await files.report({ fileId: "f", format: "csv" });
  // Several kinds documented: a union, read by the content type the answer comes with.
  const exported: string | Blob = await files.export({ fileId: "f" });
  const card: { id: string } | Blob = await files.card({ fileId: "f" });
  // @ts-expect-error the export may be a PDF's bytes
  const onlyText: string = await files.export({ fileId: "f" });
  const nothing: undefined = await files.replace({ fileId: "f", requestBody: new Blob(["x"]) });
  // Bytes as a binary body or a file field: a Blob, an ArrayBuffer or a typed array (Node's Buffer is one).
  await files.replace({ fileId: "f", requestBody: new Uint8Array([1]) });
  await files.replace({ fileId: "f", requestBody: new ArrayBuffer(1) });
  await files.upload({ requestBody: { file: new Uint8Array([1]), purpose: "p" } });
  // A binary body may be a stream, sent as it is read; a multipart file field may not (a form holds its parts).
  await files.replace({ fileId: "f", requestBody: new ReadableStream<Uint8Array>() });
  // @ts-expect-error a file field takes bytes, not a stream
  await files.upload({ requestBody: { file: new ReadableStream<Uint8Array>(), purpose: "p" } });
  // The answer is still a Blob, whatever a request may send.
  // @ts-expect-error a download is a Blob, not a typed array
  const notBytes: Uint8Array = await files.download({ fileId: "f" });
  // @ts-expect-error a file field takes bytes, not a path
  await files.upload({ requestBody: { file: 42 } });
  // @ts-expect-error the header parameter is required
  await files.search({});
  return [created, found, bytes, csv, exported, card, onlyText, nothing, notBytes];
}
`,
    );
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts"), path.join(outDir, "usage.ts")])).toEqual([]);
  });

  it("multipart: a Blob is a file part, arrays repeat the field; the +json answer is parsed", async () => {
    server.reset([], route);
    const result = await files.upload({ requestBody: { file: new Blob(["hello"], { type: "text/plain" }), purpose: "notes", tags: ["a", "b"] } });
    expect(result).toEqual({ id: "f1" });
    const request = only();
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const body = request.body.toString();
    expect(body).toMatch(/name="file"; filename="blob"\r\nContent-Type: text\/plain\r\n\r\nhello\r\n/);
    expect(body).toMatch(/name="purpose"\r\n\r\nnotes\r\n/);
    expect(body.match(/name="tags"/g)).toHaveLength(2);
    expect(request.headers.accept).toBe("application/vnd.api+json");
    // Bytes in a file field are a file part too, not their JSON.
    server.reset([], route);
    await files.upload({ requestBody: { file: new Uint8Array([104, 105]), purpose: "bytes" } });
    expect(only().body.toString()).toMatch(/name="file"; filename="blob"\r\nContent-Type: application\/octet-stream\r\n\r\nhi\r\n/);
  });

  it("toFile (re-exported by a client that uploads): a named, typed file part from bytes, a stream or a Response, byte for byte", async () => {
    const { toFile } = generated;
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i); // every byte value, 0x00 and 0xFF included
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.subarray(0, 100));
          controller.enqueue(bytes.subarray(100));
          controller.close();
        },
      });
    const fromResponse = new Response(bytes, { headers: { "content-type": "image/png" } });
    Object.defineProperty(fromResponse, "url", { value: "https://cdn.example/assets/logo%20v2.png?size=1" });
    const cases: [Promise<File>, string, string][] = [
      [toFile(bytes, "all.bin", { type: "application/octet-stream" }), "all.bin", "application/octet-stream"],
      [toFile(bytes.buffer), "file", ""],
      [toFile(stream(), "streamed.csv", { type: "text/csv" }), "streamed.csv", "text/csv"],
      [toFile(fromResponse), "logo v2.png", "image/png"],
      [toFile(new File([bytes], "kept.dat", { type: "application/x-kept" })), "kept.dat", "application/x-kept"],
    ];
    for (const [made, name, type] of cases) {
      const file = await made;
      server.reset([], route);
      await files.upload({ requestBody: { file, purpose: name } });
      const request = only();
      // The part as a server reads it: filename, content type and the same 256 bytes.
      const form = await new Response(request.body, { headers: { "content-type": request.headers["content-type"]! } }).formData();
      const part = form.get("file") as File;
      expect([part.name, part.type], name).toEqual([name, type || "application/octet-stream"]);
      expect(new Uint8Array(await part.arrayBuffer()), name).toEqual(bytes);
    }
    await expect(toFile(42)).rejects.toThrow("toFile takes a Blob, ArrayBuffer, typed array, ReadableStream or Response, got number");
    // A file on disk, read as it is sent (packages/runtime/test/file-from-path.test.ts): re-exported beside it.
    expect(generated.fileFromPath).toBeTypeOf("function");
  });

  it("an operation documenting several kinds of answer reads each by the content type it comes with, bytes intact", async () => {
    server.reset([], route);
    const exportedPdf = await files.export({ fileId: "as-pdf" });
    expect(exportedPdf).toBeInstanceOf(Blob);
    expect(Buffer.from(await (exportedPdf as Blob).arrayBuffer())).toEqual(Buffer.from(pdf, "utf8"));
    expect(server.requests[0]!.headers.accept).toBe("text/csv, application/pdf");
    expect(await files.export({ fileId: "as-csv" })).toBe("id\n1\n");
    const cardPdf = await files.card({ fileId: "as-pdf" });
    expect(cardPdf).toBeInstanceOf(Blob);
    expect(Buffer.from(await (cardPdf as Blob).arrayBuffer())).toEqual(Buffer.from(pdf, "utf8"));
    expect(await files.card({ fileId: "as-json" })).toEqual({ id: "f1" });
  });

  it("query styles, a header and a cookie parameter; a 2XX answer is a success", async () => {
    server.reset([], route);
    const result = await files.search({ filter: { kind: "pdf", owner: "me" }, ids: [1, 2], words: ["a b", "c"], "X-Request-Id": "req-1", session: "s 1" });
    expect(result).toEqual(["a"]);
    const request = only();
    expect(request.path).toBe("/files?filter[kind]=pdf&filter[owner]=me&ids=1|2&words=a%20b%20c");
    expect(request.headers["x-request-id"]).toBe("req-1");
    expect(request.headers.cookie).toBe("session=s%201");
  });

  it("a binary answer is a Blob with its bytes and type; an octet-stream body is sent as is", async () => {
    server.reset([], route);
    const blob = (await files.download({ fileId: "f1" })) as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe("application/pdf");
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(Buffer.from(pdf, "utf8"));
    expect(server.requests[0]!.headers.accept).toBe("application/pdf");
    server.reset([], route);
    await expect(files.replace({ fileId: "f1", requestBody: new Uint8Array([0, 1, 255]) })).resolves.toBeUndefined();
    const request = only();
    expect(request.headers["content-type"]).toBe("application/octet-stream");
    expect([...request.body]).toEqual([0, 1, 255]);
  });

  it("a text answer is a string; a label path segment; HEAD and OPTIONS with a matrix segment", async () => {
    server.reset([], route);
    await expect(files.report({ fileId: "f1", format: "csv" })).resolves.toBe("id,name\n1,a\n");
    await expect(files.exists({ fileId: "f1" })).resolves.toBeUndefined();
    await expect(files.allowed({ coords: { x: 1, y: 2 } })).resolves.toBeUndefined();
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /files/f1/report.csv", "HEAD /files/f1/content", "OPTIONS /files/;x=1;y=2"]);
  });

  it("a form body (arrays repeat the field) and a text body", async () => {
    server.reset([], route);
    await expect(files.token({ requestBody: { grant_type: "client_credentials", scope: ["read", "write"] } })).resolves.toEqual({ access_token: "t" });
    await files.note({ requestBody: "remember the milk" });
    const [form, text] = server.requests;
    expect(form!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(form!.body.toString()).toBe("grant_type=client_credentials&scope=read&scope=write");
    expect(form!.headers.authorization).toBeUndefined(); // security: []
    expect(text!.headers["content-type"]).toBe("text/plain");
    expect(text!.body.toString()).toBe("remember the milk");
  });

  it("refuses what a style cannot carry, before sending", async () => {
    server.reset([], route);
    await expect(files.search({ "X-Request-Id": { a: 1 } })).rejects.toThrow(
      'files.search: header parameter "X-Request-Id" must be a string, number, boolean or array of them',
    );
    await expect(files.replace({ fileId: "f1", requestBody: { not: "bytes" } })).rejects.toThrow(
      "files.replace: requestBody must be a Blob, ArrayBuffer, typed array, string or ReadableStream, got object",
    );
    expect(server.requests).toHaveLength(0);
  });
});
