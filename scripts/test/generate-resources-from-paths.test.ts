// The shape of an API whose tags do not split it: one tag over many operations
// (Xero's 235 under "Accounting", Plaid's 329 under "plaid") becomes resources
// from the paths, and an untagged operation with a squashed operationId keeps
// word boundaries from its path. Generated, type-checked and inspected.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFixture, importGenerated, typeErrors } from "./helpers";

const RESOURCES = ["Invoices", "Contacts", "BankTransactions", "Items", "Journals", "Quotes", "Reports"];

/** A GET list, a PUT and a GET by id per resource under one tag and one path prefix (Xero's style), a POST, and an untagged GET. */
function spec(): string {
  const paths = RESOURCES.flatMap((name) => [
    `  /api.xro/2.0/${name}:\n    get: { operationId: get${name}, tags: [Accounting], responses: { "200": { description: ok } } }\n` +
      `    put: { operationId: create${name}, tags: [Accounting], responses: { "200": { description: ok } } }`,
    `  /api.xro/2.0/${name}/{id}:\n    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]\n` +
      `    get: { operationId: get${name.replace(/s$/, "")}, tags: [Accounting], responses: { "200": { description: ok } } }`,
  ]);
  paths.push(
    // Two operations under one second path word: a resource within the first.
    "  /api.xro/2.0/Invoices/{id}/Attachments:\n    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]\n" +
      "    get: { operationId: getInvoiceAttachments, tags: [Accounting], responses: { '200': { description: ok } } }",
    "  /api.xro/2.0/Invoices/{id}/Attachments/{FileName}:\n    parameters: [{ name: id, in: path, required: true, schema: { type: string } }, { name: FileName, in: path, required: true, schema: { type: string } }]\n" +
      "    put: { operationId: createInvoiceAttachmentByFileName, tags: [Accounting], responses: { '200': { description: ok } } }",
    "  /api.xro/2.0/transfer/intent/create:\n    post: { operationId: transferIntentCreate, tags: [Accounting], responses: { '200': { description: ok } } }",
    "  /api.xro/2.0/transfer/intent/get:\n    post: { operationId: transferIntentGet, tags: [Accounting], responses: { '200': { description: ok } } }",
    "  /api.xro/2.0/transactions/sync:\n    post: { operationId: transactionsSync, tags: [Accounting], responses: { '200': { description: ok } } }",
    // Untagged, with its operationId squashed into one word.
    "  /organization/spend_limit:\n    get: { operationId: getorganizationspendlimit, responses: { '200': { description: ok } } }",
  );
  return `openapi: 3.0.3
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
paths:
${paths.join("\n")}
`;
}

describe("resources from paths", () => {
  it("one tag over more than 20 operations: each resource from its path's first word (nested by a second one two operations share), method names trimmed of it", async () => {
    const { outDir } = await generatedFixture(spec());
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts")])).toEqual([]);
    const client = (await importGenerated(outDir)).createDemoClient({ baseUrl: "http://127.0.0.1:9" });
    expect(
      Object.keys(client)
        .filter((key) => typeof client[key] === "object" && !["pipeline"].includes(key))
        .sort(),
    ).toEqual(expect.arrayContaining(["bankTransactions", "contacts", "invoices", "items", "journals", "organization", "quotes", "reports", "transactions"]));
    expect(client.accounting).toBeUndefined();
    // The list and the one by id would both be "get": each keeps its whole operationId.
    expect(Object.keys(client.invoices).sort()).toEqual(["attachments", "create", "getInvoice", "getInvoices"]);
    expect(Object.keys(client.transactions)).toEqual(["sync"]);
    // Nested as the vendors' SDKs nest them: transfer.intent.create, invoices.attachments.
    expect(Object.keys(client.transfer)).toEqual(["intent"]);
    expect(Object.keys(client.transfer.intent)).toEqual(["create", "get"]);
    expect(Object.keys(client.invoices.attachments).sort()).toEqual(["createInvoiceAttachmentByFileName", "get"]);
    const functions = await importGenerated(outDir);
    expect(typeof functions.transferIntentCreate).toBe("function");
    expect(Object.keys(client.organization)).toEqual(["getSpendLimit"]);
  });
});
