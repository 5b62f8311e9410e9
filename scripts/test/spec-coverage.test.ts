// Each spec covers the operations users call, under the method names the
// clients expose (x-syncline-method), with the security each needs. An
// operation added to a spec needs no edit here (the Prism contract test and
// the mock cover every operation a spec has); one of these removed or renamed
// fails. Path parameters are compared by place, not name: renaming one is a
// breaking change the release gate rates, not a gap in coverage.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./helpers";

type Operation = { operationId: string; "x-syncline-method": string; security?: unknown[] };
type Doc = { paths: Record<string, Record<string, Operation | { $ref: string }>>; security?: unknown[] };

const load = (file: string): Doc => parse(readFileSync(path.join(repoRoot, "specs", file), "utf8"));
const common = load("codat-common.yaml") as unknown as { components: { pathItems: Record<string, Doc["paths"][string]> } };

/** A coverage line with its path parameters unnamed: "GET /integrations/{}/branding ...". */
const byPlace = (line: string) => line.replace(/\{[^}]+\}/g, "{}");

/** "METHOD /path operationId -> clientMethod" for every operation, following shared path items. */
function operations(file: string): string[] {
  const doc = load(file);
  const lines: string[] = [];
  for (const [route, rawItem] of Object.entries(doc.paths)) {
    const ref = (rawItem as { $ref?: string }).$ref;
    const item = ref ? common.components.pathItems[ref.split("/").at(-1)!]! : rawItem;
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const operation = op as Operation;
      lines.push(byPlace(`${method.toUpperCase()} ${route} ${operation.operationId} -> ${operation["x-syncline-method"]}`));
    }
  }
  return lines.sort();
}

const C = "/companies/{companyId}/connections";
const codatBase = [
  `GET ${C} list-connections -> list`,
  `POST ${C} create-connection -> create`,
  `GET ${C}/{connectionId} get-connection -> get`,
  `DELETE ${C}/{connectionId} delete-connection -> delete`,
];

/** The onboarding flow's companies: Commerce lists and creates them; Payables and Platform do all six. */
const companiesListCreate = ["GET /companies list-companies -> list", "POST /companies create-company -> create"];
const companies = [
  ...companiesListCreate,
  "GET /companies/{companyId} get-company -> get",
  "PUT /companies/{companyId} replace-company -> replace",
  "PATCH /companies/{companyId} update-company -> update",
  "DELETE /companies/{companyId} delete-company -> delete",
];

/** At least these operations (an operation added since is welcome). */
const containing = (required: string[]) => expect.arrayContaining(required.map(byPlace));

describe("spec coverage", () => {
  it("commerce: companies list and create; connections create, getSyncFlowUrl, list, get, delete, updateConnection (also unlink), updateAuthorization", () => {
    expect(operations("commerce.yaml")).toEqual(
      containing([
        ...companiesListCreate,
        ...codatBase,
        `PATCH ${C}/{connectionId} update-connection -> updateConnection`,
        `PUT ${C}/{connectionId}/authorization update-connection-authorization -> updateAuthorization`,
        "GET /config/sync/commerce/{commerceKey}/{accountingKey}/start get-sync-flow-url -> getSyncFlowUrl",
      ]),
    );
    const patch = load("commerce.yaml").paths[`${C}/{connectionId}`]!.patch as Record<string, unknown>;
    expect(patch["x-syncline-shortcuts"]).toEqual([{ method: "unlink", summary: "Unlink connection", requestBody: { status: "Unlinked" } }]);
  });

  it("payables: companies; connections list, create, get, delete, unlink", () => {
    expect(operations("payables.yaml")).toEqual(containing([...companies, ...codatBase, `PATCH ${C}/{connectionId} unlink-connection -> unlink`]));
  });

  it("platform: companies; integrations list, get, getBranding; connections list, create, get, delete, unlink, updateAuthorization", () => {
    expect(operations("platform.yaml")).toEqual(
      containing([
        ...companies,
        "GET /integrations list-integrations -> list",
        "GET /integrations/{platformKey} get-integration -> get",
        "GET /integrations/{platformKey}/branding get-integrations-branding -> getBranding",
        ...codatBase,
        `PATCH ${C}/{connectionId} unlink-connection -> unlink`,
        `PUT ${C}/{connectionId}/authorization update-connection-authorization -> updateAuthorization`,
      ]),
    );
  });

  it("powens: onboarding (users, tokens, connectors) and the six user-connection operations; bearer auth only where a user acts", () => {
    expect(operations("powens.yaml")).toEqual(
      containing([
        "POST /auth/init initUserToken -> init",
        "GET /auth/token/code getAuthCode -> getCode",
        "POST /auth/token/access exchangeAccessToken -> exchangeCode",
        "GET /users/me getUser -> getMe",
        "DELETE /users/me deleteUser -> deleteMe",
        "GET /connectors listConnectors -> list",
        "GET /users/me/connections listUserConnections -> listUserConnections",
        "POST /users/me/connections createUserConnection -> createUserConnection",
        "GET /users/me/connections/{connectionId} getUserConnection -> getUserConnection",
        "POST /users/me/connections/{connectionId} updateSyncUserConnection -> updateSyncUserConnection",
        "DELETE /users/me/connections/{connectionId} deleteUserConnection -> deleteUserConnection",
        "GET /webauth openWebAuth -> openWebAuth",
      ]),
    );
    // The app's calls take its client id and secret in the body (or nothing): no user token.
    const appLevel = ["/auth/init", "/auth/token/access", "/connectors", "/webauth"];
    const doc = load("powens.yaml");
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item) as Operation[]) {
        if (typeof op !== "object" || !("operationId" in op)) continue;
        expect(op.security, route).toEqual(appLevel.includes(route) ? [] : [{ bearerAuth: [] }]);
      }
    }
  });

  it("the Codat specs require the API-key header on every operation", () => {
    for (const file of ["commerce.yaml", "payables.yaml", "platform.yaml"]) {
      expect(load(file).security, file).toEqual([{ auth_header: [] }]);
    }
  });
});
