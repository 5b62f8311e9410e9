// The generated client, plus `webauthUrl`, which builds the webview URL locally.
import { createPowensClient as createGeneratedClient, type PowensClientOptions } from "./generated/client";

export * from "./generated/client";

export interface WebauthUrlParams {
  /** Your Powens client id. */
  clientId: number;
  /** A temporary code from `GET /auth/token/code` (not the permanent access token). */
  token: string;
  /** Where Powens sends the user afterwards; it must not contain a query string. */
  redirectUri: string;
  /** The connector of a new connection. */
  connectorUuid?: string;
  /** @deprecated Use `connectorUuid`. */
  idConnector?: number;
  /** An existing connection to resume or repair. */
  idConnection?: number;
  source?: string;
  /** Echoed back to `redirectUri`. */
  state?: string;
}

/** A typed client for the Powens user connections endpoints, with `connections.webauthUrl`. */
export function createPowensClient(options: PowensClientOptions) {
  const client = createGeneratedClient(options);
  return {
    ...client,
    connections: {
      ...client.connections,
      /**
       * The `/webauth` URL to send the user's browser to, built locally (no
       * request). Throws if `redirectUri` has a query string, which Powens forbids.
       */
      webauthUrl(params: WebauthUrlParams): string {
        for (const name of ["clientId", "token", "redirectUri"] as const) {
          if (params[name] === undefined || params[name] === "") throw new TypeError(`webauthUrl: missing required parameter "${name}"`);
        }
        if (params.redirectUri.includes("?")) {
          throw new TypeError("webauthUrl: redirectUri must not contain a query string (Powens forbids it); use state to carry data");
        }
        const url = new URL(`${client.baseUrl}/webauth`);
        const query: [string, string | number | undefined][] = [
          ["client_id", params.clientId],
          ["token", params.token],
          ["redirect_uri", params.redirectUri],
          ["connector_uuid", params.connectorUuid],
          ["id_connector", params.idConnector],
          ["id_connection", params.idConnection],
          ["source", params.source],
          ["state", params.state],
        ];
        for (const [name, value] of query) if (value !== undefined) url.searchParams.set(name, String(value));
        return url.toString();
      },
    },
  };
}

export type PowensClient = ReturnType<typeof createPowensClient>;
