// Types generated from specs/powens.yaml. The typed client (resource methods on
// top of openapi-fetch and @syncline/runtime) lands with the client packages issue.
import type { components, operations, paths } from "./generated/schema";

export type { components, operations, paths };
export type Connection = components["schemas"]["Connection"];
export type ConnectionsList = components["schemas"]["ConnectionsList"];
export type ConnectionState = components["schemas"]["ConnectionState"];
export type ConnectionRequest = components["schemas"]["ConnectionRequest"];
export type ConnectionUpdateRequest = components["schemas"]["ConnectionUpdateRequest"];
export type ServiceError = components["schemas"]["ServiceError"];
