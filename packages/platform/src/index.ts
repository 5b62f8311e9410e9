// The generated client, plus the one convenience the spec cannot express.
import {
  createPlatformClient as createGeneratedClient,
  type CallOptions,
  type PlatformClient as GeneratedPlatformClient,
  type PlatformClientOptions,
} from "./generated/client";

export * from "./generated/client";

/**
 * The Platform client: the generated one plus `connections.getAuthorizationUrl`.
 * A named type, so editors show each method's documentation from the spec.
 */
export type PlatformClient = GeneratedPlatformClient & {
  connections: GeneratedPlatformClient["connections"] & {
    /** The URL that (re-)authorizes a connection: its `linkUrl`, read with `get`. */
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
      async getAuthorizationUrl(request: { companyId: string; connectionId: string }, callOptions?: CallOptions): Promise<{ url: string }> {
        const connection = await client.connections.get(request, callOptions);
        return { url: connection.linkUrl };
      },
    },
  };
}
