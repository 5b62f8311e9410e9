#!/usr/bin/env node
// Fails when committed generated files differ from a fresh generation (scripts/lib/check-generated.mjs).
//   node scripts/check-generated.mjs [--config redocly.yaml]
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./lib/apis.mjs";
import { checkGenerated } from "./lib/check-generated.mjs";

const { values } = parseArgs({ options: { config: { type: "string" } } });
const configPath = path.resolve(values.config ?? path.join(repoRoot, "redocly.yaml"));
if (!(await checkGenerated({ configPath }))) process.exitCode = 1;
