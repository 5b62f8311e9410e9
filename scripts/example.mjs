#!/usr/bin/env node
// npm run example -- <name>: one example of examples/src, run with the built client packages
// against the mock servers it starts in-process, printing what each step returned. Against a
// real API instead, with the credentials npm run demo reads:
//   SYNCLINE_BASE_URL=https://api.codat.io CODAT_API_KEY=... [CODAT_COMPANY_ID=...] npm run example -- platform-onboarding
//   POWENS_CLIENT_ID=... POWENS_CLIENT_SECRET=... POWENS_DOMAIN=acme-sandbox npm run example -- powens-onboarding
// Without a name, or with an unknown one: the list.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_ACCESS_TOKEN, startMockServer } from "@syncline/mock";
import { createCommerceClient } from "@syncline/commerce";
import { createPlatformClient } from "@syncline/platform";
import { createPowensApp, createPowensClient } from "@syncline/powens";
import { redactUrl } from "@syncline/runtime";
import { build } from "esbuild";
import { repoRoot } from "./lib/apis.mjs";
import { codatOptions, powensAppOptions, realApis } from "./lib/real-apis.mjs";

const env = process.env;
const apis = realApis(env);
const realCodat = Boolean(apis.codat);
/** The company the mock starts with (Codat's documentation uses its id). */
const MOCK_COMPANY_ID = "8a210b68-6988-11ed-a1eb-0242ac120002";

/** The step [label, call] on the mock only: with a company of yours (CODAT_COMPANY_ID), that company is used as it is. */
const onMockOnly = (companyId, label, call) => (companyId ? [] : [[label, call]]);

/**
 * Each example: what it shows, the API it needs, and its steps. A step is [label, call]; a call gets
 * the clients and what earlier steps returned, and its answer is printed (URLs with their codes redacted).
 */
const EXAMPLES = {
  "codat-connections": {
    about: "every Connections call of Codat's SDK documentation, with @syncline/commerce",
    codat: true,
    companyId: () => (realCodat ? env.CODAT_COMPANY_ID : MOCK_COMPANY_ID),
    steps: (x, companyId) => [
      ["createConnection", ({ commerce }) => x.createConnection(commerce, companyId)],
      ["listConnections", ({ commerce }) => x.listConnections(commerce, companyId)],
      ["getConnection", ({ commerce }, { createConnection: c }) => x.getConnection(commerce, { companyId, connectionId: c.id })],
      ["updateAuthorization", ({ commerce }, { createConnection: c }) => x.updateAuthorization(commerce, { companyId, connectionId: c.id })],
      ["unlinkConnection", ({ commerce }, { createConnection: c }) => x.unlinkConnection(commerce, { companyId, connectionId: c.id })],
      ["getSyncFlowUrl", ({ commerce }) => x.getSyncFlowUrl(commerce, companyId)],
      ["deleteConnection", ({ commerce }, { createConnection: c }) => x.deleteConnection(commerce, { companyId, connectionId: c.id })],
    ],
  },
  "platform-onboarding": {
    about: "Codat from zero: the integration, a company and the connection its owner authorizes at linkUrl",
    codat: true,
    steps: (x) => [["onboard", ({ platform }) => x.onboard(platform, "Syncline example")]],
  },
  "platform-relink": {
    about: "a company's Linked connections unlinked, each with the URL that re-authorizes it",
    codat: true,
    companyId: () => (realCodat ? env.CODAT_COMPANY_ID : undefined),
    steps: (x, companyId) => [
      // A company of its own whose connection its owner has authorized (Linked).
      ...onMockOnly(companyId, "(mock) a Linked connection", async ({ platform, mock }) => {
        const company = await platform.companies.create({ requestBody: { name: "Relink example" } });
        const connection = await platform.connections.create({ companyId: company.id, requestBody: { platformKey: "gbol" } });
        mock.completeLink(connection.linkUrl);
        return { companyId: company.id, connectionId: connection.id };
      }),
      ["relinkAll", ({ platform }, done) => x.relinkAll(platform, companyId ?? done["(mock) a Linked connection"].companyId)],
    ],
  },
  "platform-relay": {
    about: "a company's connections passed on as they arrive (the raw client's parseAs: \"stream\"), never held whole",
    codat: true,
    companyId: () => (realCodat ? env.CODAT_COMPANY_ID : undefined),
    steps: (x, companyId) => [
      // A company of its own with two connections, so the answer has something to relay.
      ...onMockOnly(companyId, "(mock) a company with two connections", async ({ platform }) => {
        const company = await platform.companies.create({ requestBody: { name: "Relay example" } });
        for (const platformKey of ["gbol", "dfxm"]) await platform.connections.create({ companyId: company.id, requestBody: { platformKey } });
        return { companyId: company.id };
      }),
      [
        "relayConnections",
        async ({ platform }, done) => {
          // Where your backend would write (its own HTTP response): here, what arrives is kept to show its start.
          const received = [];
          const to = new WritableStream({ write: (chunk) => void received.push(chunk) });
          const relayed = await x.relayConnections(platform, companyId ?? done["(mock) a company with two connections"].companyId, to);
          return { ...relayed, starts: new TextDecoder().decode(Buffer.concat(received)).slice(0, 60) };
        },
      ],
    ],
  },
  "powens-onboarding": {
    about: "Powens from zero: a user, the webview URL that adds their first bank, and the token to store",
    codat: false,
    steps: (x) => [["startBankLink", ({ app }) => x.startBankLink(app, "https://example.com/powens/callback")]],
  },
  "powens-connections": {
    about: "the user-connection calls of Powens's documentation: create, list, get, sync, update credentials, delete, webview",
    codat: false,
    steps: (x) => [
      ["createConnection", ({ powens }) => x.createConnection(powens)],
      ["listConnections", ({ powens }) => x.listConnections(powens)],
      ["getConnection", ({ powens }, { createConnection: c }) => x.getConnection(powens, c.id)],
      ["syncConnection", ({ powens }, { createConnection: c }) => x.syncConnection(powens, c.id)],
      ["updateCredentials", ({ powens }, { createConnection: c }) => x.updateCredentials(powens, c.id)],
      ["webview", async ({ powens }) => x.webview(powens, (await powens.authentication.getCode({ type: "singleAccess" })).code)],
      ["deleteConnection", ({ powens }, { createConnection: c }) => x.deleteConnection(powens, c.id)],
    ],
  },
};

const name = process.argv[2];
const example = EXAMPLES[name];
if (!example) {
  if (name) console.error(`No example named "${name}".`);
  console.error("Usage: npm run example -- <name>\n\nExamples (examples/src/<name>.ts):");
  for (const [key, { about }] of Object.entries(EXAMPLES)) console.error(`  ${key.padEnd(20)} ${about}`);
  process.exit(name ? 2 : 0);
}
const real = Boolean(example.codat ? apis.codat : apis.powens);
const companyId = example.companyId?.();
if (real && example.companyId && !companyId) {
  console.error(`${name} acts on a company of yours against the real API: set CODAT_COMPANY_ID.`);
  process.exit(2);
}

// The example's TypeScript, bundled without its imports, next to node_modules so they resolve to the built packages.
const outDir = path.join(repoRoot, "node_modules/.cache/syncline-examples");
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${name}.mjs`);
await build({
  entryPoints: [path.join(repoRoot, "examples/src", `${name}.ts`)],
  bundle: true,
  packages: "external",
  format: "esm",
  platform: "node",
  outfile,
  logLevel: "error",
});
const module = await import(pathToFileURL(outfile).href);

const mock = real ? undefined : await startMockServer({ api: "all" });
const clients = { mock };
if (example.codat) {
  clients.commerce = createCommerceClient(codatOptions(apis.codat, mock, "commerce"));
  clients.platform = createPlatformClient(codatOptions(apis.codat, mock, "platform"));
} else {
  const { clientId, clientSecret, ...where } = powensAppOptions(apis.powens, mock);
  clients.app = createPowensApp({ clientId, clientSecret, ...where });
  // A user's client: against the real API, a user the example's app creates first.
  const accessToken = real ? (await clients.app.createUser()).accessToken : DEFAULT_ACCESS_TOKEN;
  clients.powens = createPowensClient({ accessToken, ...where });
}

console.log(`${name} against ${real ? "the real API" : `the mock (${mock.url})`}`);
const done = {};
try {
  for (const [label, call] of example.steps(module, companyId)) {
    try {
      done[label] = await call(clients, done);
      console.log(`${label}: ${shown(done[label])}`);
    } catch (error) {
      console.log(`${label}: ${error.name}: ${error.message}`);
      process.exitCode = 1;
      break;
    }
  }
} finally {
  await mock?.close();
}

/** An answer on one line: tokens and codes redacted (a user's permanent token, the codes in webview and Sync Flow URLs). */
function shown(value) {
  if (value === undefined) return "done";
  const redacted = (key, v) => {
    if (typeof v !== "string") return v;
    if (/token|secret|password|^code$/i.test(key)) return "[REDACTED]";
    return /^https?:\/\//.test(v) ? redactUrl(v) : v;
  };
  return JSON.stringify(value, redacted).slice(0, 300);
}
