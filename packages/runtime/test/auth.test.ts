import { describe, expect, it } from "vitest";
import { codatAuthorization } from "../src/auth";

describe("codatAuthorization", () => {
  it("base64-encodes the API key after 'Basic '", () => {
    expect(codatAuthorization({ apiKey: "my-key" })).toBe(`Basic ${Buffer.from("my-key").toString("base64")}`);
  });

  it("passes a ready authHeader through unchanged", () => {
    expect(codatAuthorization({ authHeader: "Basic abc=" })).toBe("Basic abc=");
  });

  it.each([{}, { apiKey: "" }, { apiKey: "  " }])("rejects missing or empty credentials: %o", (options) => {
    expect(() => codatAuthorization(options)).toThrow(/apiKey is required/);
  });

  it("names the empty authHeader option without echoing anything secret", () => {
    expect(() => codatAuthorization({ authHeader: " ", apiKey: "secret-key" })).toThrow("authHeader must not be empty");
  });
});
