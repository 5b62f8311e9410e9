// Everything here is generated from the spec; see src/generated/client.ts.
export * from "./generated/client";
