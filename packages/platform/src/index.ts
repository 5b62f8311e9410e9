import createClient from "openapi-fetch";
import { codatAuthorization, type CodatAuthOptions } from "@syncline/runtime";
import type { components, operations, paths } from "./generated/schema";

export type { components, operations, paths };
export type Connection = components["schemas"]["Connection"];
export type Connections = components["schemas"]["Connections"];
export type DataConnectionStatus = components["schemas"]["DataConnectionStatus"];
export type ErrorMessage = components["schemas"]["ErrorMessage"];

type ListQuery = NonNullable<operations["list-connections"]["parameters"]["query"]>;
export type ListConnectionsRequest = { companyId: string } & ListQuery;

export interface PlatformClientOptions extends CodatAuthOptions {
  /** Defaults to https://api.codat.io. */
  baseUrl?: string;
  /** A fetch implementation; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export function createPlatformClient(options: PlatformClientOptions) {
  const raw = createClient<paths>({
    baseUrl: options.baseUrl ?? "https://api.codat.io",
    headers: { Authorization: codatAuthorization(options) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    raw,
    connections: {
      async list({ companyId, ...query }: ListConnectionsRequest): Promise<Connections> {
        const { data, error, response } = await raw.GET("/companies/{companyId}/connections", {
          params: { path: { companyId }, query },
        });
        if (data === undefined) {
          throw new Error(`list-connections failed with HTTP ${response.status}: ${JSON.stringify(error)}`);
        }
        return data;
      },
    },
  };
}
