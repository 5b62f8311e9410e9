// Per-request client cost, interleaved: CPU µs of this process per request
// (the server runs in another process) and requests/s, sequential and at
// concurrency 32. Each round runs every contender once, in a rotating order;
// the reported figure is the median over rounds.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { checkAndWarm, contenders } from "./contenders.mjs";
import { median } from "./stats.mjs";

async function measure(call, requests, concurrency) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / requests, rps: (requests / wallMs) * 1000 };
}

export async function requestCost({ requests, rounds, warmup }) {
  const server = spawn(process.execPath, [fileURLToPath(new URL("./server.mjs", import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = await once(server.stdout, "data");
  const baseUrl = line.toString().trim();
  try {
    const list = contenders(baseUrl);
    await checkAndWarm(list, warmup);
    const samples = Object.fromEntries(list.map((c) => [c.name, { seq: [], conc: [] }]));
    for (let round = 0; round < rounds; round++) {
      const order = list.map((_, i) => list[(i + round) % list.length]);
      for (const contender of order) samples[contender.name].seq.push(await measure(contender.call, requests, 1));
      for (const contender of order) samples[contender.name].conc.push(await measure(contender.call, requests, 32));
    }
    return list.map(({ name }) => {
      const s = samples[name];
      return {
        name,
        seqCpuUs: median(s.seq.map((m) => m.cpuUs)),
        seqRps: median(s.seq.map((m) => m.rps)),
        concCpuUs: median(s.conc.map((m) => m.cpuUs)),
        concRps: median(s.conc.map((m) => m.rps)),
      };
    });
  } finally {
    server.kill();
  }
}
