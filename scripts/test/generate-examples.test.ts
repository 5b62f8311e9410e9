// Every @example the generator writes compiles, for a spec whose operations need
// what vendors' do: a required header (Xero's xero-tenant-id), a required cookie,
// a path parameter and a body; a declared Authorization header is left to the
// credentials, as OpenAPI says; and examples that do not match their schemas (a
// list written as "1,2", undeclared and readOnly fields, a required field left
// out, a field of another type, a string field's bare `true`). Each example is
// pasted as a reader would.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFixture, typeErrors } from "./helpers";

const spec = `openapi: 3.0.3
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
security: [{ token: [] }]
paths:
  /invoices/{invoiceId}:
    parameters:
      - { name: invoiceId, in: path, required: true, schema: { type: string }, example: inv-1 }
      - { name: xero-tenant-id, in: header, required: true, schema: { type: string }, example: tenant-1 }
      # OpenAPI says to ignore it (the security scheme sends it); UK Open Banking declares it anyway.
      - $ref: "#/components/parameters/Authorization"
    get:
      operationId: invoices_get
      tags: [Invoices]
      parameters:
        - { name: session, in: cookie, required: true, schema: { type: string } }
        - { name: If-Modified-Since, in: header, schema: { type: string } }
      responses:
        "200": { description: An invoice., content: { application/json: { schema: { type: object } } } }
    put:
      operationId: invoices_update
      tags: [Invoices]
      parameters:
        # A list whose example is written as one value, as vendors do.
        - { name: ids, in: query, required: true, schema: { type: array, items: { type: integer } }, example: "1,2" }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [total, currency]
              properties:
                total: { type: number }
                currency: { type: string }
                id: { type: string, readOnly: true }
                resume: { type: string, enum: [true] }
                metadata: { type: object, additionalProperties: true }
            # Xero's and Plaid's examples carry fields their schemas do not declare, leave out
            # required ones, or give a field of another type (OpenAI's metadata).
            example: { total: 10, id: "inv-1", Payments: [], resume: true, metadata: "none" }
      responses:
        "200": { description: Updated., content: { application/json: { schema: { type: object } } } }
  /disputes:
    post:
      operationId: disputes_create
      tags: [Disputes]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [reason, details]
              # Plaid's allOf over an enum, and no example: the smallest body the schema allows,
              # but not OpenAI's JSON text as the example of an object.
              properties:
                reason: { allOf: [{ $ref: "#/components/schemas/Reason" }] }
                details: { type: object, additionalProperties: true, example: '{"type": "object"}' }
      responses:
        "200": { description: Opened., content: { application/json: { schema: { type: object } } } }
components:
  schemas:
    Reason: { type: string, enum: [FRAUD, OTHER] }
  parameters:
    Authorization: { name: Authorization, in: header, required: true, schema: { type: string } }
  securitySchemes:
    token: { type: http, scheme: bearer }
`;

/** The code lines of each @example in a generated file's doc comments. */
function examples(file: string): string[] {
  const found: string[] = [];
  for (const block of readFileSync(file, "utf8").matchAll(/\* @example\n((?:\s*\* (?!@).*\n)+)/g)) {
    found.push(block[1]!.replace(/^\s*\* ?/gm, "").trim());
  }
  return found;
}

describe("generated examples", () => {
  it("every @example compiles, required headers and cookies included, Authorization left to the credentials", async () => {
    const { outDir } = await generatedFixture(spec);
    const [inClient, inOperations] = [examples(path.join(outDir, "client.ts")), examples(path.join(outDir, "operations.ts"))];
    expect(inClient.join("\n")).toContain('await demo.invoices.get({ invoiceId: "inv-1", "xero-tenant-id": "tenant-1", session: "…" });');
    expect(inClient.join("\n")).toContain(
      'await demo.invoices.update({ invoiceId: "inv-1", "xero-tenant-id": "tenant-1", ids: [1], requestBody: { total: 10, resume: "true", metadata: {}, currency: "…" } });',
    );
    expect(inClient.join("\n")).toContain('await demo.disputes.create({ requestBody: { reason: "FRAUD", details: {} } });');
    expect(inOperations.length).toBeGreaterThanOrEqual(3);
    writeFileSync(
      path.join(outDir, "examples.ts"),
      `import { createDemoClient, createDemoCore } from "./client";
import * as functions from "./operations";
declare const demo: ReturnType<typeof createDemoClient>;
declare const options: Parameters<typeof createDemoCore>[0];
export async function all() {
  const { disputesCreate, invoicesGet, invoicesUpdate } = functions;
${[...inClient, ...inOperations].map((example) => `  {\n    ${example.replaceAll("\n", "\n    ")}\n  }`).join("\n")}
  return [disputesCreate, invoicesGet, invoicesUpdate];
}
`,
    );
    expect(typeErrors([path.join(outDir, "examples.ts")])).toEqual([]);
  });
});
