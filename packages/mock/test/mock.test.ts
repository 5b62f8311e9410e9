// The mock through the real client packages: lifecycle, validation, auth, faults.
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BadRequestError, createCommerceClient, NotFoundError, UnauthorizedError } from "@syncline/commerce";
import { createPlatformClient, createPlatformCore, fetchStream, readJsonEvents, readJsonLines } from "@syncline/platform";
import { createPowensApp, createPowensClient } from "@syncline/powens";
import { clientCredentialsAuth, UnauthorizedError as TokenRefused } from "@syncline/runtime";
import { DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startMockServer, type MockServer } from "../src/index";

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const fast = { strategy: "backoff", backoff: { initialInterval: 5, maxInterval: 1500 } } as const;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ api: "all" });
});
afterAll(() => mock.close());

const commerce = () => createCommerceClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.commerce!, retries: fast });
const powens = () => createPowensClient({ accessToken: DEFAULT_ACCESS_TOKEN, baseUrl: mock.urls.powens!, retries: fast });

describe("Codat lifecycle", () => {
  it("create -> PendingAuth with linkUrl; get; updateAuthorization stores; unlink; delete -> 404", async () => {
    const client = commerce();
    const created = await client.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
    expect(created).toMatchObject({ status: "PendingAuth", platformName: "Xero", integrationKey: "gbol" });
    expect(created.linkUrl).toBe(`https://link-api.codat.io/companies/${companyId}/connections/${created.id}/start`);
    const ids = { companyId, connectionId: created.id };
    expect((await client.connections.get(ids)).id).toBe(created.id);
    const authorized = await client.connections.updateAuthorization({ ...ids, requestBody: { shopDomain: "acme.myshopify.com" } });
    expect(authorized.connectionInfo).toEqual({ shopDomain: "acme.myshopify.com" });
    expect((await client.connections.unlink(ids)).status).toBe("Unlinked");
    expect(await client.connections.delete(ids)).toBeUndefined();
    await expect(client.connections.get(ids)).rejects.toBeInstanceOf(NotFoundError);
    const page = await client.connections.list({ companyId });
    expect(page.results.map((c) => c.id)).not.toContain(created.id);
  });

  it("list honours page, pageSize, orderBy and query, with correct _links", async () => {
    const client = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.platform! });
    const company = (await client.companies.create({ requestBody: { name: "Paging test" } })).id;
    const made = [];
    for (const key of ["gbol", "dfxm", "gbol", "qhyg", "gcsu"] as const)
      made.push(await client.connections.create({ companyId: company, requestBody: { platformKey: key } }));
    await client.connections.unlink({ companyId: company, connectionId: made[1]!.id });
    const page1 = await client.connections.list({ companyId: company, page: 1, pageSize: 2, orderBy: "platformName" });
    expect(page1.results.map((c) => c.platformName)).toEqual(["Basiq", "QuickBooks Online"]);
    expect(page1._links).toEqual({
      self: { href: `/companies/${company}/connections` },
      current: { href: `/companies/${company}/connections?page=1&pageSize=2` },
      next: { href: `/companies/${company}/connections?page=2&pageSize=2` },
    });
    const page3 = await client.connections.list({ companyId: company, page: 3, pageSize: 2, orderBy: "platformName" });
    expect(page3._links.next).toBeUndefined();
    expect(page3._links.previous).toEqual({ href: `/companies/${company}/connections?page=2&pageSize=2` });
    expect(page3.totalResults).toBe(5);
    const unlinked = await client.connections.list({ companyId: company, query: "status=Unlinked" });
    expect(unlinked.results.map((c) => c.id)).toEqual([made[1]!.id]);
    const all = [];
    for await (const c of client.connections.listAll({ companyId: company, pageSize: 2 })) all.push(c.id);
    expect(all.sort()).toEqual(made.map((c) => c.id).sort());
    await expect(client.connections.list({ companyId: company, query: "status" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("companies own their connections: create, tag, list, update, replace; deleting one removes its connections", async () => {
    const client = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.platform!, retries: fast });
    const company = await client.companies.create({ requestBody: { name: "Lifecycle Ltd", tags: { region: "fr" } } });
    expect(company).toMatchObject({ name: "Lifecycle Ltd", description: null, redirect: `https://link.codat.io/company/${company.id}`, dataConnections: [] });
    const connection = await client.connections.create({ companyId: company.id, requestBody: { platformKey: "qhyg" } });
    expect((await client.companies.get({ companyId: company.id })).dataConnections?.map((c) => c.id)).toEqual([connection.id]);
    const tagged = await client.companies.list({ tags: "region=fr" });
    expect(tagged.results.map((c) => c.id)).toEqual([company.id]);
    expect((await client.companies.update({ companyId: company.id, requestBody: { description: "Signed." } })).tags).toEqual({ region: "fr" });
    const replaced = await client.companies.replace({ companyId: company.id, requestBody: { name: "Lifecycle SAS" } });
    expect(replaced).toMatchObject({ name: "Lifecycle SAS", description: null, tags: {} });
    expect(await client.companies.delete({ companyId: company.id })).toBeUndefined();
    await expect(client.connections.get({ companyId: company.id, connectionId: connection.id })).rejects.toMatchObject({
      status: 404,
      body: { error: `No company was found with ID ${company.id}` },
    });
    await expect(client.connections.list({ companyId: company.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a connection names a known integration; integrations list, get and branding", async () => {
    const client = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.platform!, retries: fast });
    const keys = [];
    for await (const integration of client.integrations.listAll({ pageSize: 2 })) keys.push(integration.key);
    expect(keys.sort()).toEqual(["dfxm", "gbol", "gcsu", "qhyg"]);
    expect(await client.integrations.get({ platformKey: "gbol" })).toMatchObject({ name: "Xero", enabled: true, sourceType: "Accounting" });
    expect((await client.integrations.getBranding({ platformKey: "gbol" })).logo?.square?.image?.src).toMatch(/^https:\/\/static\.codat\.io\//);
    await expect(client.integrations.get({ platformKey: "zzzz" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.connections.create({ companyId, requestBody: { platformKey: "zzzz" } })).rejects.toMatchObject({
      status: 400,
      body: { validation: { errors: [{ itemId: "platformKey" }] } },
    });
  });

  it("completing the link flow (in process, or POST /__mock/link) makes a connection Linked", async () => {
    const client = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: mock.urls.platform!, retries: fast });
    const first = await client.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
    expect(first.status).toBe("PendingAuth");
    expect(mock.completeLink(first.linkUrl)).toBe(true);
    expect(await client.connections.get({ companyId, connectionId: first.id })).toMatchObject({ status: "Linked", lastSync: expect.any(String) });
    const second = await client.connections.create({ companyId, requestBody: { platformKey: "dfxm" } });
    const linked = await fetch(`${mock.url}/__mock/link`, { method: "POST", body: JSON.stringify({ linkUrl: second.linkUrl }) });
    expect(linked.status).toBe(204);
    expect((await client.connections.get({ companyId, connectionId: second.id })).status).toBe("Linked");
    const unknown = await fetch(`${mock.url}/__mock/link`, { method: "POST", body: JSON.stringify({ linkUrl: "https://link-api.codat.io/nope" }) });
    expect(unknown.status).toBe(404);
    expect(mock.completeLink("not a url")).toBe(false);
  });

  it("getSyncFlowUrl returns a URL with a fresh one-time passcode", async () => {
    const first = await commerce().connections.getSyncFlowUrl({ commerceKey: "gcsu", accountingKey: "gbol" });
    const second = await commerce().connections.getSyncFlowUrl({ commerceKey: "gcsu", accountingKey: "gbol" });
    expect(first.url).toMatch(/^https:\/\/sync-flow-integration\.codat\.io\/[0-9a-f-]{36}\/gcsu\/gbol\/start\?otp=\d{6}$/);
    expect(first.url).not.toBe(second.url);
  });
});

describe("validation and auth, in each API's own error shape", () => {
  it("an invalid body is a 400 ErrorMessage listing the violations", async () => {
    const error = await commerce()
      .connections.create({ companyId, requestBody: { platformKey: "TOO-LONG" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const body = (error as BadRequestError).body as { validation: { errors: { message: string }[] } };
    expect(body.validation.errors.map((e) => e.message).join("; ")).toMatch(/requestBody\.platformKey must NOT have more than 4 characters/);
  });

  it("a bad query parameter is listed too (pageSize 0)", async () => {
    const error = (await commerce()
      .connections.list({ companyId, pageSize: 0 })
      .catch((e: unknown) => e)) as BadRequestError;
    expect(error.status).toBe(400);
    expect(JSON.stringify(error.body)).toContain("query.pageSize must be >= 1");
  });

  it("wrong or missing credentials are 401 in Codat's and Powens's formats", async () => {
    const codat = (await createCommerceClient({ apiKey: "wrong", baseUrl: mock.urls.commerce! })
      .connections.list({ companyId })
      .catch((e: unknown) => e)) as UnauthorizedError;
    expect(codat).toBeInstanceOf(UnauthorizedError);
    expect(codat.body).toMatchObject({ statusCode: 401, error: expect.stringContaining("Basic <base64 of the API key>") });
    const pw = (await createPowensClient({ accessToken: "wrong", baseUrl: mock.urls.powens! })
      .connections.listUserConnections()
      .catch((e: unknown) => e)) as UnauthorizedError;
    expect(pw.body).toMatchObject({ code: "forbidden" });
    const bare = await fetch(`${mock.urls.commerce}/companies/${companyId}/connections`);
    expect(bare.status).toBe(401);
  });

  it("a Powens request with a bad id is a ServiceError", async () => {
    const response = await fetch(`${mock.urls.powens}/users/me/connections/abc`, { headers: { authorization: `Bearer ${DEFAULT_ACCESS_TOKEN}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalidValue", description: expect.stringContaining("connectionId") });
  });
});

describe("Powens onboarding: users, tokens, codes, connectors", () => {
  const app = () => createPowensApp({ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, baseUrl: mock.urls.powens!, retries: fast });

  it("auth/init gives a new user a permanent token that only reaches that user's data; deleting the user ends it", async () => {
    const { idUser, accessToken, client } = await app().createUser();
    expect(accessToken).not.toBe(DEFAULT_ACCESS_TOKEN);
    expect(await client.users.getMe()).toMatchObject({ id: idUser, signin: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    const mine = await client.connections.createUserConnection({
      requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", login: "u", password: "p" },
    });
    expect(mine.id_user).toBe(idUser);
    // Another user's token sees none of it.
    await expect(powens().connections.getUserConnection({ connectionId: mine.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await powens().connections.listUserConnections()).connections.map((c) => c.id)).not.toContain(mine.id);
    expect(await client.users.deleteMe()).toBeUndefined();
    await expect(client.users.getMe()).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("refuses wrong app credentials; without any, the token is temporary (30 minutes)", async () => {
    const wrong = createPowensApp({ clientId: DEFAULT_CLIENT_ID, clientSecret: "not-it", baseUrl: mock.urls.powens!, retries: false });
    await expect(wrong.createUser()).rejects.toMatchObject({ status: 401, body: { code: "forbidden" } });
    const anonymous = await createPowensClient({ accessToken: "unused", baseUrl: mock.urls.powens! }).authentication.init();
    expect(anonymous).toMatchObject({ type: "temporary", expires_in: 1800 });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31 * 60_000 });
    try {
      await expect(app().userClient(anonymous.auth_token).users.getMe()).rejects.toBeInstanceOf(UnauthorizedError);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the webview takes the user's temporary code (once, for singleAccess; never after 30 minutes) and adds the connection to that user", async () => {
    const powensApp = app();
    const { idUser, client } = await powensApp.createUser();
    const { code, access } = await client.authentication.getCode({ type: "singleAccess" });
    expect(access).toBe("single");
    const open = (token: string) =>
      client.connections.openWebAuth({
        client_id: Number(DEFAULT_CLIENT_ID),
        token,
        redirect_uri: "https://example.com/cb",
        connector_uuid: "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f",
      });
    const back = new URL(await open(code));
    const added = await client.connections.getUserConnection({ connectionId: Number(back.searchParams.get("id_connection")) });
    expect(added).toMatchObject({ id_user: idUser, connector_uuid: "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f" });
    await expect(open(code)).rejects.toMatchObject({ status: 400, body: { code: "invalidValue" } });
    const later = (await client.authentication.getCode()).code;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31 * 60_000 });
    try {
      await expect(open(later)).rejects.toMatchObject({ status: 400 });
    } finally {
      vi.useRealTimers();
    }
    expect(powensApp.webauthUrl({ token: "c", redirect_uri: "https://example.com/cb" })).toContain(`client_id=${DEFAULT_CLIENT_ID}`);
  });

  it("a code exchanged with the app's credentials gives the same user a new permanent token; connectors need no user", async () => {
    const powensApp = app();
    const { idUser, client } = await powensApp.createUser();
    const { code } = await client.authentication.getCode();
    const exchanged = await powensApp.exchangeCode({ code });
    expect((await exchanged.client.users.getMe()).id).toBe(idUser);
    const { connectors } = await powensApp.listConnectors({ expand: ["fields"] });
    expect(connectors.map((c) => c.uuid)).toContain("338178e6-3d01-564f-9a7b-52ca442459bf");
    expect(connectors.find((c) => c.auth_mechanism === "credentials")?.fields?.map((f) => f.name)).toEqual(["login", "password"]);
    expect(() => createPowensApp({ clientId: DEFAULT_CLIENT_ID, clientSecret: " ", baseUrl: mock.urls.powens! })).toThrow(
      "createPowensApp: clientSecret is required (a non-empty string)",
    );
  });
});

describe("Powens lifecycle", () => {
  it("what expand embeds (connector, sources, accounts) is valid for the spec's Connection schema", async () => {
    const client = powens();
    const created = await client.connections.createUserConnection({
      requestBody: { connector_uuid: "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f", username: "u", password: "p" },
    });
    const full = await client.connections.getUserConnection({ connectionId: created.id, expand: ["connector", "sources", "accounts", "all_accounts"] });
    // The bundled spec, as the generator reads it (scripts/lib is plain JavaScript: imported by URL).
    const specLoader = new URL("../../../scripts/lib/spec-loader.mjs", import.meta.url).href;
    const { loadSpec } = (await import(specLoader)) as { loadSpec: (file: string) => Promise<{ root: object }> };
    const spec = await loadSpec(new URL("../../../specs/powens.yaml", import.meta.url).pathname);
    // Formats are checked where JSON Schema defines them; Powens's own (sql-date-time, monetary, iban...) are notes.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const format of ["int32", "int64", "float", "double", "sql-date-time", "monetary", "hex-color", "iban", "iso-4217", "iso-3166-1-alpha-2", "url"]) {
      ajv.addFormat(format, true);
    }
    ajv.addSchema(spec.root, "powens");
    const validate = ajv.getSchema("powens#/components/schemas/Connection")!;
    expect(validate(full) ? [] : validate.errors).toEqual([]);
    expect(full.connector).toMatchObject({ uuid: "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f", capabilities: ["bank"], restricted: false });
    expect(full.accounts?.[0]).toMatchObject({ balance: 1234.56, usage: "PRIV", original_name: "CPT COURANT" });
  });

  it("create, list with expand, sync (last_update moves), background, webauth redirect, delete 204", async () => {
    const client = powens();
    const created = await client.connections.createUserConnection({
      requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", username: "test", password: "hello" },
    });
    expect(created).toMatchObject({ id_connector: 59, active: true, state: null });
    const { connections } = await client.connections.listUserConnections({ expand: ["connector", "accounts"] });
    expect(connections.find((c) => c.id === created.id)).toMatchObject({
      connector: { name: "Connecteur de test", auth_mechanism: "credentials" },
      accounts: [{ id_connection: created.id, type: "checking", currency: { id: "EUR" } }],
    });
    const synced = await client.connections.updateSyncUserConnection({ connectionId: created.id });
    expect(synced.last_update! > created.last_update!).toBe(true);
    const started = await client.connections.updateSyncUserConnection({ connectionId: created.id, background: true });
    expect(started.state).toBe("validating");
    await new Promise((resolve) => setTimeout(resolve, 80));
    const done = await client.connections.getUserConnection({ connectionId: created.id });
    expect(done.state).toBeNull();
    expect(done.last_update! > synced.last_update!).toBe(true);
    const { code } = await client.authentication.getCode();
    const location = await client.connections.openWebAuth({
      client_id: Number(DEFAULT_CLIENT_ID),
      token: code,
      redirect_uri: "https://example.com/cb",
      id_connection: created.id,
      state: "s-42",
    });
    expect(location).toBe(`https://example.com/cb?id_connection=${created.id}&state=s-42`);
    expect(await client.connections.deleteUserConnection({ connectionId: created.id })).toBeUndefined();
    await expect(client.connections.getUserConnection({ connectionId: created.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("wrong credentials are a 400 wrongpass", async () => {
    const error = (await powens()
      .connections.createUserConnection({ requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", password: "wrong" } })
      .catch((e: unknown) => e)) as BadRequestError;
    expect(error.body).toMatchObject({ code: "wrongpass" });
  });
});

describe("fault injection", () => {
  it("x-mock-fault: 503,429 fails attempts 1 and 2; the client rides it out on attempt 3", async () => {
    const started = performance.now();
    const page = await commerce().connections.list({ companyId }, { headers: { "x-mock-fault": "503,429" } });
    expect(page.pageNumber).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990); // 429 carried Retry-After: 1
  });

  it("queued faults: a reset and a delay apply to the next requests", async () => {
    mock.injectFaults(["reset", "delay:200"]);
    const started = performance.now();
    const { connections } = await powens().connections.listUserConnections();
    expect(Array.isArray(connections)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it("the control endpoint takes faults over HTTP", async () => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "POST", body: JSON.stringify({ faults: ["500"] }) });
    expect(response.status).toBe(204);
    const raw = await fetch(`${mock.urls.commerce}/companies/${companyId}/connections`, { headers: { authorization: `Basic ${btoa(DEFAULT_API_KEY)}` } });
    expect(raw.status).toBe(500);
    expect(raw.headers.get("x-rate-limit-limit")).toBe("12000");
  });
});

describe("browser apps and hostile input", () => {
  it("answers a CORS preflight, and every answer allows any origin", async () => {
    const preflight = await fetch(`${mock.urls.commerce}/companies/${companyId}/connections`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, x-syncline-attempt",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-syncline-attempt");
    const page = await fetch(`${mock.urls.commerce}/companies/${companyId}/connections`, { headers: { authorization: `Basic ${btoa(DEFAULT_API_KEY)}` } });
    expect(page.headers.get("access-control-allow-origin")).toBe("*");
    expect(page.headers.get("access-control-expose-headers")).toContain("retry-after");
  });

  it("refuses a request body over 1 MiB with 413, without reading it all (declared or streamed)", async () => {
    const post = (headers: Record<string, string>, chunks: number) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${mock.urls.commerce}/companies/${companyId}/connections`, { method: "POST", headers }, (res) => {
          resolve(res.statusCode!);
          res.resume();
        });
        req.on("error", reject); // only before an answer: resolve() already won after one
        for (let i = 0; i < chunks; i++) req.write(Buffer.alloc(64 * 1024));
      });
    // 8 MiB declared, 64 KiB sent: the answer comes without the rest.
    expect(await post({ "content-length": String(8 * 1024 * 1024) }, 1)).toBe(413);
    // No length declared: reading stops past 1 MiB.
    expect(await post({ "transfer-encoding": "chunked" }, 20)).toBe(413);
  });

  it("refuses a 1XX fault token instead of hanging the client", async () => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "POST", body: JSON.stringify({ faults: ["100"] }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("use a status from 200 to 599");
  });
});

describe("an OAuth2 token endpoint, for APIs whose clients fetch their own token (client credentials)", () => {
  const token = (body: string, headers: Record<string, string> = {}) =>
    fetch(mock.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
  const credentials = { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET };
  const basic = `Basic ${btoa(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`)}`;

  it("gives the runtime's clientCredentialsAuth a fresh bearer token, asked once and then reused", async () => {
    const auth = clientCredentialsAuth({ tokenUrl: mock.tokenUrl, ...credentials, scopes: ["read"] });
    const first = new Headers();
    await auth.apply(first, { url: mock.url });
    expect(first.get("authorization")).toMatch(/^Bearer mock-access-[0-9a-f-]{36}$/);
    const second = new Headers();
    await auth.apply(second, { url: mock.url });
    expect(second.get("authorization")).toBe(first.get("authorization"));
    // Another client gets its own token.
    const other = new Headers();
    await clientCredentialsAuth({ tokenUrl: mock.tokenUrl, ...credentials }).apply(other, { url: mock.url });
    expect(other.get("authorization")).not.toBe(first.get("authorization"));
  });

  it("answers as RFC 6749 says: the token (no-store, Bearer, expires_in, the scope asked), credentials in the header or the body", async () => {
    const answer = await token("grant_type=client_credentials&scope=read%20write", { authorization: basic });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.json()).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read write", access_token: expect.any(String) });
    const inBody = await token(`grant_type=client_credentials&client_id=${DEFAULT_CLIENT_ID}&client_secret=${DEFAULT_CLIENT_SECRET}`);
    expect(inBody.status).toBe(200);
  });

  it("refuses unknown or missing client credentials (401 invalid_client) and other grants (400 unsupported_grant_type)", async () => {
    const refusedHeaders: Record<string, string>[] = [{}, { authorization: `Basic ${btoa(`${DEFAULT_CLIENT_ID}:wrong`)}` }];
    for (const headers of refusedHeaders) {
      const refused = await token("grant_type=client_credentials", headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Basic/);
      expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    }
    const password = await token("grant_type=password&username=a&password=b", { authorization: basic });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: "unsupported_grant_type" });
    // The runtime turns the refusal into its typed error, the secret nowhere in it.
    const auth = clientCredentialsAuth({ tokenUrl: mock.tokenUrl, clientId: DEFAULT_CLIENT_ID, clientSecret: "not-the-secret" });
    const error = await Promise.resolve(auth.apply(new Headers(), { url: mock.url })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TokenRefused);
    expect(JSON.stringify(error) + String(error)).not.toContain("not-the-secret");
  });
});

/**
 * A Platform mock whose spec gains one operation at `route`, as a maintainer adds it before the
 * mock models it: a Companies operation with the spec's key auth and its 401.
 */
function platformMockWith(route: string, method: "get" | "post", operation: { responses: Record<string, unknown> } & Record<string, unknown>) {
  const spec = structuredClone(createRequire(import.meta.url)("@syncline/platform/openapi.json"));
  const unauthorized = spec.paths["/companies"].get.responses["401"];
  spec.paths[route] = {
    [method]: { tags: ["Companies"], ...operation, responses: { ...operation.responses, "401": unauthorized }, security: [{ auth_header: [] }] },
  };
  return startMockServer({ api: "platform", specs: { platform: spec } });
}

describe("an operation added to a spec before the mock models it", () => {
  it("answers from the spec's example, marked x-mock-answer, where the stateful mock has no handler", async () => {
    // Codat's refresh-all-data-types, as a maintainer adds it: the spec and nothing else.
    const added = await platformMockWith("/companies/{companyId}/data/all", "post", {
      operationId: "refresh-all-data-types",
      "x-syncline-method": "refreshAll",
      parameters: [{ name: "companyId", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      responses: { "202": { description: "Queued.", content: { "application/json": { schema: { type: "object" }, example: { queued: true } } } } },
    });
    try {
      const headers = { authorization: `Basic ${btoa(DEFAULT_API_KEY)}` };
      const response = await fetch(`${added.url}/companies/8a210b68-6988-11ed-a1eb-0242ac120002/data/all`, { method: "POST", headers });
      expect([response.status, response.headers.get("x-mock-answer"), await response.json()]).toEqual([202, "example", { queued: true }]);
      // Modelled operations are still the stateful mock's, unmarked; credentials are still checked.
      const companies = await fetch(`${added.url}/companies`, { headers });
      expect([companies.status, companies.headers.get("x-mock-answer")]).toEqual([200, null]);
      expect((await fetch(`${added.url}/companies/8a210b68-6988-11ed-a1eb-0242ac120002/data/all`, { method: "POST" })).status).toBe(401);
    } finally {
      await added.close();
    }
  });
});

describe("streams and bytes from the spec's examples", () => {
  it("answers in the media type the request accepts: server-sent events and JSON lines one per example, bytes as given", async () => {
    // An export a maintainer adds: its file, or its progress as events, or its rows as JSON lines.
    const added = await platformMockWith("/companies/{companyId}/exports/{exportId}", "get", {
      operationId: "download-export",
      "x-syncline-method": "downloadExport",
      parameters: [
        { name: "companyId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
        { name: "exportId", in: "path", required: true, schema: { type: "string" } },
      ],
      responses: {
        "200": {
          description: "The export, or its progress.",
          content: {
            "application/octet-stream": { schema: { type: "string", format: "binary" }, example: "id,total\n1,9.99\n" },
            "text/event-stream": {
              schema: { type: "object", properties: { percent: { type: "integer" } } },
              examples: { started: { value: { percent: 0 } }, done: { value: { percent: 100 } } },
            },
            "application/x-ndjson": {
              schema: { type: "object", properties: { id: { type: "integer" } } },
              examples: { first: { value: { id: 1 } }, second: { value: { id: 2 } } },
            },
          },
        },
      },
    });
    try {
      const core = createPlatformCore({ apiKey: DEFAULT_API_KEY, baseUrl: added.url, retries: false });
      const url = `${added.url}/companies/8a210b68-6988-11ed-a1eb-0242ac120002/exports/e1`;
      const progress = [];
      for await (const event of readJsonEvents<{ percent: number }>(await fetchStream(core, new Request(url, { headers: { accept: "text/event-stream" } })))) {
        progress.push(event.percent);
      }
      expect(progress).toEqual([0, 100]);
      const rows = [];
      for await (const row of readJsonLines<{ id: number }>(await fetchStream(core, new Request(url, { headers: { accept: "application/x-ndjson" } })))) {
        rows.push(row.id);
      }
      expect(rows).toEqual([1, 2]);
      const file = await fetchStream(core, new Request(url, { headers: { accept: "application/octet-stream" } }));
      expect([file.headers.get("content-type"), file.headers.get("x-mock-answer"), await file.text()]).toEqual([
        "application/octet-stream",
        "example",
        "id,total\n1,9.99\n",
      ]);
    } finally {
      await added.close();
    }
  });
});

describe("on IPv6", () => {
  it("host ::1 gives URLs a client accepts, the token URL too, and the APIs answer there", async () => {
    const ipv6 = await startMockServer({ api: "all", host: "::1" });
    try {
      expect(ipv6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(ipv6.tokenUrl.startsWith(`${ipv6.url}/`)).toBe(true);
      const platform = createPlatformClient({ apiKey: DEFAULT_API_KEY, baseUrl: ipv6.urls.platform!, retries: false });
      await expect(platform.companies.list({})).resolves.toMatchObject({ results: expect.any(Array) });
    } finally {
      await ipv6.close();
    }
  });
});
