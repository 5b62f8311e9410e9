// What each client costs on top of the network, with the network taken out:
// every contender gets the same in-process fetch, which answers at once with
// the benchmark page (a fresh Response each call). Sockets, the kernel and the
// server drop out, so what is left is each client's own work: building the
// request, auth, retries and budget bookkeeping, parsing the page. Over
// loopback (request-cost.mjs) that work drowns in ±100 µs of network noise;
// here the difference between Syncline and bare openapi-fetch is resolved to
// a few microseconds.
import { checkAndWarm, contenders } from "./contenders.mjs";
import { pageBody, pageHeaders } from "./page.mjs";
import { median, quartiles } from "./stats.mjs";

/** The transport every contender shares: no I/O, same bytes as the loopback server. */
export const inProcessFetch = async () => new Response(pageBody, { status: 200, headers: pageHeaders });

async function perCallUs(call, calls) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  const wallUs = Number(process.hrtime.bigint() - started) / 1e3;
  const used = process.cpuUsage(cpu);
  return { wallUs: wallUs / calls, cpuUs: (used.user + used.system) / calls };
}

/**
 * Rounds of `calls` sequential calls per contender, contenders interleaved in
 * a rotating order. Returns each contender's median µs per call.
 */
export async function overhead({ calls, rounds, warmup }) {
  const list = contenders("https://api.codat.io", inProcessFetch);
  await checkAndWarm(list, warmup);
  const samples = Object.fromEntries(list.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < list.length; i++) {
      const contender = list[(i + round) % list.length];
      samples[contender.name].push(await perCallUs(contender.call, calls));
    }
  }
  const rows = list.map(({ name }) => ({
    name,
    wallUs: median(samples[name].map((s) => s.wallUs)),
    cpuUs: median(samples[name].map((s) => s.cpuUs)),
  }));
  return { rows, rounds, calls };
}

/**
 * `a` minus `b` in adjacent pairs of short batches: each pair runs a batch of
 * `batch` calls with each (alternating which goes first) so both see the same
 * machine state, and a batch is long enough that the GC work its own
 * allocations cause lands mostly inside it. The median of the per-pair
 * differences (µs per call) is what `a` adds; the spread between quartiles
 * shows how sure that is.
 */
export async function pairedDifference(a, b, { pairs, batch, warmup }) {
  for (let i = 0; i < warmup; i++) await Promise.all([a(), b()]);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < pairs; i++) {
    let x, y;
    if (i % 2) {
      y = await perCallUs(b, batch);
      x = await perCallUs(a, batch);
    } else {
      x = await perCallUs(a, batch);
      y = await perCallUs(b, batch);
    }
    wall.push(x.wallUs - y.wallUs);
    cpu.push(x.cpuUs - y.cpuUs);
  }
  return { pairs, batch, wall: quartiles(wall), cpu: quartiles(cpu) };
}

/** What Syncline's runtime adds to a bare openapi-fetch call, by pairedDifference. */
export async function pairedOverhead(options) {
  const list = contenders("https://api.codat.io", inProcessFetch);
  const bare = list.find((c) => c.name === "openapi-fetch (bare)").call;
  const ours = list.find((c) => c.name === "@syncline/commerce").call;
  return pairedDifference(ours, bare, options);
}
