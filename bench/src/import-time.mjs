// Cold import time: for each module, a fresh node process times its own
// `await import(module)` (performance.now() around it) and prints it. Timing
// inside the process leaves out node's start-up, which varies by ±20 ms here
// and used to swamp the few ms being measured. Processes are interleaved
// across modules; the figure is the median of `runs`. "(bare node)" imports a
// one-line module, the floor any import pays.
import { execFileSync } from "node:child_process";
import { median } from "./stats.mjs";

export const modules = ["(bare node)", "openapi-fetch", "@syncline/commerce", "@syncline/powens", "@codat/sync-for-commerce", "@codat/platform"];

export function importTimes({ runs }) {
  const samples = Object.fromEntries(modules.map((m) => [m, []]));
  const cwd = new URL("..", import.meta.url).pathname;
  for (let run = 0; run < runs; run++) {
    for (const name of modules) {
      const target = name === "(bare node)" ? "data:text/javascript,export default 1" : name;
      const code = `const t = performance.now(); await import(${JSON.stringify(target)}); console.log(performance.now() - t);`;
      samples[name].push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd, encoding: "utf8" })));
    }
  }
  const bare = median(samples["(bare node)"]);
  return modules.map((name) => ({ name, medianMs: median(samples[name]), overBareMs: median(samples[name]) - bare }));
}
