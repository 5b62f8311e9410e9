import { describe, expect, it } from "vitest";
import { serverUrl } from "../src/server-url";

describe("serverUrl", () => {
  it("fills variables in the host, the port and the path", () => {
    expect(serverUrl("https://{domain}.biapi.pro/2.0", { domain: "acme-sandbox" })).toBe("https://acme-sandbox.biapi.pro/2.0");
    expect(serverUrl("{scheme}://{host}:{port}/{basePath}", { scheme: "https", host: "api.example.com", port: "8443", basePath: "v2/beta" })).toBe(
      "https://api.example.com:8443/v2/beta",
    );
    expect(serverUrl("https://api.example.com/{api-version}", { "api-version": "2024-01-01" })).toBe("https://api.example.com/2024-01-01");
  });

  it.each([
    ["https://{domain}.biapi.pro", { domain: "evil.com/x?" }, /domain must be letters, digits, hyphens and dots/],
    ["https://api.example.com:{port}", { port: "80/x" }, /port must be letters, digits, hyphens and dots/],
    ["https://api.example.com/{basePath}", { basePath: "../admin" }, /basePath must be path segments/],
    ["https://api.example.com/{basePath}", { basePath: "v1?x=1" }, /basePath must be path segments/],
    ["https://api.example.com/{basePath}", { basePath: "" }, /basePath must be path segments/],
    ["https://api.example.com/{basePath}", { basePath: "v1/../admin" }, /basePath must be path segments/],
    ["https://api.example.com/{basePath}", { basePath: "v1//x" }, /basePath must be path segments/],
    ["https://api.example.com/{basePath}", { basePath: "./v1" }, /basePath must be path segments/],
  ])("refuses a value that would leave its place: %s %o", (template, values, error) => {
    expect(() => serverUrl(template, values as Record<string, string>)).toThrow(error);
  });
});
