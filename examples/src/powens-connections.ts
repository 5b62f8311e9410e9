// The user-connection calls of Powens's documentation, against @syncline/powens.
import type { PowensClient } from "@syncline/powens";

const connectorUuid = "338178e6-3d01-564f-9a7b-52ca442459bf";

/** Add a connection to a credentials connector. */
export async function createConnection(powens: PowensClient) {
  return powens.connections.createUserConnection({ requestBody: { connector_uuid: connectorUuid, username: "test", password: "hello" } });
}

/** List the user's connections, with their connector and accounts. */
export async function listConnections(powens: PowensClient) {
  const { connections } = await powens.connections.listUserConnections({ expand: ["connector", "accounts"] });
  return connections;
}

/** Get one connection. */
export async function getConnection(powens: PowensClient, connectionId: number) {
  return powens.connections.getUserConnection({ connectionId });
}

/** Sync a connection now, in the background (poll it afterwards). */
export async function syncConnection(powens: PowensClient, connectionId: number) {
  return powens.connections.updateSyncUserConnection({ connectionId, background: true });
}

/** Send a new password for a connection in `wrongpass` state. */
export async function updateCredentials(powens: PowensClient, connectionId: number) {
  return powens.connections.updateSyncUserConnection({ connectionId, requestBody: { password: "new-secret" } });
}

/** Delete a connection and all its data. */
export async function deleteConnection(powens: PowensClient, connectionId: number) {
  await powens.connections.deleteUserConnection({ connectionId });
}

/** The webview URL that adds a connection (built locally), and the redirect it leads to. */
export async function webview(powens: PowensClient, temporaryCode: string) {
  const request = {
    client_id: 12345678,
    token: temporaryCode,
    redirect_uri: "https://example.com/powens/callback",
    connector_uuid: connectorUuid,
    state: "session-42",
  };
  // The same request two ways: the URL built locally, or sent (the redirect's Location, not followed).
  const url = powens.connections.webauthUrl(request);
  const location = await powens.connections.openWebAuth(request);
  return { url, location };
}
