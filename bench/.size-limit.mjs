// Size guards for the bundle of an app that calls two operations (apps.mjs),
// for every API in redocly.yaml. The budget is 6 KB gzip (issue #15); these
// limits stop regressions from today's sizes until the runtime gets there.
import { apps } from "./src/apps.mjs";

export default apps.flatMap(({ name, client, functions }) => [
  { name: `@syncline/${name} (client + runtime)`, path: `../packages/${name}/dist/index.js`, import: client.import, gzip: true, limit: "8.2 kB" },
  { name: `@syncline/${name} (core + two functions)`, path: `../packages/${name}/dist/index.js`, import: functions.import, gzip: true, limit: "7.7 kB" },
]);
