// Everything here is generated from the spec: the client (src/generated/client.ts)
// and one function per operation (src/generated/operations.ts).
export * from "./generated/client";
export * from "./generated/operations";
