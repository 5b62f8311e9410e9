// fileFromPath: a file on disk as a multipart part or binary body, read from disk as it is sent
// (no copy made before) and read again for a retry, against a real loopback server.
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { json, startFaultServer, status, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOperationClient, createPipeline, fileFromPath, multipartBody, type OperationSpec } from "../src/index";

let server: FaultServer;
let dir: string;
beforeAll(async () => {
  server = await startFaultServer();
  dir = mkdtempSync(path.join(tmpdir(), "syncline-file-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload: OperationSpec = { name: "files.upload", method: "PUT", path: "/files/1", body: true, encodeBody: multipartBody };
const fast = { strategy: "backoff", backoff: { initialInterval: 5, maxInterval: 10 }, maxAttempts: 2 } as const;
// Every byte value, 1 MiB of them.
const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) % 256);

describe("fileFromPath", () => {
  it("names the part after the file and sends its bytes; a retry reads the file again", async () => {
    const file = path.join(dir, "invoice 2026.pdf");
    writeFileSync(file, bytes);
    server.reset([status(503), json(200, {})]);
    const client = createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ retries: fast }) });
    await client.call(upload, { requestBody: { file: await fileFromPath(file, { type: "application/pdf" }) } });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      const form = await new Response(new Uint8Array(request.body), { headers: { "content-type": request.headers["content-type"]! } }).formData();
      const part = form.get("file") as File;
      expect([part.name, part.type]).toEqual(["invoice 2026.pdf", "application/pdf"]);
      // Compared as buffers: toEqual walks a megabyte item by item.
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it("reads the file when it is sent, not before: a file changed since is refused, not sent half old", async () => {
    const file = path.join(dir, "growing.log");
    writeFileSync(file, "first line\n");
    const part = await fileFromPath(file, { name: "today.log" });
    expect(part.name).toBe("today.log");
    appendFileSync(file, "second line\n");
    await expect(part.text()).rejects.toThrow();
  });

  it("a path that is not a file fails at once, naming it", async () => {
    await expect(fileFromPath(path.join(dir, "missing.pdf"))).rejects.toThrow(/^fileFromPath: cannot open ".*missing\.pdf": no such file/);
  });

  it("where files cannot be read (a browser), says so instead of failing somewhere inside", async () => {
    const process = globalThis.process as { getBuiltinModule?: unknown };
    const original = process.getBuiltinModule;
    process.getBuiltinModule = undefined;
    try {
      await expect(fileFromPath("invoice.pdf")).rejects.toThrow("fileFromPath needs a runtime that reads files");
    } finally {
      process.getBuiltinModule = original;
    }
  });
});
