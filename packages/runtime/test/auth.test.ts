import { describe, expect, it } from "vitest";
import { bearerAuth, codatAuth, codatAuthorization, type CodatAuthOptions } from "../src/auth";

/** What JavaScript, which the type does not stop, can pass. */
const untyped = (options: object) => options as CodatAuthOptions;

const target = { url: "https://api.example.com/v1/things" };

describe("codatAuthorization", () => {
  it("base64-encodes the API key after 'Basic '", () => {
    expect(codatAuthorization({ apiKey: "my-key" })).toBe(`Basic ${Buffer.from("my-key").toString("base64")}`);
  });

  it("passes a ready authHeader through unchanged", () => {
    expect(codatAuthorization({ authHeader: "Basic abc=" })).toBe("Basic abc=");
  });

  it.each([{}, { apiKey: "" }, { apiKey: "  " }])("rejects missing or empty credentials: %o", (options) => {
    expect(() => codatAuthorization(untyped(options))).toThrow(/apiKey is required/);
  });

  it("names the empty authHeader option without echoing anything secret", () => {
    expect(() => codatAuthorization(untyped({ authHeader: " ", apiKey: "secret-key" }))).toThrow("authHeader must not be empty");
  });
});

describe("codatAuth / bearerAuth", () => {
  it("codatAuth sets the Basic header and returns the key and header as the secrets to redact", () => {
    const auth = codatAuth({ apiKey: "my-key" });
    const headers = new Headers();
    const secrets = auth.apply(headers, target);
    expect(headers.get("authorization")).toBe(`Basic ${btoa("my-key")}`);
    expect(secrets).toEqual(expect.arrayContaining(["my-key", btoa("my-key"), `Basic ${btoa("my-key")}`]));
  });

  it("bearerAuth calls a token function on every apply, so tokens rotate; each apply returns only its own token", async () => {
    let n = 0;
    const auth = bearerAuth(async () => `tok-${++n}`);
    const first = new Headers();
    const second = new Headers();
    expect(await auth.apply(first, target)).toEqual(["tok-1"]);
    expect(await auth.apply(second, target)).toEqual(["tok-2"]);
    expect([first.get("authorization"), second.get("authorization")]).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("trims credentials, and names a credential of the wrong type or with line breaks without echoing it", () => {
    expect(codatAuthorization({ apiKey: " my-key\n" })).toBe(`Basic ${btoa("my-key")}`);
    expect(() => codatAuthorization({ apiKey: 123 as never })).toThrow("apiKey must be a string, got number");
    expect(() => codatAuthorization({ apiKey: "my\nkey" })).toThrow("apiKey must be printable ASCII without spaces or line breaks");
    expect(() => bearerAuth("tok en")).toThrow("accessToken must be printable ASCII");
    const headers = new Headers();
    bearerAuth(" tok-1 \n").apply(headers, target);
    expect(headers.get("authorization")).toBe("Bearer tok-1");
  });

  it.each([undefined, "", "  "])("bearerAuth rejects %o at creation, naming the option", (token) => {
    expect(() => bearerAuth(token as never)).toThrow("accessToken is required");
  });

  it("bearerAuth rejects a token that is neither a string nor a function at creation, as the other schemes do", () => {
    expect(() => bearerAuth(42 as never)).toThrow("accessToken must be a string, got number");
    expect(() => bearerAuth(null as never)).toThrow("accessToken must be a string, got null");
  });

  it("a token function that returns nothing fails that request with a clear error", async () => {
    await expect(bearerAuth(() => "")?.apply(new Headers(), target)).rejects.toThrow("the accessToken function's token is required and must not be empty");
  });
});
