// The generated client, plus the one rule of Powens's that the spec cannot
// make the client enforce: `redirect_uri` must not carry a query string.
import { createPowensClient as createGeneratedClient, type PowensClientOptions } from "./generated/client";

export * from "./generated/client";

/** A typed client for the Powens user connections endpoints. */
export function createPowensClient(options: PowensClientOptions) {
  const client = createGeneratedClient(options);
  const { openWebAuth, webauthUrl } = client.connections;
  // Checked here so the user's browser never lands on Powens's error page.
  const checkRedirectUri = (name: string, request: { redirect_uri?: unknown }) => {
    if (String(request?.redirect_uri).includes("?")) {
      throw new TypeError(`connections.${name}: redirect_uri must not contain a query string (Powens forbids it); use state to carry data`);
    }
  };
  client.connections.openWebAuth = async (request, callOptions) => {
    checkRedirectUri("openWebAuth", request);
    return openWebAuth(request, callOptions);
  };
  client.connections.webauthUrl = (request) => {
    checkRedirectUri("webauthUrl", request);
    return webauthUrl(request);
  };
  return client;
}

export type PowensClient = ReturnType<typeof createPowensClient>;
