// 3,000 calls at concurrency 64 against a server injecting 5% 503s and resets:
// every call settles (a 200, or a typed error), nothing is lost or unhandled,
// and the heap returns to about where it started.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuth, codatAuth, ConnectionError, createPipeline, pipelineFetch, SynclineError } from "../src/index";
import { OK, startFaultServer, type Fault, type FaultServer } from "@syncline/test-utils";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const TOTAL = 3_000;
const CONCURRENCY = 64;

// Deterministic 5% faults: every 40th request a 503, every 40th (offset) a reset.
const faultFor = (index: number): Fault => (index % 40 === 7 ? { status: 503 } : index % 40 === 27 ? { reset: "before-headers" } : OK);

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer([], faultFor);
});
afterAll(() => server.close());

async function heapAfterGc(): Promise<number> {
  server.requests.length = 0; // the server's own request log lives in this process too
  // undici frees per-request signal links in FinalizationRegistry callbacks,
  // which run only after a GC and a turn of the event loop.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

describe("load", () => {
  it("settles every one of 3,000 calls at concurrency 64 with 5% faults; heap stays bounded", { timeout: 120_000 }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);

    const pipeline = createPipeline({
      auth: codatAuth({ apiKey: "load-key" }),
      retries: { strategy: "backoff", backoff: { initialInterval: 1, maxInterval: 5 }, maxAttempts: 4 },
      timeoutMs: 5000,
    });
    const run = async (count: number) => {
      const outcomes = { ok: 0, status: 0, typedError: 0, other: [] as unknown[] };
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next++;
          try {
            const response = await pipelineFetch(pipeline)(new Request(`${server.url}/companies/c/connections`));
            await response.arrayBuffer();
            if (response.ok) outcomes.ok++;
            else outcomes.status++;
          } catch (error) {
            if (error instanceof SynclineError) outcomes.typedError++;
            else outcomes.other.push(error);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return outcomes;
    };

    await run(500); // warm up connections, JIT and the budget before measuring
    const before = await heapAfterGc();
    const outcomes = await run(TOTAL);
    const after = await heapAfterGc();
    process.off("unhandledRejection", onUnhandled);

    expect(outcomes.other).toEqual([]);
    expect(outcomes.ok + outcomes.status + outcomes.typedError).toBe(TOTAL);
    // With 4 attempts and 5% faults nearly every call ends well; none is lost.
    expect(outcomes.ok).toBeGreaterThan(TOTAL * 0.99);
    expect(unhandled).toEqual([]);
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
    console.log(
      `load: ${outcomes.ok} ok, ${outcomes.status} error statuses, ${outcomes.typedError} typed errors; ` +
        `heap ${(before / 1048576).toFixed(1)} -> ${(after / 1048576).toFixed(1)} MiB`,
    );
  });

  it("typed errors only: with no retries, resets become ConnectionError", async () => {
    server.reset([{ reset: "before-headers" }]);
    await expect(pipelineFetch(createPipeline({ retries: false }))(new Request(`${server.url}/x`))).rejects.toBeInstanceOf(ConnectionError);
    server.reset([], faultFor);
  });

  it("a token function returning a fresh token per call keeps nothing per token: 1,500 calls with a logger, heap flat", { timeout: 60_000 }, async () => {
    server.reset([], OK);
    let n = 0;
    const token = () => `tok-${++n}-${"r".repeat(4000)}`; // 4 KB each: 6 MB if every one were kept
    const lines: string[] = [];
    const pipeline = createPipeline({ auth: bearerAuth(token), logger: { debug: (line) => (lines[0] = line) } });
    const call = async () => (await pipelineFetch(pipeline)(new Request(`${server.url}/users/me/connections?token=x`))).arrayBuffer();
    for (let i = 0; i < 200; i++) await call(); // warm up
    const before = await heapAfterGc();
    for (let i = 0; i < 1_500; i++) await call();
    const after = await heapAfterGc();
    server.reset([], faultFor);
    expect(after - before).toBeLessThan(3 * 1024 * 1024);
    expect(lines[0]).toMatch(/^\[syncline\] GET http:\/\/127\.0\.0\.1:\d+\/users\/me\/connections\?token=%5BREDACTED%5D -> 200/);
  });
});
