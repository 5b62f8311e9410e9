// A write whose spec declares an idempotency-key header (Xero's createInvoices, a PUT
// that creates; Stripe's POSTs) sends a key of its own, the same on every attempt,
// unless the caller gives one: retried after a 503, it is never a second write.
// Generated from a fixture spec and called against a loopback server.
import { readFileSync } from "node:fs";
import path from "node:path";
import { json, startFaultServer, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, typeErrors } from "./helpers";

const spec = `openapi: 3.0.3
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
paths:
  /invoices:
    put:
      operationId: invoices_create
      tags: [Invoices]
      parameters:
        - { name: Idempotency-Key, in: header, schema: { type: string } }
      requestBody:
        required: true
        content: { application/json: { schema: { type: object, properties: { total: { type: number } } } } }
      responses:
        "200": { description: Created., content: { application/json: { schema: { type: object } } } }
`;

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

const keys = () => server.requests.map((request) => request.headers["idempotency-key"]);

describe("an idempotency key the spec declares", () => {
  it("is sent by the client, the same on each attempt of a call and new for the next call", async () => {
    server.reset([json(503, {}), json(200, {}), json(200, {})]);
    const invoices = generated.createDemoClient({ baseUrl: server.url, retries: { backoff: { initialInterval: 1, maxInterval: 5 } } }).invoices;
    await invoices.create({ requestBody: { total: 10 } });
    await invoices.create({ requestBody: { total: 10 } });
    const [first, retried, next] = keys();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(retried).toBe(first);
    expect(next).toMatch(/^[0-9a-f-]{36}$/);
    expect(next).not.toBe(first);
  });

  it("is the caller's when given, and documented", async () => {
    server.reset([json(200, {})]);
    await generated.invoicesCreate(generated.createDemoCore({ baseUrl: server.url }), { "Idempotency-Key": "mine", requestBody: { total: 1 } });
    expect(keys()).toEqual(["mine"]);
    const doc = readFileSync(path.join(outDir, "client.ts"), "utf8").replace(/\n\s*\* /g, " ");
    expect(doc).toContain("Sends a new `Idempotency-Key` (the same on every attempt, so a retry is never a second write) unless you pass one.");
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
  });
});
