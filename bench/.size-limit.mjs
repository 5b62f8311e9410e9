// Size guards for the bundle of an app that calls two operations (apps.mjs),
// for every API in redocly.yaml. The budget is 8 KB gzip for the functions
// (the 6 KB target of issue #15 is retired: bench/README.md, "Where the bytes
// go", says why it is out of reach with every safety item kept).
// The client object carries every operation of its API (Platform's 15, with
// companies and integrations: 9.02 kB here), so it grows with the API; the core
// and the functions an app imports do not (7.91-7.97 kB; Powens's app calls
// createUser, whose body carries the app's secret), and are held to the budget.
// Since the last guards (7.9 / 8.8 kB), 2026-12-06: refusing NaN and Infinity in
// parameters and bodies, the token-safe OAuth2 plumbing, and one redactor per
// call (+150 B in all). HTML-escaped key forms would add 55 B: left out. A path's own
// fixed query (OpenAI's ?beta=true) added 7 B; a TextDecoder no app used, kept by the
// bundler as if it had effects, now marked pure, took 7 B off: Powens's functions 7,995 B.
// Streaming (fetchStream, the event readers, the raw client's parseAs "stream") lives in modules no
// function imports. Two of its constants (10 * 1024 * 1024, Symbol()) and the OAuth2 token cap
// (1024 * 1024) were kept in every bundle as if computing them had effects: written as literals or
// marked pure, they are gone. Powens's functions 7,986 B.
// Session 15: HTML-escaped echoes of a key and the tokens an API returned are redacted (+124 B); Powens
// checks its host variable alone (-117 B) and only redirect operations bundle redirectLocation (-25 B):
// functions 7,906-7,966 B. Platform's client object (15 operations) came to 9,021 B: its guard is 9.1 kB.
// Session 17: "(after N attempts in N ms)" at the end of a retried call's error, paid for by folding code
// (bench/README.md, "Against the targets"): functions 7,977-7,990 B; client objects 8,909-9,092 B.
import { apps } from "./src/apps.mjs";

export default apps.flatMap(({ name, client, functions }) => [
  { name: `@syncline/${name} (client + runtime)`, path: `../packages/${name}/dist/index.js`, import: client.import, gzip: true, limit: "9.1 kB" },
  { name: `@syncline/${name} (core + two functions)`, path: `../packages/${name}/dist/index.js`, import: functions.import, gzip: true, limit: "8.0 kB" },
]);
