import { describe, expect, it } from "vitest";
import { bearerAuth, codatAuth, codatAuthorization } from "../src/auth";

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

describe("codatAuth / bearerAuth", () => {
  it("codatAuth sets the Basic header and lists the key and header as secrets", () => {
    const auth = codatAuth({ apiKey: "my-key" });
    const headers = new Headers();
    auth.apply(headers);
    expect(headers.get("authorization")).toBe(`Basic ${btoa("my-key")}`);
    expect([...auth.secrets]).toEqual(expect.arrayContaining(["my-key", btoa("my-key"), `Basic ${btoa("my-key")}`]));
  });

  it("bearerAuth calls a token function on every apply, so tokens rotate", async () => {
    let n = 0;
    const auth = bearerAuth(async () => `t-${++n}`);
    const first = new Headers();
    const second = new Headers();
    await auth.apply(first);
    await auth.apply(second);
    expect([first.get("authorization"), second.get("authorization")]).toEqual(["Bearer t-1", "Bearer t-2"]);
    expect(auth.secrets.has("t-2")).toBe(true);
  });

  it.each([undefined, "", "  ", 42])("bearerAuth rejects %o at creation, naming the option", (token) => {
    expect(() => bearerAuth(token as never)).toThrow("accessToken is required");
  });

  it("a token function that returns nothing fails that request with a clear error", async () => {
    await expect(bearerAuth(() => "")?.apply(new Headers())).rejects.toThrow("accessToken function returned no token");
  });
});
