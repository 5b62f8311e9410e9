// What each client costs on top of the network, with the network taken out:
// every contender gets the same in-process fetch, which answers at once with
// the benchmark page (a fresh Response each call). Sockets, the kernel and the
// server drop out, so what is left is each client's own work: building the
// request, auth, retries and budget bookkeeping, parsing the page. Over
// loopback (request-cost.mjs) that work drowns in ±100 µs of network noise;
// here the difference between Syncline and bare openapi-fetch is resolved to
// a fraction of a microsecond.
import { contenders, resultsOf } from "./contenders.mjs";
import { pageBody, pageHeaders } from "./page.mjs";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The transport every contender shares: no I/O, same bytes as the loopback server. */
export const inProcessFetch = async () => new Response(pageBody, { status: 200, headers: pageHeaders });

async function perCallUs(call, calls) {
  globalThis.gc?.(); // each batch starts from a collected heap (run with --expose-gc)
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  const wallUs = Number(process.hrtime.bigint() - started) / 1e3;
  const used = process.cpuUsage(cpu);
  return { wallUs: wallUs / calls, cpuUs: (used.user + used.system) / calls };
}

/**
 * Rounds of `calls` sequential calls per contender, contenders interleaved in
 * a rotating order. Returns each contender's median µs per call and, per
 * round, Syncline minus bare openapi-fetch (paired: same round, same heap state).
 */
export async function overhead({ calls, rounds, warmup }) {
  const list = contenders("https://api.codat.io", inProcessFetch);
  for (const contender of list) {
    if (resultsOf(await contender.call()) !== 10) throw new Error(`${contender.name} did not list the 10 connections`);
    for (let i = 0; i < warmup; i++) await contender.call();
  }
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
  const ours = samples["@syncline/commerce"];
  const bare = samples["openapi-fetch (bare)"];
  const paired = (key) => {
    const diffs = ours.map((s, i) => s[key] - bare[i][key]).sort((a, b) => a - b);
    // Middle half of the rounds: where the typical round's difference lies.
    return { medianUs: median(diffs), q1Us: diffs[Math.floor(diffs.length / 4)], q3Us: diffs[Math.floor((diffs.length * 3) / 4)] };
  };
  return { rows, rounds, calls, synclineMinusBare: { wall: paired("wallUs"), cpu: paired("cpuUs") } };
}

/**
 * Syncline vs bare openapi-fetch, call by call: each iteration makes one call
 * with each (alternating which goes first) and records both durations, so
 * both see the same machine state. The median of the per-iteration
 * differences is what Syncline's runtime adds to a call; a GC pause or a
 * preempted time slice lands on a few iterations and moves the median little.
 * The trimmed mean (middle 90%) keeps GC work the extra allocations cause.
 */
export async function pairedOverhead({ iterations, warmup }) {
  const list = contenders("https://api.codat.io", inProcessFetch);
  const bare = list.find((c) => c.name === "openapi-fetch (bare)").call;
  const ours = list.find((c) => c.name === "@syncline/commerce").call;
  for (let i = 0; i < warmup; i++) await Promise.all([bare(), ours()]);
  const timed = async (call) => {
    const started = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - started) / 1e3;
  };
  const bareUs = [];
  const oursUs = [];
  for (let i = 0; i < iterations; i++) {
    if (i % 2) {
      bareUs.push(await timed(bare));
      oursUs.push(await timed(ours));
    } else {
      oursUs.push(await timed(ours));
      bareUs.push(await timed(bare));
    }
  }
  const diffs = oursUs.map((us, i) => us - bareUs[i]);
  const trimmedMean = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const cut = Math.floor(sorted.length * 0.05);
    const kept = sorted.slice(cut, sorted.length - cut);
    return kept.reduce((sum, v) => sum + v, 0) / kept.length;
  };
  return {
    iterations,
    bareMedianUs: median(bareUs),
    synclineMedianUs: median(oursUs),
    differenceMedianUs: median(diffs),
    differenceTrimmedMeanUs: trimmedMean(diffs),
  };
}
