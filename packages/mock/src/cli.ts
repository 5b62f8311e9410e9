#!/usr/bin/env node
// syncline-mock --api commerce|payables|platform|powens|all [--port N] [--host H]
import { parseArgs } from "node:util";
import { API_NAMES, DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, startMockServer, type ApiName } from "./server";

const { values } = parseArgs({
  options: {
    api: { type: "string", default: "all" },
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "api-key": { type: "string" },
    "access-token": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

async function main(): Promise<void> {
  if (values.help) {
    console.log(`Usage: syncline-mock --api ${API_NAMES.join("|")}|all [--port 4010] [--host 127.0.0.1] [--api-key K] [--access-token T]`);
    return;
  }
  const server = await startMockServer({
    api: values.api as ApiName | "all",
    port: Number(values.port),
    host: values.host,
    apiKey: values["api-key"],
    accessToken: values["access-token"],
  });
  for (const [api, url] of Object.entries(server.urls)) console.log(`${api.padEnd(9)} ${url}`);
  console.log(`Codat API key: ${values["api-key"] ? "(as given)" : DEFAULT_API_KEY}   Powens token: ${values["access-token"] ? "(as given)" : DEFAULT_ACCESS_TOKEN}`);
  console.log('Faults: header x-mock-fault: 503,429 (per attempt) or POST /__mock/faults {"faults":["503"]}. Ctrl-C stops.');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`syncline-mock: ${(error as Error).message}`);
  process.exit(1);
});
