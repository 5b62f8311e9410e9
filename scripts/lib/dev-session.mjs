// `npm run dev` in a scratch copy of the repo, driven by a test or a benchmark:
// start it, save a spec, wait for what it prints.
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isolatedCopyOfRepo } from "./repo-copy.mjs";

/** An operation to add to specs/platform.yaml: a save that changes the package's code. */
const BRANDING = "  /integrations/{platformKey}/branding:\n";
const LOGO = `  /integrations/{platformKey}/logo:
    parameters:
      - $ref: "./codat-common.yaml#/components/parameters/platformKey"
    get:
      operationId: get-integration-logo
      x-syncline-method: getLogo
      summary: Get logo
      description: The integration's logo.
      tags: [Integrations]
      responses:
        "200":
          $ref: "#/components/responses/Branding"
        "404":
          $ref: "./codat-common.yaml#/components/responses/Not-Found"
`;

/** Starts dev in a fresh copy (with the repo's turbo cache) and resolves once it watches. */
export async function startDevSession() {
  const copy = isolatedCopyOfRepo({ turboCache: true });
  const dev = spawn(process.execPath, [path.join(copy, "scripts/dev.mjs")], { cwd: copy, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  dev.stdout.on("data", (chunk) => {
    output += chunk;
  });
  dev.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const count = (pattern) => (output.match(new RegExp(pattern.source, "gm")) ?? []).length;
  /** Resolves when dev's output has `times` lines matching `pattern`. */
  async function printed(pattern, times = 1, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (count(pattern) < times) {
      if (Date.now() > deadline || /^failed after /m.test(output)) throw new Error(`dev never printed ${pattern}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const platformSpec = path.join(copy, "specs/platform.yaml");
  const original = readFileSync(platformSpec, "utf8");
  const session = {
    copy,
    output: () => output,
    count,
    printed,
    /**
     * Saves specs/platform.yaml with the logo operation added, its description ending in
     * `revision` (a new revision is a save turbo has not cached); resolves to the seconds until dev printed "built".
     */
    async savePlatformSpec(revision = 1) {
      const builds = count(/^built in /m);
      const logo = LOGO.replace("The integration's logo.", `The integration's logo (revision ${revision}).`);
      writeFileSync(platformSpec, original.replace(BRANDING, `${logo}${BRANDING}`));
      const saved = performance.now();
      await printed(/^built in /m, builds + 1, 60_000);
      return (performance.now() - saved) / 1000;
    },
    stop() {
      // The whole group: dev, turbo and the tasks turbo started.
      if (dev.pid) {
        try {
          process.kill(-dev.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      rmSync(copy, { recursive: true, force: true });
    },
  };
  try {
    await printed(/^watching /m);
  } catch (error) {
    // A dev that never came up must not outlive the test that started it.
    session.stop();
    throw error;
  }
  return session;
}
