#!/usr/bin/env node
// syncline-mock --api commerce|payables|platform|powens|all [--port N] [--host H]
import { parseArgs } from "node:util";
import { API_NAMES, DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startMockServer } from "./server";

const { values } = parseArgs({
  options: {
    api: { type: "string", default: "all" },
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "api-key": { type: "string" },
    "access-token": { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const USAGE = `Usage: syncline-mock --api ${API_NAMES.join("|")}|all [--port 4010] [--host 127.0.0.1] [--api-key K] [--access-token T] [--client-id I] [--client-secret S]`;

/** A usage error: what is wrong, and the usage line. */
function usageError(problem: string): Error {
  return new Error(`${problem}\n${USAGE}`);
}

async function main(): Promise<void> {
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw usageError(`--port must be a port number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  if (values.api !== "all" && !API_NAMES.includes(values.api)) {
    throw usageError(`--api must be one of ${API_NAMES.join(", ")} or all, got ${JSON.stringify(values.api)}`);
  }
  // An empty credential would print the default while the mock accepted nothing.
  if (values["api-key"] === "") throw usageError("--api-key must not be empty (leave it out for the default key)");
  for (const option of ["access-token", "client-id", "client-secret"] as const) {
    if (values[option] === "") throw usageError(`--${option} must not be empty (leave it out for the default)`);
  }
  const server = await startMockServer({
    api: values.api,
    port,
    host: values.host,
    apiKey: values["api-key"],
    accessToken: values["access-token"],
    clientId: values["client-id"],
    clientSecret: values["client-secret"],
  });
  for (const [api, url] of Object.entries(server.urls)) console.log(`${api.padEnd(9)} ${url}`);
  console.log(
    `Codat API key: ${values["api-key"] ? "(as given)" : DEFAULT_API_KEY}   Powens token: ${values["access-token"] ? "(as given)" : DEFAULT_ACCESS_TOKEN}`,
  );
  const given = (option: "client-id" | "client-secret", fallback: string) => (values[option] ? "(as given)" : fallback);
  console.log(
    `App credentials: client_id ${given("client-id", DEFAULT_CLIENT_ID)}, client_secret ${given("client-secret", DEFAULT_CLIENT_SECRET)} (Powens /auth/init, /auth/token/access, /webauth; the OAuth2 token URL)`,
  );
  console.log(`OAuth2 token URL (client credentials): ${server.tokenUrl}`);
  console.log('Faults: header x-mock-fault: 503,429 (per attempt) or POST /__mock/faults {"faults":["503"]}. Ctrl-C stops.');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`syncline-mock: ${(error as Error).message}`);
  process.exit(1);
});
