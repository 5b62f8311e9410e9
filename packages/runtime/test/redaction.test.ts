// Secrets never reach an error's message, stack, toString() or JSON, nor a log line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspect } from "node:util";
import {
  apiErrorFrom,
  apiKeyAuth,
  bearerAuth,
  codatAuth,
  createOperationClient,
  createPipeline,
  InvalidResponseError,
  pipelineFetch,
  REDACTED,
  redactUrl,
  secretFields,
  secretFieldsExcept,
  type ApiError,
  type OperationSpec,
  type SynclineError,
} from "../src/index";
import { startFaultServer, type Fault, type FaultServer } from "@syncline/test-utils";

const API_KEY = "sk-live-0123456789abcdef";
const BASIC = Buffer.from(API_KEY).toString("base64");
const TOKEN = "tok_9f8e7d6c5b4a39281706";
const SECRETS = [API_KEY, BASIC, TOKEN];

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

function everyTrace(error: unknown, logLines: string[]): string {
  const e = error as Error & { body?: unknown; rawBody?: string; requestId?: string };
  return [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.body), e.rawBody, e.requestId, inspect(e, { depth: 5 }), ...logLines].join("\n");
}

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const fast = { strategy: "backoff", backoff: { initialInterval: 5, maxInterval: 10 }, maxAttempts: 2 } as const;
const listCompanies: OperationSpec = { name: "companies.list", method: "GET", path: "/companies", json: true };

describe("redaction", () => {
  it("a 401 whose body echoes the credentials: error and logs hold no trace of the key", async () => {
    // Worst case: the server reflects the Authorization header in its error text.
    server.reset([], {
      status: 401,
      body: JSON.stringify({ statusCode: 401, error: `Invalid key Basic ${BASIC} (${API_KEY})`, correlationId: "c-1" }),
    });
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: codatAuth({ apiKey: API_KEY }), retries: fast, logger: { debug: (line) => logs.push(line) } });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(error.message).toContain(REDACTED);
    expect(logs).toHaveLength(1);
    expectNoSecret(everyTrace(error, logs));
    expectNoSecret(error.rawBody);
  });

  it("a timeout with a bearer token and a token in the query: no trace of either", async () => {
    server.reset([], { hang: true });
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: bearerAuth(() => TOKEN), retries: fast, timeoutMs: 50, logger: { debug: (line) => logs.push(line) } });
    const error = await pipelineFetch(pipeline)(new Request(`${server.url}/webauth?client_id=1&token=${TOKEN}`)).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
    expect((error as Error).message).toContain(`token=${encodeURIComponent(REDACTED)}`);
    expect(logs).toHaveLength(2);
    expectNoSecret(everyTrace(error, logs));
  });

  it("a connection error with a key in the request: no trace of the key", async () => {
    const closed = await startFaultServer();
    await closed.close();
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: codatAuth({ apiKey: API_KEY }), retries: fast, logger: { debug: (line) => logs.push(line) } });
    const error = await pipelineFetch(pipeline)(new Request(`${closed.url}/companies?api_key=${API_KEY}`)).catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConnectionError");
    expect(logs.join("\n")).toContain("ConnectionError");
    expectNoSecret(everyTrace(error, logs));
    // The cause chain is undici's own error: it carries no request headers either.
    expectNoSecret(String((error as Error).cause) + JSON.stringify((error as Error).cause));
  });

  it("log lines show only allow-listed response headers", async () => {
    server.reset([], { status: 503, headers: { "set-cookie": `session=${TOKEN}`, "x-request-id": "r-7", "retry-after": "0" } });
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: bearerAuth(TOKEN), retries: fast, logger: { debug: (line) => logs.push(line) } });
    await pipelineFetch(pipeline)(new Request(`${server.url}/x`));
    expect(logs[0]).toMatch(/^\[syncline\] GET http:\/\/127\.0\.0\.1:\d+\/x -> 503 \(attempt 1\/2, \d+ ms, retry in 0 ms\) x-request-id=r-7 retry-after=0$/);
    expectNoSecret(logs.join("\n"));
  });

  it("redactUrl hides credential-like query values and keeps the rest", () => {
    expect(redactUrl("https://x.biapi.pro/2.0/webauth?client_id=1&token=abc&redirect_uri=https%3A%2F%2Fa.b")).toBe(
      `https://x.biapi.pro/2.0/webauth?client_id=1&token=${encodeURIComponent(REDACTED)}&redirect_uri=https%3A%2F%2Fa.b`,
    );
    expect(redactUrl("https://api.codat.io/companies?page=1")).toBe("https://api.codat.io/companies?page=1");
    // Any ...token or ...key: auth_token, id_token, key, access_key.
    const masked = encodeURIComponent(REDACTED);
    expect(redactUrl("https://x/a?auth_token=t1&id_token=t2&key=k1&access_key=k2&keys=3")).toBe(
      `https://x/a?auth_token=${masked}&id_token=${masked}&key=${masked}&access_key=${masked}&keys=3`,
    );
  });

  it("a refused baseUrl with a ?key= (Google's style of API key) does not echo the key", () => {
    const refused = (() => {
      try {
        createOperationClient({ baseUrl: "https://api.example.com/v1?key=AIzaSyA-0123456789", pipeline: createPipeline() });
      } catch (error) {
        return String((error as Error).message);
      }
    })();
    expect(refused).toMatch(/^baseUrl must be an absolute http\(s\) URL without query/);
    expect(refused).not.toContain("AIzaSyA-0123456789");
  });

  it("apiErrorFrom redacts an already-parsed body's text too", () => {
    const error = apiErrorFrom({ status: 403, headers: new Headers(), body: `forbidden for ${API_KEY}`, secrets: [API_KEY] });
    expect(error.body).toBe(`forbidden for ${REDACTED}`);
    expectNoSecret(everyTrace(error, []));
  });

  it("redacting a body keeps a __proto__ key a plain field: the server's JSON is neither reshaped nor given a prototype", () => {
    for (const text of [`{"__proto__":{"isAdmin":true},"error":"key ${API_KEY}"}`, '{"__proto__":{"isAdmin":true},"error":"no secret"}']) {
      const error = apiErrorFrom({ status: 400, headers: new Headers(), rawBody: text, secrets: [API_KEY] });
      const body = error.body as Record<string, unknown>;
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(Object.keys(body)).toEqual(["__proto__", "error"]);
      expect(body.isAdmin).toBeUndefined();
      expect(error.rawBody).toBe(text.replace(API_KEY, REDACTED));
    }
  });
});

describe("messages that would quote what a server or a fetch said", () => {
  it("a success body that is not JSON and echoes the token: no fragment of it in the message (the JSON parser's own message quotes the body)", async () => {
    server.reset([], { status: 200, body: `${TOKEN} is your token` });
    const pipeline = createPipeline({ auth: bearerAuth(TOKEN), retries: false });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain("with a body that is not JSON (application/json, 38 characters)");
    for (let i = 0; i + 6 <= TOKEN.length; i++) expect(error.message).not.toContain(TOKEN.slice(i, i + 6));
    expectNoSecret(everyTrace(error, []));
  });

  it("a fetch whose own error message carries the credentials: the call's error message does not", async () => {
    const leaky: typeof fetch = async (_, init) => {
      throw new TypeError(`proxy refused authorization ${new Headers(init?.headers).get("authorization")}`);
    };
    const pipeline = createPipeline({ auth: bearerAuth(TOKEN), retries: false, fetch: leaky });
    const error = (await createOperationClient({ baseUrl: "https://api.example.com", pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e)) as SynclineError;
    expect(error.name).toBe("RequestFailedError");
    expect(error.message).toBe(`GET https://api.example.com/companies failed: proxy refused authorization Bearer ${REDACTED}`);
    expectNoSecret(everyTrace(error, []));
    // The cause is still there to debug with (console.error prints it), redacted.
    expect(inspect(error)).toMatch(/\[cause\]: .*TypeError.*: proxy refused authorization Bearer \[REDACTED\]/);
  });
});

describe("the cost of redaction", () => {
  it("a 3 MB error body with a short credential (a PIN) among the secrets builds one matcher for the call, not one per string", () => {
    const items = Array.from({ length: 60_000 }, (_, i) => ({ id: `item-${i}`, note: `code 4821 tried at step ${i}`, tags: ["a", "b"] }));
    const body = { error: "too many attempts", items };
    expect(JSON.stringify(body).length).toBeGreaterThan(3_000_000);
    // Counts the matchers built (regular expression literals do not pass through the constructor).
    const Original = globalThis.RegExp;
    let built = 0;
    globalThis.RegExp = new Proxy(Original, {
      construct(target, args) {
        built++;
        return Reflect.construct(target, args);
      },
    });
    try {
      const error = apiErrorFrom({ status: 400, headers: new Headers({ "content-type": "application/json" }), body, secrets: ["4821", "sk_live_0123456789"] });
      expect((error.body as typeof body).items[7]!.note).toBe(`code ${REDACTED} tried at step 7`);
    } finally {
      globalThis.RegExp = Original;
    }
    // Before: one per string and short form, 840,008 here (about 3 s for a body like it); the cost per MB is in bench/.
    expect(built).toBeLessThanOrEqual(2);
  });
});

describe("credentials a call sends in its body", () => {
  const connect: OperationSpec = { name: "connections.create", method: "POST", path: "/connections", body: true, json: true };
  const BANK_PASSWORD = "bank-pa55word";

  it("a call's `secrets` never appear in its error or log lines, even when the server echoes the body", async () => {
    server.reset([], { status: 400, body: JSON.stringify({ error: `bad login: {"login":"jdoe","password":"${BANK_PASSWORD}"}` }) });
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: bearerAuth(TOKEN), retries: false, logger: { debug: (line) => logs.push(line) } });
    const error = await createOperationClient({ baseUrl: server.url, pipeline })
      .call(connect, { requestBody: { login: "jdoe", password: BANK_PASSWORD } }, { secrets: [BANK_PASSWORD] })
      .catch((e: unknown) => e);
    const text = everyTrace(error, logs);
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(BANK_PASSWORD);
    expect(text).toContain("jdoe"); // only what was named is hidden
  });

  it("a short credential (a PIN, a 5-letter password) is redacted where it stands alone, not inside longer words and numbers", async () => {
    server.reset([], { status: 400, body: JSON.stringify({ code: "wrongpass", error: "PIN 1234 refused for account 51234, password wrong" }) });
    const pipeline = createPipeline({ retries: false });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call(connect, { requestBody: { pin: "1234", password: "wrong" } }, { secrets: ["1234", "wrong"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.body).toEqual({ code: "wrongpass", error: `PIN ${REDACTED} refused for account 51234, password ${REDACTED}` });
  });

  it.each([
    ["named fields (format: password)", secretFields(["password"]), { login: "jdoe", password: BANK_PASSWORD }],
    [
      "every field but the declared ones (additionalProperties: format: password)",
      secretFieldsExcept(["connector_uuid"]),
      { connector_uuid: "c-1", pin: BANK_PASSWORD },
    ],
  ])("an operation's secret body fields are redacted without the caller naming them: %s", async (_, secretsOf, requestBody) => {
    server.reset([], { status: 400, body: JSON.stringify({ error: `echo ${JSON.stringify(requestBody)}` }) });
    const pipeline = createPipeline({ retries: false });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call({ ...connect, secretsOf }, { requestBody })
      .catch((e: unknown) => e)) as ApiError;
    expect(everyTrace(error, [])).not.toContain(BANK_PASSWORD);
    expect(error.message).toContain(Object.keys(requestBody)[0]!);
  });
});

describe("credentials the API returned", () => {
  const RETURNED = "9cBT1FOGaEeAqLhJ4l0X8ptJ3IOnBiqY";
  const createUser: OperationSpec = { name: "authentication.init", method: "POST", path: "/auth/init", body: true, json: true, auth: false };

  it.each([
    ["a Powens auth_token", `{"auth_token": "${RETURNED}", "type": "permanent", "id_user": 4`],
    ["an OAuth2 access and refresh token", `{"access_token":"${RETURNED}","refresh_token":"${RETURNED}x","expires_in":`],
    ["a temporary code", `{"code":"${RETURNED}","type":"temporary","access":"sin`],
    ["a token whose value escapes a quote", `{"id_token":"${RETURNED}\\"${RETURNED}","x":`],
  ])("%s in a success answer cut short is kept out of InvalidResponseError's rawBody", async (_, body) => {
    server.reset([], { status: 200, body });
    const pipeline = createPipeline({ retries: false });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call(createUser, { requestBody: {} })
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(everyTrace(error, [])).not.toContain(RETURNED);
    expect(error.rawBody).toContain(REDACTED);
  });

  it("the rest of a success answer cut short stays in rawBody to debug with", async () => {
    server.reset([], { status: 200, body: `{"auth_token": "${RETURNED}", "type": "permanent", "id_user": 4` });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ retries: false }) })
      .call(createUser, { requestBody: {} })
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error.rawBody).toBe(`{"auth_token": "${REDACTED}", "type": "permanent", "id_user": 4`);
  });
});

describe("redaction in every encoding (issue 15, item 6)", () => {
  // A key with the characters encodings change: "/" (JSON's \/ and \u002f), "+" and "=" (URL and base64).
  const KEY = "sk/live+0123=~~~abcdefg"; // its base64 has "+" and padding, so every base64 form differs
  const b64 = Buffer.from(KEY).toString("base64");
  const forms = {
    "JSON-escaped \\/": KEY.replaceAll("/", "\\/"),
    "JSON-escaped \\u002f": KEY.replaceAll("/", "\\u002f"),
    "URL-encoded": encodeURIComponent(KEY),
    "URL-encoded, lower-case hex": encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    "unpadded base64": b64.replace(/=+$/, ""),
    base64url: b64.replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_"),
  };
  const traces = (error: unknown) => everyTrace(error, []);
  /** What a call with KEY as its API key throws, the server answering `answer`. */
  const errorWithKey = (answer: Fault) => {
    server.reset([], answer);
    const pipeline = createPipeline({ auth: codatAuth({ apiKey: KEY }), retries: false });
    return createOperationClient({ baseUrl: server.url, pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e);
  };

  it.each(Object.entries(forms))("a key echoed %s is redacted from body, JSON, message and inspect", async (_, echoed) => {
    // The raw JSON text carries the escaped form; JSON.parse turns the \u002f one back into the key itself.
    const text = traces(await errorWithKey({ status: 403, body: `{"error":"key ${echoed} is not allowed here","correlationId":"c-2"}` }));
    expect(text).toContain(REDACTED);
    for (const form of [KEY, ...Object.values(forms)]) expect(text).not.toContain(form);
  });

  // An error page that prints the key escapes its characters as HTML character references, each escaper its own way.
  const htmlForms = {
    "HTML-escaped as Go's html/template does (&#43; for + only)": KEY.replaceAll("+", "&#43;"),
    "HTML-escaped, hex upper-case (&#x2F;)": KEY.replace(/[^\w~-]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`),
    "HTML-escaped, hex lower-case with leading zeros (&#x002f;)": KEY.replace(/[^\w~-]/g, (c) => `&#x00${c.charCodeAt(0).toString(16)};`),
    "HTML-escaped, decimal (&#47;)": KEY.replace(/[^\w~-]/g, (c) => `&#${c.charCodeAt(0)};`),
  };

  it.each(Object.entries(htmlForms))("a key echoed %s in an HTML error page is redacted from body, message and inspect", async (_, echoed) => {
    const error = await errorWithKey({
      status: 403,
      headers: { "content-type": "text/html" },
      body: `<html><body><p>The key ${echoed} is not allowed here.</p></body></html>`,
    });
    const text = traces(error);
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(echoed);
    expect((error as ApiError).message).toContain("is not allowed here");
  });

  it("character references in a body that carries no credential stay as the server sent them", async () => {
    const error = (await errorWithKey({ status: 400, body: JSON.stringify({ error: "use &#43; or &#x2F; in names" }) })) as ApiError;
    expect(error.body).toEqual({ error: "use &#43; or &#x2F; in names" });
  });

  it("a request id that echoes the token is redacted, and inspect(error) shows no raw response header", async () => {
    server.reset([], {
      status: 500,
      headers: { "x-request-id": `req-${TOKEN}`, "set-cookie": "session=s3cr3t-cookie-value", "x-echo": `Bearer ${TOKEN}` },
      body: "{}",
    });
    const pipeline = createPipeline({ auth: bearerAuth(TOKEN), retries: false });
    const error = (await createOperationClient({ baseUrl: server.url, pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e)) as ApiError;
    expect(error.requestId).toBe(`req-${REDACTED}`);
    const shown = inspect(error, { depth: 5 });
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain("s3cr3t-cookie-value");
    expect(error.headers.get("set-cookie")).toBe(REDACTED);
    expect(error.headers.get("x-echo")).toBe(`Bearer ${REDACTED}`);
  });

  it("with authHeader, the decoded key is redacted too", async () => {
    server.reset([], { status: 401, body: JSON.stringify({ error: `unknown key ${API_KEY}` }) });
    const pipeline = createPipeline({ auth: codatAuth({ authHeader: `Basic ${BASIC}` }), retries: false });
    const error = await createOperationClient({ baseUrl: server.url, pipeline })
      .call(listCompanies, {})
      .catch((e: unknown) => e);
    expectNoSecret(traces(error));
  });

  it("client.fetch never writes credentials into the caller's own Request", async () => {
    server.reset([], { status: 200, body: "{}" });
    const request = new Request(`${server.url}/companies`);
    const pipeline = createPipeline({ auth: codatAuth({ apiKey: API_KEY }), client: "@syncline/test/1" });
    await pipelineFetch(pipeline)(request);
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${BASIC}`);
    expect([...request.headers.keys()]).toEqual([]);
  });

  it("client.fetch's Response.url carries no API key the auth put in the query", async () => {
    server.reset([], { status: 200, body: "{}" });
    const pipeline = createPipeline({ auth: apiKeyAuth({ in: "query", name: "key" }, "qk-0123456789"), retries: false });
    const response = await pipelineFetch(pipeline)(new Request(`${server.url}/companies?page=2`));
    expect(server.requests[0]!.path).toBe("/companies?page=2&key=qk-0123456789");
    expect(response.url).not.toContain("qk-0123456789");
    expect(response.url).toContain("/companies?page=2&key=");
  });
});
