// The Powens lifecycle: users and their tokens and temporary codes, the connectors, and each user's connections.
import { randomBytes, randomUUID } from "node:crypto";
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

/** The form a `credentials` connector asks for (what `expand=fields` embeds). */
const CREDENTIAL_FIELDS = [
  { name: "login", type: "text", auth_mechanisms: ["credentials"], label: "Identifiant", description: null, required: true, regex: null, values: null },
  { name: "password", type: "password", auth_mechanisms: ["credentials"], label: "Mot de passe", description: null, required: true, regex: null, values: null },
];

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

/** The names an `expand` query asks for: openapi-backend splits `expand=a,b` (style form, explode false) into an array. */
const expandFields = (expand: unknown) => new Set((Array.isArray(expand) ? expand.map(String) : String(expand ?? "").split(",")).filter(Boolean));

const sqlDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** The Powens app the mock plays: its credentials, and the token of the user that exists from the start. */
export interface PowensMockOptions {
  accessToken: string;
  clientId: string;
  clientSecret: string;
}

interface User {
  id: number;
  signin: string;
  connections: Map<number, Connection>;
}

/** How long a temporary token or code lives, as Powens's docs say: 30 minutes. */
export const TEMPORARY_MS = 30 * 60_000;

export interface PowensMock {
  handlers: Record<string, Handler>;
  /** Whether an Authorization header carries a live token of an existing user. */
  authorizes(header: string | undefined): boolean;
}

export function powensMock(options: PowensMockOptions): PowensMock {
  const users = new Map<number, User>();
  const tokens = new Map<string, { userId: number; expiresAt?: number }>();
  const codes = new Map<string, { userId: number; expiresAt: number; single: boolean }>();
  let nextUserId = 1;
  let nextId = 1;
  // SQL dates have whole seconds: every sync moves last_update forward by at least one.
  let clock = Date.now();
  const tick = () => (clock = Math.max(Date.now(), clock + 1000));
  const newUser = (): User => {
    const user: User = { id: nextUserId++, signin: sqlDate(Date.now()), connections: new Map() };
    users.set(user.id, user);
    return user;
  };
  // The user the mock starts with, whose token is the one the mock was given (or the default).
  tokens.set(options.accessToken, { userId: newUser().id });

  const userOf = (authorization: string | undefined): User | undefined => {
    const grant = tokens.get(authorization?.replace(/^Bearer /, "") ?? "");
    if (!grant || (grant.expiresAt !== undefined && grant.expiresAt <= Date.now())) return undefined;
    return users.get(grant.userId);
  };
  const appCredentials = (body: unknown) => {
    const { client_id, client_secret } = (body ?? {}) as { client_id?: string | null; client_secret?: string | null };
    return { given: client_id != null || client_secret != null, valid: client_id === options.clientId && client_secret === options.clientSecret };
  };
  const refused = () => powensError(401, "forbidden", "Invalid client_id or client_secret");
  const issue = (userId: number, expiresAt?: number) => {
    const token = randomBytes(32).toString("base64url");
    tokens.set(token, { userId, expiresAt });
    return token;
  };

  const sync = (connection: Connection) => {
    connection.last_update = sqlDate(tick());
    connection.state = null;
    connection.error_message = null;
  };
  const expanded = (connection: Connection, expand: unknown) => {
    const fields = expandFields(expand);
    const out: Record<string, unknown> = { ...connection };
    if (fields.has("connector")) {
      out.connector = CONNECTORS[connection.connector_uuid] ?? connector(connection.id_connector, connection.connector_uuid, "Connector", "credentials");
    }
    if (fields.has("sources")) out.sources = [];
    if (fields.has("accounts")) out.accounts = [checkingAccount(connection)];
    if (fields.has("all_accounts")) out.all_accounts = [checkingAccount(connection)];
    return out;
  };
  const create = (user: User, connectorUuid: string): Connection => {
    const known = CONNECTORS[connectorUuid];
    const now = tick();
    const connection: Connection = {
      id: nextId++,
      id_user: user.id,
      id_connector: known?.id ?? 1,
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
    user.connections.set(connection.id, connection);
    return connection;
  };
  const find = (user: User, id: string | undefined): Connection | Reply =>
    user.connections.get(Number(id)) ?? powensError(404, "invalidValue", `Connection ${id} not found`);
  // The security handler let the request in: its token names a user.
  const caller = (authorization: string | undefined) => userOf(authorization)!;

  const handlers: Record<string, Handler> = {
    initUserToken: ({ body }) => {
      const credentials = appCredentials(body);
      if (credentials.given && !credentials.valid) return refused();
      const user = newUser();
      // With the app's credentials the token is permanent; without, it lasts 30 minutes.
      const expiresAt = credentials.valid ? undefined : Date.now() + TEMPORARY_MS;
      const token = issue(user.id, expiresAt);
      return {
        status: 200,
        body: {
          auth_token: token,
          type: credentials.valid ? "permanent" : "temporary",
          id_user: user.id,
          expires_in: credentials.valid ? null : TEMPORARY_MS / 1000,
        },
      };
    },
    getAuthCode: ({ query, authorization }) => {
      const single = query.type === "singleAccess";
      const code = randomBytes(24).toString("base64url");
      codes.set(code, { userId: caller(authorization).id, expiresAt: Date.now() + TEMPORARY_MS, single });
      return { status: 200, body: { code, type: "temporary", access: single ? "single" : "standard", expires_in: TEMPORARY_MS / 1000 } };
    },
    exchangeAccessToken: ({ body }) => {
      if (!appCredentials(body).valid) return refused();
      const grant = takeCode((body as { code: string }).code);
      if (!isGrant(grant)) return grant;
      return { status: 200, body: { access_token: issue(grant.userId), token_type: "Bearer" } };
    },
    getUser: ({ authorization }) => {
      const { id, signin } = caller(authorization);
      return { status: 200, body: { id, signin } };
    },
    deleteUser: ({ authorization }) => {
      const user = caller(authorization);
      // Everything of the user goes: connections, tokens, codes.
      users.delete(user.id);
      for (const [token, grant] of tokens) if (grant.userId === user.id) tokens.delete(token);
      for (const [code, grant] of codes) if (grant.userId === user.id) codes.delete(code);
      return { status: 204 };
    },
    listConnectors: ({ query }) => {
      const fields = expandFields(query.expand);
      const connectors = Object.values(CONNECTORS).map((known) => ({
        ...known,
        ...(fields.has("fields") ? { fields: known.auth_mechanism === "credentials" ? CREDENTIAL_FIELDS : [] } : {}),
        ...(fields.has("sources") ? { sources: [] } : {}),
        ...(fields.has("countries") ? { countries: [{ id: "FR", name: "France" }] } : {}),
      }));
      return { status: 200, body: { connectors } };
    },
    createUserConnection: ({ body, query, authorization }) => {
      const request = body as Record<string, string>;
      const uuid = request.connector_uuid ?? Object.keys(CONNECTORS).find((k) => String(CONNECTORS[k]!.id) === String(request.id_connector));
      if (!uuid) return powensError(400, "missingParameter", "connector_uuid (or id_connector) is required");
      // The test connector's convention: the password "wrong" is refused, like a bank would.
      if (request.password === "wrong") return powensError(400, "wrongpass", "Wrong password");
      return { status: 201, body: expanded(create(caller(authorization), uuid), query.expand) };
    },
    listUserConnections: ({ query, authorization }) => ({
      status: 200,
      body: { connections: [...caller(authorization).connections.values()].map((c) => expanded(c, query.expand)) },
    }),
    getUserConnection: ({ params, query, authorization }) => {
      const found = find(caller(authorization), params.connectionId);
      return isReply(found) ? found : { status: 200, body: expanded(found, query.expand) };
    },
    updateSyncUserConnection: ({ params, query, body, defer, authorization }) => {
      const found = find(caller(authorization), params.connectionId);
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
    deleteUserConnection: ({ params, authorization }) => {
      const user = caller(authorization);
      const found = find(user, params.connectionId);
      if (isReply(found)) return found;
      user.connections.delete(found.id);
      return { status: 204 };
    },
    openWebAuth: ({ query }) => {
      if (query.redirect_uri!.includes("?")) return powensError(400, "invalidValue", "redirect_uri must not contain a query string");
      if (String(query.client_id) !== options.clientId) return powensError(400, "invalidValue", `Unknown client_id ${query.client_id}`);
      // The webview takes a temporary code of the user, never a permanent token.
      const grant = takeCode(query.token!);
      if (!isGrant(grant)) return grant;
      const user = users.get(grant.userId)!;
      // The webview is "completed" at once: a connection is added (or resumed) and the user sent back.
      const connection = query.id_connection ? find(user, query.id_connection) : create(user, query.connector_uuid ?? Object.keys(CONNECTORS)[0]!);
      if (isReply(connection)) return connection;
      const back = new URL(query.redirect_uri!);
      back.searchParams.set("id_connection", String(connection.id));
      if (query.state !== undefined) back.searchParams.set("state", query.state);
      return { status: 302, headers: { location: back.toString() } };
    },
  };

  const isGrant = (value: { userId: number } | Reply): value is { userId: number } => "userId" in value;
  /** A live code's grant (a single-use one is spent), or the 400 Powens answers for a dead one. */
  function takeCode(code: string): { userId: number } | Reply {
    const grant = codes.get(code);
    if (!grant || grant.expiresAt <= Date.now() || !users.has(grant.userId))
      return powensError(400, "invalidValue", "The temporary code is unknown or expired");
    if (grant.single) codes.delete(code);
    return grant;
  }

  return { handlers, authorizes: (header) => userOf(header) !== undefined };
}
