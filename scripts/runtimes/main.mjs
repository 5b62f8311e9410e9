// Entry for the runtimes with a command line (Node, Bun, Deno): the flow's config from
// SYNCLINE_RUNTIME_CONFIG, its result as one JSON line on stdout.
import { runFlow } from "./consumer.mjs";

const env = globalThis.Deno ? globalThis.Deno.env.toObject() : globalThis.process.env;
const passed = await runFlow(JSON.parse(env.SYNCLINE_RUNTIME_CONFIG));
console.log(JSON.stringify({ passed }));
