// The Powens user-connection lifecycle.
import { randomUUID } from "node:crypto";
import { isReply, type Handler, type Reply } from "./types";

interface Connection {
  id: number;
  id_user: number;
  id_connector: number;
  connector_uuid: string;
  state: string | null;
  error_message: string | null;
  last_update: string | null;
  created: string;
  active: boolean;
  last_push: string | null;
  expire: string | null;
  next_try: string | null;
}

/** The connectors the mock knows, as `expand=connector` embeds them (every field the spec's Connector requires). */
const CONNECTORS: Record<string, { id: number; uuid: string; name: string } & Record<string, unknown>> = {
  "338178e6-3d01-564f-9a7b-52ca442459bf": connector(59, "338178e6-3d01-564f-9a7b-52ca442459bf", "Connecteur de test", "credentials"),
  "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f": connector(40, "8f3a4c6e-2b1d-4f5a-9c7e-1d2b3c4d5e6f", "Demo Bank", "webauth"),
};

function connector(id: number, uuid: string, name: string, authMechanism: "credentials" | "webauth") {
  return {
    id,
    uuid,
    name,
    hidden: false,
    charged: true,
    code: null,
    beta: false,
    color: "0a5c9e",
    slug: name.slice(0, 3).toUpperCase(),
    capabilities: ["bank"],
    urls: null,
    sync_periodicity: null,
    months_to_fetch: null,
    auth_mechanism: authMechanism,
    transfer_mechanism: authMechanism,
    siret: null,
    restricted: false,
  };
}

/** The one checking account each mock connection holds (what `expand=accounts` embeds). */
function checkingAccount(connection: Connection) {
  return {
    id: connection.id * 10 + 1,
    id_connection: connection.id,
    id_user: connection.id_user,
    id_source: connection.id,
    id_parent: null,
    display: true,
    name: "Compte courant",
    bookmarked: false,
    usage: "PRIV",
    original_name: "CPT COURANT",
    balance: 1234.56,
    coming: 0,
    currency: { id: "EUR", name: "Euro", symbol: "€", precision: 2 },
    type: "checking",
    id_type: 2,
    last_update: connection.last_update,
    deleted: null,
    disabled: null,
    number: "3002900000",
    iban: "FR7630004000031234567890143",
    loan: null,
  };
}

export const powensError = (status: number, code: string, description: string): Reply => ({
  status,
  body: { code, description, message: null, request_id: randomUUID() },
});

const sqlDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

export function powensHandlers(): Record<string, Handler> {
  const connections = new Map<number, Connection>();
  let nextId = 1;
  // SQL dates have whole seconds: every sync moves last_update forward by at least one.
  let clock = Date.now();
  const tick = () => (clock = Math.max(Date.now(), clock + 1000));
  const sync = (connection: Connection) => {
    connection.last_update = sqlDate(tick());
    connection.state = null;
    connection.error_message = null;
  };
  const expanded = (connection: Connection, expand: unknown) => {
    // openapi-backend splits `expand=a,b` (style form, explode false) into an array.
    const fields = new Set((Array.isArray(expand) ? expand.map(String) : String(expand ?? "").split(",")).filter(Boolean));
    const out: Record<string, unknown> = { ...connection };
    if (fields.has("connector")) {
      out.connector = CONNECTORS[connection.connector_uuid] ?? connector(connection.id_connector, connection.connector_uuid, "Connector", "credentials");
    }
    if (fields.has("sources")) out.sources = [];
    if (fields.has("accounts")) out.accounts = [checkingAccount(connection)];
    if (fields.has("all_accounts")) out.all_accounts = [checkingAccount(connection)];
    return out;
  };
  const create = (connectorUuid: string): Connection => {
    const connector = CONNECTORS[connectorUuid];
    const now = tick();
    const connection: Connection = {
      id: nextId++,
      id_user: 1,
      id_connector: connector?.id ?? 1,
      connector_uuid: connectorUuid,
      state: null,
      error_message: null,
      last_update: sqlDate(now),
      created: sqlDate(now),
      active: true,
      last_push: null,
      expire: null,
      next_try: sqlDate(now + 86_400_000),
    };
    connections.set(connection.id, connection);
    return connection;
  };
  const find = (id: string | undefined): Connection | Reply => connections.get(Number(id)) ?? powensError(404, "invalidValue", `Connection ${id} not found`);

  return {
    createUserConnection: ({ body, query }) => {
      const request = body as Record<string, string>;
      const uuid = request.connector_uuid ?? Object.keys(CONNECTORS).find((k) => String(CONNECTORS[k]!.id) === String(request.id_connector));
      if (!uuid) return powensError(400, "missingParameter", "connector_uuid (or id_connector) is required");
      // The test connector's convention: the password "wrong" is refused, like a bank would.
      if (request.password === "wrong") return powensError(400, "wrongpass", "Wrong password");
      return { status: 201, body: expanded(create(uuid), query.expand) };
    },
    listUserConnections: ({ query }) => ({ status: 200, body: { connections: [...connections.values()].map((c) => expanded(c, query.expand)) } }),
    getUserConnection: ({ params, query }) => {
      const found = find(params.connectionId);
      return isReply(found) ? found : { status: 200, body: expanded(found, query.expand) };
    },
    updateSyncUserConnection: ({ params, query, body, defer }) => {
      const found = find(params.connectionId);
      if (isReply(found)) return found;
      const update = (body ?? {}) as Record<string, string>;
      if (update.password === "wrong") return powensError(400, "wrongpass", "Wrong password");
      if (query.background !== undefined) {
        // Answer at once; the sync lands shortly after (poll to see it).
        found.state = "validating";
        defer(() => sync(found));
        return { status: 200, body: expanded(found, query.expand) };
      }
      sync(found);
      return { status: 200, body: expanded(found, query.expand) };
    },
    deleteUserConnection: ({ params }) => {
      const found = find(params.connectionId);
      if (isReply(found)) return found;
      connections.delete(found.id);
      return { status: 204 };
    },
    openWebAuth: ({ query }) => {
      if (query.redirect_uri!.includes("?")) return powensError(400, "invalidValue", "redirect_uri must not contain a query string");
      // The webview is "completed" at once: a connection is added (or resumed) and the user sent back.
      const connection = query.id_connection ? find(query.id_connection) : create(query.connector_uuid ?? Object.keys(CONNECTORS)[0]!);
      if (isReply(connection)) return connection;
      const back = new URL(query.redirect_uri!);
      back.searchParams.set("id_connection", String(connection.id));
      if (query.state !== undefined) back.searchParams.set("state", query.state);
      return { status: 302, headers: { location: back.toString() } };
    },
  };
}
