// Cold import time: a fresh node process per import, interleaved, median of
// `runs`; reported as ms over bare node (a process that imports nothing).
import { execFileSync } from "node:child_process";

export const modules = ["(bare node)", "openapi-fetch", "@syncline/commerce", "@syncline/powens", "@codat/sync-for-commerce", "@codat/platform"];

export function importTimes({ runs }) {
  const samples = Object.fromEntries(modules.map((m) => [m, []]));
  const cwd = new URL("..", import.meta.url).pathname;
  for (let run = 0; run < runs; run++) {
    for (const name of modules) {
      const code = name === "(bare node)" ? "" : `await import(${JSON.stringify(name)})`;
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd, stdio: "ignore" });
      samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const bare = median(samples["(bare node)"]);
  return modules.map((name) => ({ name, medianMs: median(samples[name]), overBareMs: median(samples[name]) - bare }));
}
