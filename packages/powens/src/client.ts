// The generated client, plus the one rule of Powens's that the spec cannot make
// the client enforce: `redirect_uri` must not carry a query string.
import { createPowensClient as createGeneratedClient, type PowensClient, type PowensClientOptions } from "./generated/client";
import { connectionsWebauthUrl as generatedWebauthUrl, type OpenWebAuthRequest } from "./generated/operations";

/**
 * The URL of the webview that adds or manages the user's connections, built locally (nothing is
 * sent): for the user's browser to open.
 *
 * @example
 * const url = connectionsWebauthUrl(powens, { client_id: 12345678, token: "code", redirect_uri: "https://app.example/done" });
 * @throws {TypeError} when `redirect_uri` has a query string (Powens forbids it; carry data in `state`)
 */
export function connectionsWebauthUrl(client: { readonly baseUrl: string }, request: OpenWebAuthRequest): string {
  // webauthUrl sends nothing, so no server can refuse the URL: check here, before
  // the user's browser lands on Powens's error page. (openWebAuth gets Powens's own 400.)
  if (String(request?.redirect_uri).includes("?")) {
    throw new TypeError("connections.webauthUrl: redirect_uri must not contain a query string (Powens forbids it); use state to carry data");
  }
  return generatedWebauthUrl(client, request);
}

/** A typed client for the Powens user connections endpoints. */
// Typed by the generated PowensClient by name, so editors show each method's documentation from the spec.
export function createPowensClient(options: PowensClientOptions): PowensClient {
  const client = createGeneratedClient(options);
  client.connections.webauthUrl = (request) => connectionsWebauthUrl(client, request);
  return client;
}
