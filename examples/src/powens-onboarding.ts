// Powens from zero: a user for your customer, the webview URL that adds their
// first bank (with a single-use code, never their permanent token), and the
// token to store for them.
import type { PowensApp } from "@syncline/powens";

export async function startBankLink(app: PowensApp, redirectUri: string): Promise<{ accessToken: string; webviewUrl: string }> {
  const { accessToken, client } = await app.createUser();
  const { connectors } = await app.listConnectors();
  const bank = connectors.find((connector) => connector.auth_mechanism === "webauth" && !connector.restricted);
  if (!bank) throw new Error("no connector of your domain offers the webview");
  const { code } = await client.authentication.getCode({ type: "singleAccess" });
  return { accessToken, webviewUrl: app.webauthUrl({ token: code, redirect_uri: redirectUri, connector_uuid: bank.uuid }) };
}
