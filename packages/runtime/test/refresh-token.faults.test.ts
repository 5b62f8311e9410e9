// refreshingToken, the OAuth2 refresh-token helper for APIs that sign users in
// (authorization code flows), against a real token endpoint and API on 127.0.0.1:
// one refresh for a 401 storm, rotated refresh tokens kept and handed back,
// public and confidential clients, and no token in an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOperationClient, createPipeline, oauth2TokenAuth, refreshingToken, type OperationSpec, type RefreshTokenOptions } from "../src/index";
import { json, startFaultServer, type Fault, type FaultServer, type RecordedRequest } from "@syncline/test-utils";

const listThings: OperationSpec = { name: "things.list", method: "GET", path: "/things", json: true };

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const isToken = (r: RecordedRequest) => r.path === "/oauth/token";
const tokenForms = () => server.requests.filter(isToken).map((r) => Object.fromEntries(new URLSearchParams(r.body.toString())));
const token = (overrides: Partial<RefreshTokenOptions> = {}) =>
  refreshingToken({ tokenUrl: `${server.url}/oauth/token`, clientId: "app", clientSecret: "s3cret", refreshToken: "refresh-1", ...overrides });
const clientWith = (source: ReturnType<typeof refreshingToken>) =>
  createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ auth: oauth2TokenAuth(source), retries: false }) });

/** A token endpoint issuing access-1, access-2, ... and rotating the refresh token each time; an API that takes `accepted` tokens. */
function route(accepted: (token: string) => boolean, tokenAnswer?: (issued: number) => Fault | undefined) {
  let issued = 0;
  return (_: number, request: RecordedRequest): Fault => {
    if (isToken(request)) {
      issued++;
      return tokenAnswer?.(issued) ?? json(200, { access_token: `access-${issued}`, refresh_token: `refresh-${issued + 1}`, expires_in: 3600 });
    }
    return accepted(String(request.headers.authorization).replace("Bearer ", "")) ? json(200, { ok: true }) : json(401, { error: "expired" });
  };
}

describe("refreshingToken", () => {
  it("asks with the refresh token (confidential client: HTTP basic), and keeps the access token", async () => {
    server.reset(
      [],
      route(() => true),
    );
    const client = clientWith(token());
    await client.call(listThings, {});
    await client.call(listThings, {});
    expect(tokenForms()).toEqual([{ grant_type: "refresh_token", refresh_token: "refresh-1" }]);
    expect(server.requests.find(isToken)!.headers.authorization).toBe(`Basic ${btoa("app:s3cret")}`);
    expect(server.requests.filter((r) => !isToken(r)).map((r) => r.headers.authorization)).toEqual(["Bearer access-1", "Bearer access-1"]);
  });

  it("a public client (no secret) sends its client_id in the form, and no Authorization", async () => {
    server.reset(
      [],
      route(() => true),
    );
    await clientWith(token({ clientSecret: undefined, scopes: ["read", "write"] })).call(listThings, {});
    expect(tokenForms()).toEqual([{ grant_type: "refresh_token", refresh_token: "refresh-1", client_id: "app", scope: "read write" }]);
    expect(server.requests.find(isToken)!.headers.authorization).toBeUndefined();
  });

  it("30 concurrent calls that all get a 401 refresh once between them, with the rotated refresh token, handed to onRefreshToken", async () => {
    server.reset(
      [],
      route((accessToken) => accessToken !== "access-1"),
    );
    const rotated: string[] = [];
    const client = clientWith(token({ onRefreshToken: (refresh) => void rotated.push(refresh) }));
    const results = await Promise.all(Array.from({ length: 30 }, () => client.call(listThings, {})));
    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    // The first access token, then one fresh one for all 30, asked with the refresh token the first answer rotated to.
    expect(tokenForms().map((form) => form.refresh_token)).toEqual(["refresh-1", "refresh-2"]);
    expect(rotated).toEqual(["refresh-2", "refresh-3"]);
  });

  it("a refused refresh is an error that shows neither the refresh token nor the secret", async () => {
    server.reset(
      [],
      route(
        () => true,
        () => json(400, { error: "invalid_grant", error_description: "refresh token refresh-1 was revoked (client s3cret)" }),
      ),
    );
    const error = await clientWith(token())
      .call(listThings, {})
      .then(
        () => expect.fail("the call succeeded"),
        (caught: unknown) => caught as Error & { body?: unknown; rawBody?: string },
      );
    expect(error).toMatchObject({ name: "BadRequestError", status: 400 });
    const shown = JSON.stringify([error.message, error.body, error.rawBody]);
    expect(shown).toContain("invalid_grant");
    expect(shown).not.toContain("refresh-1");
    expect(shown).not.toContain("s3cret");
  });

  it("refuses a bad option before any request, naming it and not its value", () => {
    expect(() => token({ refreshToken: " " })).toThrow("refreshToken is required and must not be empty");
    expect(() => token({ tokenUrl: "https://user:pw@login.example/token" })).toThrow(
      /^tokenUrl must be an absolute http\(s\) URL without query, fragment or credentials/,
    );
    expect(() => token({ refreshToken: "line\nbreak" })).toThrow("refreshToken must be printable ASCII without spaces or line breaks");
  });
});
