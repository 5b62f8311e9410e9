// The generated client, plus the one rule of Powens's that the spec cannot
// make the client enforce: `redirect_uri` must not carry a query string.
import { createPowensClient as createGeneratedClient, type PowensClient, type PowensClientOptions } from "./generated/client";

export * from "./generated/client";

/** A typed client for the Powens user connections endpoints. */
// Typed by the generated PowensClient by name, so editors show each method's documentation from the spec.
export function createPowensClient(options: PowensClientOptions): PowensClient {
  const client = createGeneratedClient(options);
  const { webauthUrl } = client.connections;
  // webauthUrl sends nothing, so no server can refuse the URL: check here, before
  // the user's browser lands on Powens's error page. (openWebAuth gets Powens's own 400.)
  client.connections.webauthUrl = (request) => {
    if (String(request?.redirect_uri).includes("?")) {
      throw new TypeError("connections.webauthUrl: redirect_uri must not contain a query string (Powens forbids it); use state to carry data");
    }
    return webauthUrl(request);
  };
  return client;
}
