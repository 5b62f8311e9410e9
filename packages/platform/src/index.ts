// Hand-written until the client generator lands: one typed method over the
// generated types, with the runtime's auth, retries, timeouts and typed errors.
import createClient from "openapi-fetch";
import { apiErrorFrom, codatAuth, createPipeline, type CallOptions, type CodatAuthOptions, type PipelineOptions } from "@syncline/runtime";
import type { components, operations, paths } from "./generated/schema";

export type { components, operations, paths };
export type Connection = components["schemas"]["Connection"];
export type Connections = components["schemas"]["Connections"];
export type DataConnectionStatus = components["schemas"]["DataConnectionStatus"];
export type ErrorMessage = components["schemas"]["ErrorMessage"];

type ListQuery = NonNullable<operations["list-connections"]["parameters"]["query"]>;
export type ListConnectionsRequest = { companyId: string } & ListQuery;

export interface PlatformClientOptions extends CodatAuthOptions, Omit<PipelineOptions, "auth" | "client"> {
  /** Defaults to https://api.codat.io. */
  baseUrl?: string;
}

export function createPlatformClient(options: PlatformClientOptions) {
  const pipeline = createPipeline({ ...options, auth: codatAuth(options), client: "@syncline/platform" });
  const raw = createClient<paths>({ baseUrl: options.baseUrl ?? "https://api.codat.io", fetch: (request) => pipeline.fetch(request) });
  return {
    raw,
    connections: {
      async list({ companyId, ...query }: ListConnectionsRequest, call?: CallOptions): Promise<Connections> {
        const { data, error, response } = await raw.GET("/companies/{companyId}/connections", {
          params: { path: { companyId }, query },
          fetch: (request: Request) => pipeline.fetch(request, call),
          signal: call?.signal,
          headers: call?.headers,
        });
        if (data === undefined) {
          throw apiErrorFrom<ErrorMessage>({ status: response.status, statusText: response.statusText, headers: response.headers, body: error, method: "GET", url: response.url, secrets: pipeline.secrets });
        }
        return data;
      },
    },
  };
}
