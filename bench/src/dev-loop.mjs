// The dev loop's latency: from a spec save to the package's rebuilt dist, in
// `npm run dev` running in a scratch copy of the repo. The README promises 10 s.
import { startDevSession } from "../../scripts/lib/dev-session.mjs";

/** Seconds from each save to "built", each save a revision turbo has not cached; sorted. */
export async function devLoopLatency({ saves }) {
  const dev = await startDevSession();
  try {
    const seconds = [];
    for (let i = 0; i < saves; i++) seconds.push(await dev.savePlatformSpec(i + 1));
    return seconds.sort((a, b) => a - b);
  } finally {
    dev.stop();
  }
}
