// The Codat company and connection lifecycle (Commerce, Payables and Platform
// share it): companies own their connections, and a connection names a known
// integration.
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

interface Company {
  id: string;
  name: string;
  description: string | null;
  redirect: string;
  lastSync: string | null;
  created: string;
  createdByUserName: string | null;
  products: string[];
  tags: Record<string, string>;
  referenceParentCompany: null;
  referenceSubsidiaryCompanies: never[];
}

/** A company and the connections it owns. */
interface CompanyEntry {
  company: Company;
  connections: Map<string, Connection>;
}

// A few real integrations, so created connections look like Codat's.
const PLATFORMS: Record<string, { name: string; sourceType: string; integrationId: string }> = {
  gbol: { name: "Xero", sourceType: "Accounting", integrationId: "bf083d72-62c7-493e-aec9-81b4dbba7e2c" },
  qhyg: { name: "QuickBooks Online", sourceType: "Accounting", integrationId: "8bdd5b1e-4e4e-4a9a-8e10-0d1c0cc7c7b6" },
  dfxm: { name: "Basiq", sourceType: "Banking", integrationId: "fd321cb6-7963-4506-b873-e99593a45e30" },
  gcsu: { name: "Shopify", sourceType: "Commerce", integrationId: "c7f1b8a0-43a6-4bd6-8bd0-6bb3f0b9f0c1" },
};

const integration = (key: string) => {
  const platform = PLATFORMS[key]!;
  return {
    key,
    logoUrl: `https://static.codat.io/public/officialLogos/Full/${platform.integrationId}.png`,
    name: platform.name,
    enabled: true,
    sourceId: platform.integrationId,
    sourceType: platform.sourceType,
    integrationId: platform.integrationId,
    isOfflineConnector: false,
    isBeta: false,
    dataProvidedBy: "Codat",
    datatypeFeatures: [],
  };
};

const unknownIntegration = (key: string | undefined) => `No integration with platform key '${key}' exists`;

/** The company the specs' examples name: the mock starts with it, so every documented call works as written. */
const EXAMPLE_COMPANY_ID = "8a210b68-6988-11ed-a1eb-0242ac120002";

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
function compileQuery(query: string | undefined): ((item: object) => boolean) | string {
  if (!query) return () => true;
  const clauses = query.split("&&").map((clause) => /^\s*(\w+)\s*(!=|=|~)\s*(.*?)\s*$/.exec(clause));
  if (clauses.some((c) => c === null)) return `Error parsing query - Malformed query: ${query}`;
  return (item) =>
    clauses.every((match) => {
      const [, field, op, value] = match!;
      const actual = String((item as Record<string, unknown>)[field!] ?? "");
      return op === "=" ? actual === value : op === "!=" ? actual !== value : actual.toLowerCase().includes(value!.toLowerCase());
    });
}

/** One page of `items` the way Codat pages: `query`, `orderBy`, `page`, `pageSize`, and HAL links. */
function page(items: object[], query: Record<string, string | undefined>, path: string): Reply {
  const pageNumber = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 100);
  const filter = compileQuery(query.query);
  if (typeof filter === "string") return codatError(400, filter, [{ itemId: "query", message: filter }]);
  let all = items.filter(filter);
  if (query.orderBy) {
    const desc = query.orderBy.startsWith("-");
    const field = query.orderBy.replace(/^-/, "");
    all = all.sort((a, b) => String((a as never)[field] ?? "").localeCompare(String((b as never)[field] ?? "")) * (desc ? -1 : 1));
  }
  const results = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const link = (n: number) => ({ href: `${path}?page=${n}&pageSize=${pageSize}` });
  const links: Record<string, { href: string }> = { self: { href: path }, current: link(pageNumber) };
  if (pageNumber * pageSize < all.length) links.next = link(pageNumber + 1);
  if (pageNumber > 1) links.previous = link(pageNumber - 1);
  return { status: 200, body: { results, pageNumber, pageSize, totalResults: all.length, _links: links } };
}

export interface CodatMock {
  handlers: Record<string, Handler>;
  /** What the customer finishing the flow at a connection's `linkUrl` does: the connection becomes Linked. */
  completeLink(linkUrl: string): boolean;
}

export function codatMock(): CodatMock {
  const companies = new Map<string, CompanyEntry>();
  const addCompany = (id: string, fields: { name: string; description?: string; tags?: Record<string, string> }) => {
    const company: Company = {
      id,
      name: fields.name,
      description: fields.description ?? null,
      redirect: `https://link.codat.io/company/${id}`,
      lastSync: null,
      created: new Date().toISOString(),
      createdByUserName: null,
      products: [],
      tags: fields.tags ?? {},
      referenceParentCompany: null,
      referenceSubsidiaryCompanies: [],
    };
    companies.set(id, { company, connections: new Map() });
    return company;
  };
  addCompany(EXAMPLE_COMPANY_ID, { name: "Toft stores" });
  // A lookup answers the company's entry, or Codat's 404.
  const findCompany = (companyId: string | undefined): CompanyEntry | Reply =>
    companies.get(companyId!) ?? codatError(404, `No company was found with ID ${companyId}`);
  const isEntry = (value: CompanyEntry | Reply): value is CompanyEntry => "company" in value;
  const withConnections = (entry: CompanyEntry) => ({ ...entry.company, dataConnections: [...entry.connections.values()] });
  const find = (params: Record<string, string>): Connection | Reply => {
    const entry = findCompany(params.companyId);
    if (!isEntry(entry)) return entry;
    return entry.connections.get(params.connectionId!) ?? codatError(404, `Data connection ${params.connectionId} not found`);
  };
  const companyFields = (body: unknown) => body as { name: string; description?: string; tags?: Record<string, string> };

  const handlers: Record<string, Handler> = {
    "list-companies": ({ query, path }) => {
      // `tags=region=uk && segment=smb`: every pair must match.
      const wanted = (query.tags ?? "")
        .split("&&")
        .map((pair) => pair.trim().split("="))
        .filter(([key]) => key);
      const tagged = [...companies.values()].filter(({ company }) => wanted.every(([key, value]) => company.tags[key!] === value));
      return page(tagged.map(withConnections), query, path);
    },
    "create-company": ({ body }) => ({ status: 200, body: { ...addCompany(randomUUID(), companyFields(body)), dataConnections: [] } }),
    "get-company": ({ params }) => {
      const entry = findCompany(params.companyId);
      return isEntry(entry) ? { status: 200, body: withConnections(entry) } : entry;
    },
    "replace-company": ({ params, body }) => {
      const entry = findCompany(params.companyId);
      if (!isEntry(entry)) return entry;
      const fields = companyFields(body);
      Object.assign(entry.company, { name: fields.name, description: fields.description ?? null, tags: fields.tags ?? {} });
      return { status: 200, body: withConnections(entry) };
    },
    "update-company": ({ params, body }) => {
      const entry = findCompany(params.companyId);
      if (!isEntry(entry)) return entry;
      const fields = companyFields(body);
      if (fields.name !== undefined) entry.company.name = fields.name;
      if (fields.description !== undefined) entry.company.description = fields.description;
      if (fields.tags !== undefined) entry.company.tags = fields.tags;
      return { status: 200, body: withConnections(entry) };
    },
    "delete-company": ({ params }) => {
      const entry = findCompany(params.companyId);
      if (!isEntry(entry)) return entry;
      // The company's connections go with it.
      companies.delete(entry.company.id);
      return { status: 204 };
    },
    "list-integrations": ({ query, path }) => page(Object.keys(PLATFORMS).map(integration), query, path),
    "get-integration": ({ params }) =>
      PLATFORMS[params.platformKey!] ? { status: 200, body: integration(params.platformKey!) } : codatError(404, unknownIntegration(params.platformKey)),
    "get-integrations-branding": ({ params }) => {
      const platform = PLATFORMS[params.platformKey!];
      if (!platform) return codatError(404, unknownIntegration(params.platformKey));
      const image = (kind: string) => ({ image: { src: `https://static.codat.io/public/branding/${platform.integrationId}/${kind}.png`, alt: platform.name } });
      return {
        status: 200,
        body: {
          logo: { full: image("logo-full"), square: image("logo-square") },
          button: { default: image("button"), hover: image("button-hover") },
          sourceId: platform.integrationId,
        },
      };
    },
    "list-connections": ({ params, query, path }) => {
      const entry = findCompany(params.companyId);
      return isEntry(entry) ? page([...entry.connections.values()], query, path) : entry;
    },
    "create-connection": ({ params, body }) => {
      const entry = findCompany(params.companyId);
      if (!isEntry(entry)) return entry;
      const key = (body as { platformKey?: string } | undefined)?.platformKey ?? "gbol";
      const platform = PLATFORMS[key];
      if (!platform) return codatError(400, unknownIntegration(key), [{ itemId: "platformKey", message: `Unknown platform key ${key}` }]);
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
      entry.connections.set(id, connection);
      return { status: 200, body: connection };
    },
    "get-connection": ({ params }) => {
      const found = find(params);
      return isReply(found) ? found : { status: 200, body: found };
    },
    "delete-connection": ({ params }) => {
      const found = find(params);
      if (isReply(found)) return found;
      companies.get(params.companyId!)!.connections.delete(found.id);
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

  return {
    handlers,
    completeLink(linkUrl) {
      const [, companyId, connectionId] =
        /\/companies\/([^/]+)\/connections\/([^/]+)\/start$/.exec(URL.canParse(linkUrl) ? new URL(linkUrl).pathname : "") ?? [];
      const connection = companies.get(companyId!)?.connections.get(connectionId!);
      if (!connection) return false;
      connection.status = "Linked";
      connection.lastSync = new Date().toISOString();
      return true;
    },
  };
}

function updateStatus(found: Connection | Reply, body: unknown): Reply {
  if (isReply(found)) return found;
  const status = (body as { status?: Connection["status"] | null } | undefined)?.status;
  if (status) found.status = status;
  return { status: 200, body: found };
}
