// Your Powens app before any user: the calls that take the app's client id and
// secret (creating a user, exchanging a code) or no credentials at all (the
// connectors, the webview URL), and a ready client for each user it signs in.
import { connectionsWebauthUrl, createPowensClient } from "./client";
import { type CallOptions, createPowensCore, type PowensClient, type PowensClientOptions } from "./generated/client";
import type { ListConnectorsRequest, ListConnectorsResponse, OpenWebAuthRequest } from "./generated/operations";
import { authenticationExchangeCode, authenticationInit, connectorsList } from "./generated/operations";
import { retryBudgetFrom, type TokenSource } from "@syncline/runtime";

export interface PowensAppOptions extends Omit<PowensClientOptions, "accessToken"> {
  /** Your app's client id, from the Powens console. */
  clientId: string;
  /** Your app's client secret: sent only in the bodies of `createUser` and `exchangeCode`. */
  clientSecret: string;
}

/** A user the app signed in: their permanent token (store it, it is their key) and a client that uses it. */
export interface PowensUser {
  idUser?: number;
  accessToken: string;
  client: PowensClient;
}

export interface PowensApp {
  /** Creates a user with a permanent token (`POST /auth/init`), and a client signed in as them. */
  createUser(options?: CallOptions): Promise<PowensUser>;
  /** Exchanges a temporary code (a webview's, or `getCode`'s) for the user's permanent token (`POST /auth/token/access`). */
  exchangeCode(request: { code: string; redirect_uri?: string }, options?: CallOptions): Promise<PowensUser>;
  /** A client for a user whose permanent token you stored. */
  userClient(accessToken: TokenSource): PowensClient;
  /** The connectors of your domain (`GET /connectors`): no user needed. */
  listConnectors(request?: ListConnectorsRequest, options?: CallOptions): Promise<ListConnectorsResponse>;
  /** The webview URL for a user, from one of their temporary codes (`token`), built locally. */
  webauthUrl(request: Omit<OpenWebAuthRequest, "client_id">): string;
}

/**
 * The app-level calls of Powens, with the app's credentials kept apart from any user's token.
 *
 * @example
 * const app = createPowensApp({ clientId: "12345678", clientSecret: process.env.POWENS_CLIENT_SECRET!, domain: "acme-sandbox" });
 * const { accessToken, client } = await app.createUser();
 * const { code } = await client.authentication.getCode({ type: "singleAccess" });
 * const url = app.webauthUrl({ token: code, redirect_uri: "https://app.example/powens/done" });
 * @throws {TypeError} when clientId or clientSecret is missing or empty
 */
export function createPowensApp(options: PowensAppOptions): PowensApp {
  const { clientId, clientSecret, ...clientOptions } = options;
  for (const [name, value] of [
    ["clientId", clientId],
    ["clientSecret", clientSecret],
  ] as const) {
    // Never the value in the message: it may be the secret.
    if (typeof value !== "string" || value.trim() === "") throw new TypeError(`createPowensApp: ${name} is required (a non-empty string)`);
  }
  // One retry budget for the app and every user's client: in a 429 storm they retry as one client would.
  const shared = { ...clientOptions, retryBudget: retryBudgetFrom(clientOptions.retryBudget) ?? (false as const) };
  // The app's calls declare no security, so this core never sends a token; a user's calls go through userClient.
  const core = createPowensCore({
    ...shared,
    accessToken: () => {
      throw new TypeError("createPowensApp: this call needs a user's access token; use app.userClient(token)");
    },
  });
  const userClient = (accessToken: TokenSource) => createPowensClient({ ...shared, accessToken });
  const credentials = { client_id: clientId, client_secret: clientSecret };

  return {
    async createUser(callOptions) {
      const token = await authenticationInit(core, { requestBody: credentials }, callOptions);
      return { idUser: token.id_user, accessToken: token.auth_token, client: userClient(token.auth_token) };
    },
    async exchangeCode(request, callOptions) {
      const { access_token } = await authenticationExchangeCode(core, { requestBody: { ...credentials, ...request } }, callOptions);
      if (!access_token) throw new TypeError("Powens answered the code exchange without an access_token");
      return { accessToken: access_token, client: userClient(access_token) };
    },
    userClient,
    listConnectors: (request, callOptions) => connectorsList(core, request, callOptions),
    webauthUrl: (request) => connectionsWebauthUrl(core, { ...request, client_id: Number(clientId) }),
  };
}
