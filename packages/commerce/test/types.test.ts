// Compile-time contract: these lines are type-checked by `npm test` (tsc).
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  connectionsGet,
  createCommerceClient,
  isApiError,
  NotFoundError,
  ServerError,
  type Connection,
  type Connections,
  type DataConnectionStatus,
  type ErrorMessage,
  type SyncFlowUrl,
  withResponse,
} from "@syncline/commerce";

const commerce = createCommerceClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
const companyId = "c";
const connectionId = "x";

describe("types", () => {
  it("methods resolve to the spec's response types", () => {
    expectTypeOf(commerce.connections.list).returns.resolves.toEqualTypeOf<Connections>();
    expectTypeOf(commerce.connections.get).returns.resolves.toEqualTypeOf<Connection>();
    expectTypeOf(commerce.connections.getSyncFlowUrl).returns.resolves.toEqualTypeOf<SyncFlowUrl>();
    expectTypeOf(commerce.connections.delete).returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf<Connection["status"]>().toEqualTypeOf<DataConnectionStatus>();
    expectTypeOf(commerce.connections.listAll).returns.toEqualTypeOf<AsyncGenerator<Connection, void, undefined>>();
  });

  it("a client needs its credential in the type: the API key or a ready header, one of the two", () => {
    // @ts-expect-error no credential: a compile error, not only the first call's
    expect(() => createCommerceClient({})).toThrow("apiKey is required");
    // @ts-expect-error both: which one would be sent is not for the reader to guess
    createCommerceClient({ apiKey: "k", authHeader: "Basic aw==" });
    expectTypeOf(createCommerceClient).toBeCallableWith({ authHeader: "Basic aw==" });
    expectTypeOf(createCommerceClient).toBeCallableWith({ apiKey: "k", timeoutMs: 1000 });
  });

  it("withResponse types the data as the operation's answer, beside the Response, and checks the request", () => {
    const answer = () => withResponse(connectionsGet, commerce, { companyId, connectionId });
    expectTypeOf(answer).returns.resolves.toEqualTypeOf<{ data: Connection; response: Response }>();
    // @ts-expect-error connectionId is required, as for the call itself
    const incomplete = () => withResponse(connectionsGet, commerce, { companyId });
    expectTypeOf(incomplete).toBeFunction();
  });

  it("instanceof narrows an error's body to Codat's ErrorMessage (or the text of a non-JSON body)", () => {
    const narrow = (error: unknown) => {
      if (error instanceof NotFoundError) {
        expectTypeOf(error.body).toEqualTypeOf<ErrorMessage | string | undefined>();
        expectTypeOf(error.status).toEqualTypeOf<404>();
        if (typeof error.body === "object") expectTypeOf(error.body.correlationId).toEqualTypeOf<string | undefined>();
      }
      if (error instanceof ServerError) expectTypeOf(error.body).toEqualTypeOf<ErrorMessage | string | undefined>();
      if (isApiError(error)) expectTypeOf(error.body).toEqualTypeOf<ErrorMessage | string | undefined>();
    };
    narrow(undefined);
  });

  it("wrong names and types do not compile", () => {
    const never = () => {
      // @ts-expect-error missing required connectionId
      void commerce.connections.get({ companyId });
      // @ts-expect-error misspelled parameter name
      void commerce.connections.list({ companyId, pagesize: 10 });
      // @ts-expect-error page is a number
      void commerce.connections.list({ companyId, page: "1" });
      // @ts-expect-error status must be a DataConnectionStatus
      void commerce.connections.updateConnection({ companyId, connectionId, requestBody: { status: "Gone" } });
      // @ts-expect-error updateAuthorization needs its requestBody
      void commerce.connections.updateAuthorization({ companyId, connectionId });
      // @ts-expect-error platformKey is a string
      void commerce.connections.create({ companyId, requestBody: { platformKey: 42 } });
      // @ts-expect-error unlink's body is fixed
      void commerce.connections.unlink({ companyId, connectionId, requestBody: { status: "Linked" } });
      // @ts-expect-error apiKey must be a string
      createCommerceClient({ apiKey: 1 });
    };
    expectTypeOf(never).toBeFunction();
  });
});
