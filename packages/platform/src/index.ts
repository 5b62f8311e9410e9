// The generated client and operations, plus the one convenience the spec cannot express.
import {
  createPlatformClient as createGeneratedClient,
  type CallOptions,
  type PlatformClient as GeneratedPlatformClient,
  type PlatformClientOptions,
} from "./generated/client";
import { connectionsGet } from "./generated/operations";
import type { OperationClient } from "@syncline/runtime";

export * from "./generated/client";
export * from "./generated/operations";

/**
 * The URL that (re-)authorizes a connection: its `linkUrl`, read with `get`
 * (Codat has no endpoint of its own for it).
 *
 * @example
 * const { url } = await connectionsGetAuthorizationUrl(platform, { companyId: "8a210b68-6988-11ed-a1eb-0242ac120002", connectionId: "2e9d2c44-f675-40ba-8049-353bfcb5e171" });
 * @throws {NotFoundError} 404 (the company or connection does not exist), and every error `get` throws
 */
export async function connectionsGetAuthorizationUrl(
  client: OperationClient,
  request: { companyId: string; connectionId: string },
  callOptions?: CallOptions,
): Promise<{ url: string }> {
  const connection = await connectionsGet(client, request, callOptions);
  return { url: connection.linkUrl };
}

/**
 * The Platform client: the generated one plus `connections.getAuthorizationUrl`.
 * A named type, so editors show each method's documentation from the spec.
 */
export type PlatformClient = GeneratedPlatformClient & {
  connections: GeneratedPlatformClient["connections"] & {
    /**
     * The URL that (re-)authorizes a connection: its `linkUrl`, read with `get`
     * (Codat has no endpoint of its own for it).
     *
     * @example
     * const { url } = await platform.connections.getAuthorizationUrl({ companyId: "8a210b68-6988-11ed-a1eb-0242ac120002", connectionId: "2e9d2c44-f675-40ba-8049-353bfcb5e171" });
     * @throws {NotFoundError} 404 (the company or connection does not exist), and every error `get` throws
     */
    getAuthorizationUrl(request: { companyId: string; connectionId: string }, callOptions?: CallOptions): Promise<{ url: string }>;
  };
};

/**
 * A typed client for the Codat Platform API connections endpoints, with
 * `connections.getAuthorizationUrl`: Codat has no such endpoint; a
 * connection's `linkUrl` is the URL the customer opens to (re-)authorize it.
 */
export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const client = createGeneratedClient(options);
  return {
    ...client,
    connections: {
      ...client.connections,
      getAuthorizationUrl: (request, callOptions) => connectionsGetAuthorizationUrl(client, request, callOptions),
    },
  };
}
