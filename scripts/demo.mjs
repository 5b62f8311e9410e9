#!/usr/bin/env node
// npm run demo: the flows users run, with the real client packages, against
// the mock servers started in-process (one injected 503 and one 429 that the
// client rides out), printed as a transcript. Codat: a company, the
// integrations, a connection its owner authorizes at linkUrl, then unlinked
// and deleted with the company. Powens: a user and their token, the
// connectors, a temporary code for the webview, a connection, the user deleted.
// Against a real API instead:
//   SYNCLINE_BASE_URL=https://api.codat.io CODAT_API_KEY=... npm run demo
//   POWENS_CLIENT_ID=... POWENS_CLIENT_SECRET=... POWENS_DOMAIN=acme-sandbox npm run demo
import { startMockServer } from "@syncline/mock";
import { createPlatformClient } from "@syncline/platform";
import { createPowensApp } from "@syncline/powens";
import { redactUrl } from "@syncline/runtime";
import { codatOptions, powensAppOptions, realApis } from "./lib/real-apis.mjs";

const env = process.env;
const real = realApis(env);
const realCodat = Boolean(real.codat);
const realPowens = Boolean(real.powens);
const mock = realCodat && realPowens ? undefined : await startMockServer({ api: "all" });

// Per call: method, path, final status, attempts, ms; retried attempts indented below.
let attempts = [];
const logger = { debug: (line) => attempts.push(line) };
// Faults are injected only into the mock: against a real API a step is labelled plainly and sent as is.
const injected = !realCodat;
const fault = (tokens) => (injected ? { headers: { "x-mock-fault": tokens } } : undefined);
const retries = { strategy: "backoff", backoff: { initialInterval: 200, maxInterval: 5000 } };

async function step(label, run) {
  attempts = [];
  const started = performance.now();
  let outcome;
  try {
    const result = await run();
    outcome = result === undefined ? "ok" : summarize(result);
  } catch (error) {
    outcome = `${error.name}: ${error.message}`;
    process.exitCode = 1;
  }
  const ms = Math.round(performance.now() - started);
  const last = attempts.at(-1) ?? "";
  const [, request = "(no request)", status = "-"] = /\] (\S+ \S+) -> (\S+)/.exec(last) ?? [];
  console.log(
    `${label.padEnd(21)} ${short(request).padEnd(58)} ${status.padEnd(4)} ${attempts.length} attempt${attempts.length === 1 ? " " : "s"} ${String(ms).padStart(5)} ms  ${outcome}`,
  );
  for (const line of attempts.slice(0, -1)) {
    const [, result, detail] = /-> (\S+) \(attempt \d+\/\d+, (.*)\)/.exec(line) ?? [];
    console.log(`${"".padEnd(21)}   ↳ ${result} (${detail})`);
  }
}

/** "GET http://host/platform/companies/<uuid>/…" -> "GET /platform/companies/8a210b68…/…" */
const short = (request) => request.replace(/^(\S+) https?:\/\/[^/]+/, "$1 ").replace(/([0-9a-f]{8})-[0-9a-f-]{27}/g, "$1…");

function summarize(value) {
  if (typeof value === "string") return short(redactUrl(value)); // a webauth URL carries a temporary code
  if (Array.isArray(value?.results)) {
    const kind = value.results[0]?.key ? "integrations" : value.results[0]?.redirect ? "companies" : "connections";
    return `${value.results.length} of ${value.totalResults} ${kind}`;
  }
  if (Array.isArray(value?.connections)) return `${value.connections.length} connections`;
  if (value?.status && value?.id) return `${value.platformName ?? ""} ${value.status}`.trim();
  if (value?.redirect && value?.id) return `company ${value.name}, ${value.dataConnections?.length ?? 0} connections`;
  if (value?.url) return short(value.url);
  if (value?.id) return `connection ${value.id}${value.last_update ? `, last_update ${value.last_update}` : ""}`;
  return JSON.stringify(value).slice(0, 60);
}

console.log(`Codat Platform (${realCodat ? env.SYNCLINE_BASE_URL : "mock"})`);
const platform = createPlatformClient({ ...codatOptions(real.codat, mock, "platform"), retries, logger });
// The onboarding flow: a company, the integration it uses, a connection its owner authorizes.
let company;
let connection;
await step("companies.create", async () => (company = await platform.companies.create({ requestBody: { name: "Syncline demo", tags: { source: "demo" } } })));
await step("integrations.list", () => platform.integrations.list({ query: "sourceType=Accounting" }));
const companyId = company?.id;
if (companyId) {
  await step("create", async () => (connection = await platform.connections.create({ companyId, requestBody: { platformKey: "gbol" } })));
}
if (connection) {
  const ids = { companyId, connectionId: connection.id };
  // The company's owner authorizes at linkUrl; the mock plays that part.
  if (!realCodat)
    await step("(owner authorizes)", async () => (mock.completeLink(connection.linkUrl) ? "Linked at linkUrl (the mock plays the owner)" : "not found"));
  else console.log(`${"(owner authorizes)".padEnd(21)} open ${connection.linkUrl}`);
  await step(injected ? "list (503 injected)" : "list", () => platform.connections.list({ companyId, query: "status=Linked", pageSize: 10 }, fault("503")));
  await step(injected ? "get (429 injected)" : "get", () => platform.connections.get(ids, fault("429:1")));
  await step("updateAuthorization", () => platform.connections.updateAuthorization({ ...ids, requestBody: { key: "value" } }));
  await step("unlink", () => platform.connections.unlink(ids));
  await step("getAuthorizationUrl", () => platform.connections.getAuthorizationUrl(ids));
  await step("delete", () => platform.connections.delete(ids));
}
if (companyId) await step("companies.delete", () => platform.companies.delete({ companyId }));

console.log(`\nPowens (${realPowens ? (env.SYNCLINE_POWENS_BASE_URL ?? env.POWENS_DOMAIN) : "mock"})`);
// createUserConnection and sync wait up to 5 minutes for the bank by default (the spec's x-syncline-timeout-ms).
const app = createPowensApp({ ...powensAppOptions(real.powens, mock), retries, logger });
// From zero: a user and their permanent token, a connector, a temporary code for the webview.
let user;
await step("createUser", async () => {
  user = await app.createUser();
  return `user ${user.idUser}, permanent token`;
});
let connectorUuid = env.POWENS_CONNECTOR_UUID;
await step("listConnectors", async () => {
  const { connectors } = await app.listConnectors();
  connectorUuid ??= connectors.find((c) => c.auth_mechanism === "credentials")?.uuid;
  return `${connectors.length} connectors`;
});
let code;
if (user) {
  await step("getCode", async () => {
    ({ code } = await user.client.authentication.getCode({ type: "singleAccess" }));
    return "a temporary code";
  });
}
if (code) {
  await step("webauthUrl (local)", async () => app.webauthUrl({ token: code, redirect_uri: "https://example.com/powens/callback", state: "demo" }));
}
const powens = user?.client;
let bank;
if (powens && connectorUuid) {
  await step(
    "createUserConnection",
    async () => (bank = await powens.connections.createUserConnection({ requestBody: { connector_uuid: connectorUuid, login: "test", password: "hello" } })),
  );
}
if (bank) {
  await step("listUserConnections", () => powens.connections.listUserConnections({ expand: ["connector"] }));
  await step("sync", () => powens.connections.updateSyncUserConnection({ connectionId: bank.id }));
  await step("deleteUserConnection", () => powens.connections.deleteUserConnection({ connectionId: bank.id }));
}
if (powens) await step("deleteMe", () => powens.users.deleteMe());

await mock?.close();
