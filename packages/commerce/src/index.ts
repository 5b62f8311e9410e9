// Types generated from specs/commerce.yaml. The typed client (resource methods on
// top of openapi-fetch and @syncline/runtime) lands with the client packages issue.
import type { components, operations, paths } from "./generated/schema";

export type { components, operations, paths };
export type Connection = components["schemas"]["Connection"];
export type Connections = components["schemas"]["Connections"];
export type DataConnectionStatus = components["schemas"]["DataConnectionStatus"];
export type ErrorMessage = components["schemas"]["ErrorMessage"];
