// Size guards for the bundle of an app that calls two operations (apps.mjs),
// for every API in redocly.yaml. The budget is 6 KB gzip (issue #15); these
// limits stop regressions from today's sizes (bench/README.md, "Where the bytes
// go", says why 6 KB is out of reach with every safety item kept).
// The client object carries every operation of its API (Platform's 15, with
// companies and integrations: 8.71 kB here), so it grows with the API; the core
// and the functions an app imports do not (7.65-7.83 kB; Powens's app calls createUser, whose body carries the app's secret), and hold the tighter limit.
import { apps } from "./src/apps.mjs";

export default apps.flatMap(({ name, client, functions }) => [
  { name: `@syncline/${name} (client + runtime)`, path: `../packages/${name}/dist/index.js`, import: client.import, gzip: true, limit: "8.8 kB" },
  { name: `@syncline/${name} (core + two functions)`, path: `../packages/${name}/dist/index.js`, import: functions.import, gzip: true, limit: "7.9 kB" },
]);
