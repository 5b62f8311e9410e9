// The Connections calls of Codat's SDK documentation (Sync for Commerce,
// Sync for Payables, Platform), written against the Syncline clients.
import type { CommerceClient } from "@syncline/commerce";

/** The company and connection a call acts on: by default the ids of Codat's documentation. */
export interface ConnectionIds {
  companyId: string;
  connectionId: string;
}

const documented: ConnectionIds = { companyId: "8a210b68-6988-11ed-a1eb-0242ac120002", connectionId: "2e9d2c44-f675-40ba-8049-353bfcb5e171" };

/** Create a connection to an integration (Xero: "gbol"). */
export async function createConnection(commerce: CommerceClient, companyId = documented.companyId) {
  const connection = await commerce.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
  return connection; // status "PendingAuth": send the customer to connection.linkUrl
}

/** List connections, one page, filtered and sorted. */
export async function listConnections(commerce: CommerceClient, companyId = documented.companyId) {
  return commerce.connections.list({ companyId, page: 1, pageSize: 100, query: "status=Linked", orderBy: "-modifiedDate" });
}

/** Get one connection. */
export async function getConnection(commerce: CommerceClient, { companyId, connectionId } = documented) {
  return commerce.connections.get({ companyId, connectionId });
}

/** Delete a connection (irreversible). */
export async function deleteConnection(commerce: CommerceClient, { companyId, connectionId } = documented) {
  await commerce.connections.delete({ companyId, connectionId });
}

/** Unlink a connection: deauthorize it, keep its data. */
export async function unlinkConnection(commerce: CommerceClient, { companyId, connectionId } = documented) {
  return commerce.connections.unlink({ companyId, connectionId });
}

/** Update a connection's authorization values. */
export async function updateAuthorization(commerce: CommerceClient, { companyId, connectionId } = documented) {
  return commerce.connections.updateAuthorization({ companyId, connectionId, requestBody: { key: "value" } });
}

/** Update a connection's status. */
export async function updateConnection(commerce: CommerceClient, { companyId, connectionId } = documented) {
  return commerce.connections.updateConnection({ companyId, connectionId, requestBody: { status: "Linked" } });
}

/** Start a new Sync Flow: returns the URL (with a one-time passcode) for the merchant. */
export async function getSyncFlowUrl(commerce: CommerceClient, merchantIdentifier = documented.companyId) {
  const { url } = await commerce.connections.getSyncFlowUrl({ commerceKey: "payment", accountingKey: "Manager", merchantIdentifier });
  return url;
}
