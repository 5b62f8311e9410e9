#!/usr/bin/env node
// The syncline-mock command. A committed file rather than the build output, so
// npm links the command when it installs the workspace, before the first build.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("syncline-mock: the mock is not built yet; run `npm run build` first");
  process.exit(1);
}
await import(cli.href);
