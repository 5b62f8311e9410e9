#!/usr/bin/env node
// Generates each API's types (schema.ts, by openapi-typescript), operations
// (operations.ts) and client (client.ts) from its spec into packages/<api>/src/generated/.
//   node scripts/generate.mjs [api ...] [--out-dir DIR] [--config redocly.yaml]
// --out-dir writes under DIR instead of the repo (used by check-generated).
import { generateApis, parseGenerateArgs } from "./lib/generate-apis.mjs";

process.exitCode = (await generateApis(parseGenerateArgs(process.argv.slice(2)))) ? 1 : 0;
