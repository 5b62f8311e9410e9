// Contract tests, independent of our own mock: Prism (Stoplight) serves each
// API's published spec with request validation on; every operation of every
// generated client is called, and any violation Prism reports fails the test.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort, startFaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceClient, operationSpecs as commerceOps } from "@syncline/commerce";
import { createPayablesClient, operationSpecs as payablesOps } from "@syncline/payables";
import { createPlatformClient, operationSpecs as platformOps } from "@syncline/platform";
import { createPowensClient, operationSpecs as powensOps } from "@syncline/powens";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const prismBin = path.join(repoRoot, "node_modules/.bin/prism");
const specOf = (api: string) => createRequire(import.meta.url).resolve(`@syncline/${api}/openapi.json`);

async function startPrism(api: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(prismBin, ["mock", specOf(api), "--host", "127.0.0.1", "--port", String(port), "--errors"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism for ${api} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`prism for ${api} exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

/** Every response passes through here: Prism's verdict is the sl-violations header. */
const violations: string[] = [];
const calls: { api: string; status: number }[] = [];
const recordingFetch =
  (api: string): typeof fetch =>
  async (input, init) => {
    const response = await fetch(input, init);
    const header = response.headers.get("sl-violations");
    const request = new Request(input, init);
    if (header) violations.push(`${api} ${request.method} ${request.url}: ${header}`);
    calls.push({ api, status: response.status });
    return response;
  };

/** What this test reads of the generator's model of an API (scripts/lib/describe-api.mjs). */
interface ApiModel {
  name: string;
  auth: { exampleSchemes: { kind: string; options: string[] }[] };
  operations: { resource: string; name: string; example: string; fixedBody?: unknown; operationId: string }[];
}
// Every API redocly.yaml lists, as the generator describes it: an API added since is tested here too.
const library = (file: string) => import(pathToFileURL(path.join(repoRoot, "scripts/lib", file)).href);
const { loadApis } = await library("apis.mjs");
const { describeApi } = await library("describe-api.mjs");
const { functionName } = await library("render-client.mjs");
const models: ApiModel[] = await Promise.all(loadApis().map((api: unknown) => describeApi(api, repoRoot)));

const prisms: Record<string, { url: string; process: ChildProcess }> = {};
beforeAll(async () => {
  const started = await Promise.all(models.map(async ({ name }) => [name, await startPrism(name)] as const));
  for (const [api, prism] of started) prisms[api] = prism;
}, 60_000);
afterAll(() => {
  for (const prism of Object.values(prisms)) prism.process.kill();
});

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const connectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171";
const ids = { companyId, connectionId };
const codatOptions = (api: string) => ({ apiKey: "prism-key", baseUrl: prisms[api]!.url, fetch: recordingFetch(api), retries: false as const });

/**
 * Calls every method, checks Prism flagged none of these calls and answered
 * each with a success, and returns the operationSpecs keys it exercised
 * (the standalone function names: connections.list is connectionsList).
 * Each test checks its own calls, so any one of them can run alone.
 */
async function exercise(methods: Record<string, () => Promise<unknown>>, resource = "connections"): Promise<string[]> {
  const [violationsBefore, callsBefore] = [violations.length, calls.length];
  for (const [name, call] of Object.entries(methods)) {
    await expect(call(), name).resolves.not.toBeInstanceOf(Error);
  }
  expect(violations.slice(violationsBefore)).toEqual([]);
  const own = calls.slice(callsBefore);
  expect(own.length).toBeGreaterThanOrEqual(Object.keys(methods).length);
  expect(own.filter((call) => call.status >= 400)).toEqual([]);
  return Object.keys(methods).map((method) => `${resource}${method[0]!.toUpperCase()}${method.slice(1)}`);
}

/** Every companies method of Payables and Platform (the same six operations in both). */
function exerciseCompanies(client: ReturnType<typeof createPayablesClient> | ReturnType<typeof createPlatformClient>): Promise<string[]> {
  return exercise(
    {
      list: () => client.companies.list({ pageSize: 10, tags: "region=uk" }),
      create: () => client.companies.create({ requestBody: { name: "Toft stores", tags: { region: "uk" } } }),
      get: () => client.companies.get({ companyId }),
      replace: () => client.companies.replace({ companyId, requestBody: { name: "Toft & sons" } }),
      update: () => client.companies.update({ companyId, requestBody: { description: "Signed." } }),
      delete: () => client.companies.delete({ companyId }),
    },
    "companies",
  );
}

describe("every API in redocly.yaml against Prism: each operation called as its documented @example calls it", () => {
  const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase());
  for (const model of models) {
    it(`${model.name}: every operation`, async () => {
      const client = await import(`@syncline/${model.name}`);
      // The credentials of the API's first security requirement; a client-credentials token comes from a loopback server.
      const kinds = model.auth.exampleSchemes.map((scheme) => scheme.kind);
      const tokenServer = kinds.includes("clientCredentials")
        ? await startFaultServer([], { status: 200, headers: { "content-type": "application/json" }, body: '{"access_token":"t","expires_in":3600}' })
        : undefined;
      const credentials = Object.fromEntries(model.auth.exampleSchemes.flatMap((scheme) => scheme.options.map((option) => [option, `prism-${option}`])));
      const api = client[`create${pascal(model.name)}Client`]({
        ...credentials,
        ...(tokenServer ? { tokenUrl: `${tokenServer.url}/token` } : {}),
        baseUrl: prisms[model.name]!.url,
        fetch: recordingFetch(model.name),
        retries: false,
      });
      const methods = Object.fromEntries(
        model.operations.map((op) => {
          const request = op.example ? new Function(`return (${op.example});`)() : undefined;
          if (op.fixedBody !== undefined) delete request?.requestBody; // the method sends its fixed body itself
          return [functionName(op.resource, op.name), () => api[op.resource][op.name](request)];
        }),
      );
      try {
        await exercise(methods);
      } finally {
        await tokenServer?.close();
      }
      expect(Object.keys(methods).sort()).toEqual(Object.keys(client.operationSpecs).sort());
    });
  }
});

// Realistic calls with every optional parameter, beside the @example calls above. These lists may lag
// behind a spec (an operation added needs no edit here: the test above calls every operation), but each
// method they call must still exist.
describe("clients against Prism (request validation on)", () => {
  it("commerce: every operation", async () => {
    const commerce = createCommerceClient(codatOptions("commerce"));
    const c = commerce.connections;
    const companies = await exercise(
      {
        list: () => commerce.companies.list({ page: 1, pageSize: 100, query: "name~Toft", orderBy: "-created" }),
        create: () => commerce.companies.create({ requestBody: { name: "Toft stores", description: "A merchant", tags: { region: "uk" } } }),
      },
      "companies",
    );
    const called = await exercise({
      list: () => c.list({ companyId, page: 1, pageSize: 100, query: "status=Linked", orderBy: "-modifiedDate" }),
      create: () => c.create({ companyId, requestBody: { platformKey: "gbol" } }),
      get: () => c.get(ids),
      updateConnection: () => c.updateConnection({ ...ids, requestBody: { status: "Linked" } }),
      delete: () => c.delete(ids),
      updateAuthorization: () => c.updateAuthorization({ ...ids, requestBody: { key: "value" } }),
      getSyncFlowUrl: () => c.getSyncFlowUrl({ commerceKey: "payment", accountingKey: "Manager", merchantIdentifier: "acme" }),
    });
    await c.unlink(ids);
    expect(Object.keys(commerceOps)).toEqual(expect.arrayContaining([...companies, ...called]));
  });

  it("payables: every operation", async () => {
    const client = createPayablesClient(codatOptions("payables"));
    const c = client.connections;
    const companies = await exerciseCompanies(client);
    const called = await exercise({
      list: () => c.list({ companyId, pageSize: 10 }),
      create: () => c.create({ companyId, requestBody: { platformKey: "gbol" } }),
      get: () => c.get(ids),
      delete: () => c.delete(ids),
      unlink: () => c.unlink(ids),
    });
    expect(Object.keys(payablesOps)).toEqual(expect.arrayContaining([...companies, ...called]));
  });

  it("platform: every operation", async () => {
    const client = createPlatformClient(codatOptions("platform"));
    const c = client.connections;
    const companies = await exerciseCompanies(client);
    const integrations = await exercise(
      {
        list: () => client.integrations.list({ query: "sourceType=Accounting" }),
        get: () => client.integrations.get({ platformKey: "gbol" }),
        getBranding: () => client.integrations.getBranding({ platformKey: "gbol" }),
      },
      "integrations",
    );
    const called = await exercise({
      list: () => c.list({ companyId }),
      create: () => c.create({ companyId }),
      get: () => c.get(ids),
      delete: () => c.delete(ids),
      unlink: () => c.unlink(ids),
      updateAuthorization: () => c.updateAuthorization({ ...ids, requestBody: { token: "t" } }),
    });
    await c.getAuthorizationUrl(ids);
    expect(Object.keys(platformOps)).toEqual(expect.arrayContaining([...companies, ...integrations, ...called]));
  });

  it("powens: every operation", async () => {
    const client = createPowensClient({ accessToken: "prism-token", baseUrl: prisms.powens!.url, fetch: recordingFetch("powens"), retries: false });
    const c = client.connections;
    const onboarding = [
      ...(await exercise(
        {
          init: () => client.authentication.init({ requestBody: { client_id: "12345678", client_secret: "secret" } }),
          getCode: () => client.authentication.getCode({ type: "singleAccess" }),
          exchangeCode: () => client.authentication.exchangeCode({ requestBody: { client_id: "12345678", client_secret: "secret", code: "c0de" } }),
        },
        "authentication",
      )),
      ...(await exercise({ getMe: () => client.users.getMe(), deleteMe: () => client.users.deleteMe() }, "users")),
      ...(await exercise({ list: () => client.connectors.list({ expand: ["fields", "countries"] }) }, "connectors")),
    ];
    const called = await exercise({
      listUserConnections: () => c.listUserConnections({ expand: ["connector", "accounts"] }),
      createUserConnection: () =>
        c.createUserConnection({ requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", username: "u", password: "p" }, expand: ["sources"] }),
      getUserConnection: () => c.getUserConnection({ connectionId: 37, expand: ["connector"] }),
      updateSyncUserConnection: () => c.updateSyncUserConnection({ connectionId: 37, background: true, requestBody: { resume: "true" } }),
      deleteUserConnection: () => c.deleteUserConnection({ connectionId: 37 }),
      openWebAuth: () =>
        c.openWebAuth({
          client_id: 12345678,
          token: "code",
          redirect_uri: "https://example.com/cb",
          connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf",
          state: "s",
        }),
    });
    expect(Object.keys(powensOps)).toEqual(expect.arrayContaining([...onboarding, ...called]));
  });

  it("the harness would have caught a violation: a request the spec forbids (pageSize 0) is flagged", async () => {
    const before = violations.length;
    const c = createCommerceClient(codatOptions("commerce")).connections;
    await expect(c.list({ companyId, pageSize: 0 })).rejects.toMatchObject({ status: 400 });
    expect(violations.slice(before)).toHaveLength(1);
    expect(violations.at(-1)).toContain("pagesize must be >= 1");
  });
});
