// The generated client and operations; the client with Powens's rules the spec
// cannot state (client.ts); and the app, before any user (app.ts).
export * from "./generated/client";
export * from "./generated/operations";
export { connectionsWebauthUrl, createPowensClient } from "./client";
export { createPowensApp, type PowensApp, type PowensAppOptions, type PowensUser } from "./app";
