// Compile-time contract: these lines are type-checked by `npm test` (tsc).
import { describe, expectTypeOf, it } from "vitest";
import { createPlatformClient, type Connection } from "@syncline/platform";

const platform = createPlatformClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });

describe("types", () => {
  it("unlink only unlinks: it takes no body, so it cannot set another status", () => {
    expectTypeOf(platform.connections.unlink).returns.resolves.toEqualTypeOf<Connection>();
    const never = () => {
      // @ts-expect-error unlink takes no requestBody (it always sends {"status":"Unlinked"})
      void platform.connections.unlink({ companyId: "c", connectionId: "x", requestBody: { status: "Linked" } });
      void platform.connections.unlink({ companyId: "c", connectionId: "x" });
    };
    void never;
  });
});
