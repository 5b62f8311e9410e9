// Every @example the generator writes compiles, for a spec whose operations need
// what vendors' do: a required header (Xero's xero-tenant-id), a required cookie,
// a path parameter and a body; a declared Authorization header is left to the
// credentials, as OpenAPI says. Each example is pasted as a reader would.
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
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [total]
              properties: { total: { type: number, example: 10 } }
      responses:
        "200": { description: Updated., content: { application/json: { schema: { type: object } } } }
components:
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
    expect(inOperations.length).toBeGreaterThanOrEqual(2);
    writeFileSync(
      path.join(outDir, "examples.ts"),
      `import { createDemoClient, createDemoCore } from "./client";
import * as functions from "./operations";
declare const demo: ReturnType<typeof createDemoClient>;
declare const options: Parameters<typeof createDemoCore>[0];
export async function all() {
  const { invoicesGet, invoicesUpdate } = functions;
${[...inClient, ...inOperations].map((example) => `  {\n    ${example.replaceAll("\n", "\n    ")}\n  }`).join("\n")}
  return [invoicesGet, invoicesUpdate];
}
`,
    );
    expect(typeErrors([path.join(outDir, "examples.ts")])).toEqual([]);
  });
});
