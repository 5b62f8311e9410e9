// The Codat connection lifecycle (Commerce, Payables and Platform share it).
import { randomInt, randomUUID } from "node:crypto";
import { isReply, type Handler, type Reply } from "./types";

interface Connection {
  id: string;
  integrationId: string;
  integrationKey: string;
  sourceId: string;
  sourceType: string;
  platformName: string;
  linkUrl: string;
  status: "PendingAuth" | "Linked" | "Unlinked" | "Deauthorized";
  lastSync: string | null;
  created: string;
  dataConnectionErrors: unknown[];
  connectionInfo: Record<string, unknown> | null;
}

// A few real integrations, so created connections look like Codat's.
const PLATFORMS: Record<string, { name: string; sourceType: string; integrationId: string }> = {
  gbol: { name: "Xero", sourceType: "Accounting", integrationId: "bf083d72-62c7-493e-aec9-81b4dbba7e2c" },
  qhyg: { name: "QuickBooks Online", sourceType: "Accounting", integrationId: "8bdd5b1e-4e4e-4a9a-8e10-0d1c0cc7c7b6" },
  dfxm: { name: "Basiq", sourceType: "Banking", integrationId: "fd321cb6-7963-4506-b873-e99593a45e30" },
  gcsu: { name: "Shopify", sourceType: "Commerce", integrationId: "c7f1b8a0-43a6-4bd6-8bd0-6bb3f0b9f0c1" },
};

export const codatError = (status: number, error: string, errors: { itemId: string | null; message: string }[] = []): Reply => ({
  status,
  body: {
    statusCode: status,
    service: "PublicApi",
    error,
    correlationId: randomUUID().replaceAll("-", ""),
    validation: errors.length ? { errors: errors.map((e) => ({ ...e, validatorName: "RequestValidator" })), warnings: [] } : null,
    canBeRetried: "Unknown",
    detailedErrorCode: 0,
  },
});

/** `status=Linked`, `platformName!=Xero`, `platformName~Xe`, joined with `&&`. */
function compileQuery(query: string | undefined): ((c: Connection) => boolean) | string {
  if (!query) return () => true;
  const clauses = query.split("&&").map((clause) => /^\s*(\w+)\s*(!=|=|~)\s*(.*?)\s*$/.exec(clause));
  if (clauses.some((c) => c === null)) return `Error parsing query - Malformed query: ${query}`;
  return (connection) =>
    clauses.every((match) => {
      const [, field, op, value] = match!;
      const actual = String((connection as unknown as Record<string, unknown>)[field!] ?? "");
      return op === "=" ? actual === value : op === "!=" ? actual !== value : actual.toLowerCase().includes(value!.toLowerCase());
    });
}

export function codatHandlers(): Record<string, Handler> {
  const companies = new Map<string, Map<string, Connection>>();
  const connectionsOf = (companyId: string) => {
    let map = companies.get(companyId);
    if (!map) {
      map = new Map();
      companies.set(companyId, map);
    }
    return map;
  };
  const find = (params: Record<string, string>): Connection | Reply =>
    connectionsOf(params.companyId!).get(params.connectionId!) ?? codatError(404, `Data connection ${params.connectionId} not found`);

  return {
    "list-connections": ({ params, query, path }) => {
      const page = Number(query.page ?? 1);
      const pageSize = Number(query.pageSize ?? 100);
      const filter = compileQuery(query.query);
      if (typeof filter === "string") return codatError(400, filter, [{ itemId: "query", message: filter }]);
      let all = [...connectionsOf(params.companyId!).values()].filter(filter);
      if (query.orderBy) {
        const desc = query.orderBy.startsWith("-");
        const field = query.orderBy.replace(/^-/, "");
        all = all.sort((a, b) => String((a as never)[field] ?? "").localeCompare(String((b as never)[field] ?? "")) * (desc ? -1 : 1));
      }
      const results = all.slice((page - 1) * pageSize, page * pageSize);
      const link = (n: number) => ({ href: `${path}?page=${n}&pageSize=${pageSize}` });
      const links: Record<string, { href: string }> = { self: { href: path }, current: link(page) };
      if (page * pageSize < all.length) links.next = link(page + 1);
      if (page > 1) links.previous = link(page - 1);
      return { status: 200, body: { results, pageNumber: page, pageSize, totalResults: all.length, _links: links } };
    },
    "create-connection": ({ params, body }) => {
      const key = (body as { platformKey?: string } | undefined)?.platformKey ?? "gbol";
      const platform = PLATFORMS[key];
      if (!platform)
        return codatError(400, `No integration with platform key '${key}' exists`, [{ itemId: "platformKey", message: `Unknown platform key ${key}` }]);
      const id = randomUUID();
      const connection: Connection = {
        id,
        integrationId: platform.integrationId,
        integrationKey: key,
        sourceId: randomUUID(),
        sourceType: platform.sourceType,
        platformName: platform.name,
        linkUrl: `https://link-api.codat.io/companies/${params.companyId}/connections/${id}/start`,
        status: "PendingAuth",
        lastSync: null,
        created: new Date().toISOString(),
        dataConnectionErrors: [],
        connectionInfo: null,
      };
      connectionsOf(params.companyId!).set(id, connection);
      return { status: 200, body: connection };
    },
    "get-connection": ({ params }) => {
      const found = find(params);
      return isReply(found) ? found : { status: 200, body: found };
    },
    "delete-connection": ({ params }) => {
      const found = find(params);
      if (isReply(found)) return found;
      connectionsOf(params.companyId!).delete(params.connectionId!);
      return { status: 200 };
    },
    // Platform and Payables call the PATCH unlink-connection; Commerce calls it update-connection.
    "unlink-connection": (request) => updateStatus(find(request.params), request.body),
    "update-connection": (request) => updateStatus(find(request.params), request.body),
    "update-connection-authorization": ({ params, body }) => {
      const found = find(params);
      if (isReply(found)) return found;
      // Stored as the connection's platform-specific info; a real platform would now be authorized.
      found.connectionInfo = { ...(found.connectionInfo ?? {}), ...(body as Record<string, string>) };
      return { status: 200, body: found };
    },
    "get-sync-flow-url": ({ params }) => {
      const otp = String(randomInt(0, 1_000_000)).padStart(6, "0");
      return {
        status: 200,
        body: { url: `https://sync-flow-integration.codat.io/${randomUUID()}/${params.commerceKey}/${params.accountingKey}/start?otp=${otp}` },
      };
    },
  };
}

function updateStatus(found: Connection | Reply, body: unknown): Reply {
  if (isReply(found)) return found;
  const status = (body as { status?: Connection["status"] | null } | undefined)?.status;
  if (status) found.status = status;
  return { status: 200, body: found };
}
