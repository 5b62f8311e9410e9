// The Connections calls of Codat's SDK documentation (Sync for Commerce,
// Sync for Payables, Platform), written against the Syncline clients.
import type { CommerceClient } from "@syncline/commerce";

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const connectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171";

/** Create a connection to an integration (Xero: "gbol"). */
export async function createConnection(commerce: CommerceClient) {
  const connection = await commerce.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
  return connection; // status "PendingAuth": send the customer to connection.linkUrl
}

/** List connections, one page, filtered and sorted. */
export async function listConnections(commerce: CommerceClient) {
  return commerce.connections.list({ companyId, page: 1, pageSize: 100, query: "status=Linked", orderBy: "-modifiedDate" });
}

/** Get one connection. */
export async function getConnection(commerce: CommerceClient) {
  return commerce.connections.get({ companyId, connectionId });
}

/** Delete a connection (irreversible). */
export async function deleteConnection(commerce: CommerceClient) {
  await commerce.connections.delete({ companyId, connectionId });
}

/** Unlink a connection: deauthorize it, keep its data. */
export async function unlinkConnection(commerce: CommerceClient) {
  return commerce.connections.unlink({ companyId, connectionId });
}

/** Update a connection's authorization values. */
export async function updateAuthorization(commerce: CommerceClient) {
  return commerce.connections.updateAuthorization({ companyId, connectionId, requestBody: { key: "value" } });
}

/** Update a connection's status. */
export async function updateConnection(commerce: CommerceClient) {
  return commerce.connections.updateConnection({ companyId, connectionId, requestBody: { status: "Linked" } });
}

/** Start a new Sync Flow: returns the URL (with a one-time passcode) for the merchant. */
export async function getSyncFlowUrl(commerce: CommerceClient) {
  const { url } = await commerce.connections.getSyncFlowUrl({ commerceKey: "payment", accountingKey: "Manager", merchantIdentifier: companyId });
  return url;
}
