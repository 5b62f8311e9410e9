// Secrets never reach an error's message, stack, toString() or JSON, nor a log line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorFrom, bearerAuth, codatAuth, createApiError, createPipeline, REDACTED, redactUrl } from "../src/index";
import { startFaultServer, type FaultServer } from "@syncline/test-utils";

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
  const e = error as Error;
  return [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify((e as { body?: unknown }).body), ...logLines].join("\n");
}

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const fast = { strategy: "backoff", backoff: { initialInterval: 5, maxInterval: 10 }, maxAttempts: 2 } as const;

describe("redaction", () => {
  it("a 401 whose body echoes the credentials: error and logs hold no trace of the key", async () => {
    // Worst case: the server reflects the Authorization header in its error text.
    server.reset([], {
      status: 401,
      body: JSON.stringify({ statusCode: 401, error: `Invalid key Basic ${BASIC} (${API_KEY})`, correlationId: "c-1" }),
    });
    const logs: string[] = [];
    const pipeline = createPipeline({ auth: codatAuth({ apiKey: API_KEY }), retries: fast, logger: { debug: (line) => logs.push(line) } });
    const response = await pipeline.fetch(new Request(`${server.url}/companies`));
    const error = await createApiError(response, { secrets: pipeline.secrets, method: "GET" });
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
    const error = await pipeline.fetch(new Request(`${server.url}/webauth?client_id=1&token=${TOKEN}`)).catch((e: unknown) => e);
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
    const error = await pipeline.fetch(new Request(`${closed.url}/companies?api_key=${API_KEY}`)).catch((e: unknown) => e);
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
    await pipeline.fetch(new Request(`${server.url}/x`));
    expect(logs[0]).toMatch(/^\[syncline\] GET http:\/\/127\.0\.0\.1:\d+\/x -> 503 \(attempt 1\/2, \d+ ms, retry in 0 ms\) x-request-id=r-7 retry-after=0$/);
    expectNoSecret(logs.join("\n"));
  });

  it("redactUrl hides credential-like query values and keeps the rest", () => {
    expect(redactUrl("https://x.biapi.pro/2.0/webauth?client_id=1&token=abc&redirect_uri=https%3A%2F%2Fa.b")).toBe(
      `https://x.biapi.pro/2.0/webauth?client_id=1&token=${encodeURIComponent(REDACTED)}&redirect_uri=https%3A%2F%2Fa.b`,
    );
    expect(redactUrl("https://api.codat.io/companies?page=1")).toBe("https://api.codat.io/companies?page=1");
  });

  it("apiErrorFrom redacts an already-parsed body's text too", () => {
    const error = apiErrorFrom({ status: 403, headers: new Headers(), body: `forbidden for ${API_KEY}`, secrets: [API_KEY] });
    expect(error.body).toBe(`forbidden for ${REDACTED}`);
    expectNoSecret(everyTrace(error, []));
  });
});
