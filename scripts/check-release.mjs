#!/usr/bin/env node
// Release gate: every change to a published package since the base needs a changeset, added by
// that change, that declares at least the bump the change requires (scripts/lib/check-release.mjs).
//   node scripts/check-release.mjs [--base REF] [--write]
// --write adds a changeset for each package that lacks one, listing its
// changes, for the maintainer to edit. The base defaults to the merge-base
// with main (SYNCLINE_RELEASE_BASE overrides); uncommitted work counts. On
// main itself there is nothing to compare.
import { parseArgs } from "node:util";
import { repoRoot } from "./lib/apis.mjs";
import { checkRelease } from "./lib/check-release.mjs";

const { values } = parseArgs({ options: { base: { type: "string" }, write: { type: "boolean", default: false } } });
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script alone, never inside a turbo task
const base = values.base ?? process.env.SYNCLINE_RELEASE_BASE;
if (!(await checkRelease({ root: repoRoot, base, write: values.write }))) process.exitCode = 1;
