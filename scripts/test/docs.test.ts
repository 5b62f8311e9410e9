// The documentation site's smoke build (`npm run docs` for two packages): it works offline, every
// link inside it reaches a page and heading that exist, the guides carry every README section, and
// the search and the method pages say what a reader needs. `npm run test:docs` builds the whole site
// and loads every page in headless Chromium (scripts/docs-test/).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeGuides, documentedApis, documentedPackages, GUIDES, packagePage, readmeSections, SITE_URL, siteLink } from "../lib/docs-site.mjs";
import { checkSite, searchEntries } from "../lib/site-check.mjs";

const root = path.resolve(import.meta.dirname, "../..");
let site: string;
let log: string;

beforeAll(() => {
  site = mkdtempSync(path.join(tmpdir(), "syncline-site-"));
  log = execFileSync("node", ["scripts/docs.mjs", "--only", "runtime,commerce", "--out", site], { cwd: root, encoding: "utf8" });
}, 120_000);
afterAll(() => rmSync(site, { recursive: true, force: true }));

const page = (file: string) => readFileSync(path.join(site, file), "utf8");

describe("npm run docs (smoke build: runtime and commerce)", () => {
  it("builds the landing page, the guides, the SDK references and the HTTP reference", () => {
    expect(log).toMatch(/docs: \d+ pages in .* \(2 packages, 1 HTTP references, \d+ guides\)/);
    for (const file of [
      "index.html",
      packagePage("@syncline/commerce"),
      packagePage("@syncline/runtime"),
      "api/commerce.html",
      "documents/Retries_and_timeouts.html",
    ]) {
      expect(existsSync(path.join(site, file)), file).toBe(true);
    }
    expect(existsSync(path.join(site, "api/platform.html"))).toBe(false);
  });

  it("works offline: nothing is loaded from the network, and every link inside the site resolves", () => {
    expect(checkSite(site)).toEqual([]);
    // The HTTP reference carries its script (redocly's default loads it from a CDN) and its logo.
    const reference = page("api/commerce.html");
    expect(reference).not.toMatch(/<script[^>]*\ssrc=/);
    expect(reference).not.toContain("cdn.redoc.ly/redoc/logo");
    expect(reference).toContain("/companies/{companyId}/connections");
  });

  it("the checker finds what a reader would hit: a missing page, a missing heading, a script from a CDN", () => {
    const broken = mkdtempSync(path.join(tmpdir(), "syncline-site-broken-"));
    try {
      execFileSync("cp", ["-r", `${site}/.`, broken]);
      const index = path.join(broken, "index.html");
      const html = readFileSync(index, "utf8");
      const relinked = html
        .replace('href="./documents/Retries_and_timeouts.html"', 'href="./documents/Retries.html"')
        .replace('href="./documents/Getting_started.html"', 'href="./documents/Getting_started.html#no-such-heading"')
        .replace("</body>", '<script src="https://cdn.example/x.js"></script></body>');
      execFileSync("node", ["-e", `require("fs").writeFileSync(${JSON.stringify(index)}, ${JSON.stringify(relinked)})`]);
      expect(checkSite(broken)).toEqual([
        "index.html: loads https://cdn.example/x.js from the network",
        "index.html: link ./documents/Getting_started.html#no-such-heading names a heading the page does not have",
        "index.html: link ./documents/Retries.html goes to a page that does not exist",
      ]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it("a method page shows its JSDoc: summary, example, and each error class it throws", () => {
    const html = page("functions/_syncline_commerce.connectionsGet.html");
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toContain("Get connection");
    expect(text).toContain("await connectionsGet(commerce");
    // Each error class beside its statuses (TypeDoc drops a JSDoc `{NotFoundError}` unless told to keep it).
    expect(text).toMatch(/Throws\s*\{NotFoundError\}\s*404 \(The company or connection does not exist/);
  });

  it("one page lists every operation by its HTTP request, linked to its SDK function and its HTTP reference", () => {
    const operations = page("documents/Operations.html").replace(/<[^>]+>/g, (tag) => (tag.startsWith("<a ") ? tag : ""));
    expect(operations).toMatch(
      /GET \/companies\/\{companyId\}\/connections\s*<a href="\.\.\/functions\/_syncline_commerce\.connectionsList\.html"[^>]*>connectionsList/,
    );
    expect(operations).toContain('<a href="../api/commerce.html"');
  });

  it("the search covers methods, their docs and the guides", () => {
    const names = searchEntries(site).map((row: { name: string; url: string }) => `${row.name} ${row.url}`);
    expect(names).toContain("connectionsList functions/_syncline_commerce.connectionsList.html");
    expect(names).toContain("Retries and timeouts documents/Retries_and_timeouts.html");
    expect(names).toContain("Operations documents/Operations.html");
    expect(names).toContain("RateLimitError classes/_syncline_runtime.RateLimitError.html");
  });

  it("the package pages are the READMEs, their links pointing at the site's own pages", () => {
    const commerce = page(packagePage("@syncline/commerce"));
    // README: [`@syncline/runtime`](../runtime) and ../../README.md#installing-before-the-first-release
    expect(commerce).toContain('href="../modules/_syncline_runtime.html"');
    expect(commerce).toContain('href="../documents/Getting_started.html#installing-before-the-first-release"');
    // A package left out of this smoke build: its page stays a link to the published site.
    expect(commerce).toContain(`href="${SITE_URL}${packagePage("@syncline/platform")}"`);
  });
});

describe("the guides", () => {
  it("carry every section of the READMEs they are drawn from, each once", () => {
    const guides = composeGuides();
    expect(guides.map((guide) => guide.slug)).toEqual(GUIDES.map((guide) => guide.slug));
    const text = guides.map((guide) => guide.markdown).join("\n");
    for (const file of new Set(GUIDES.flatMap((guide) => guide.from.map(([from]) => from)))) {
      for (const { heading } of readmeSections(readFileSync(path.join(root, file), "utf8")).slice(1)) {
        expect(text.split(`\n## ${heading}\n`).length - 1, `${file}: ## ${heading}`).toBe(1);
      }
    }
  });

  it("send each README link to the page that shows its target, or to GitHub", () => {
    expect(siteLink("packages/commerce/README.md", "../runtime")).toBe(`${SITE_URL}modules/_syncline_runtime.html`);
    expect(siteLink("packages/commerce/README.md", "../commerce#methods")).toBe(`${SITE_URL}modules/_syncline_commerce.html#methods`);
    expect(siteLink("packages/commerce/README.md", "../../README.md#releasing")).toBe(`${SITE_URL}documents/Releasing.html#releasing`);
    // An anchor inside a README that the guides split: the guide that shows that section.
    expect(siteLink("README.md", "#installing-before-the-first-release")).toBe(`${SITE_URL}documents/Getting_started.html#installing-before-the-first-release`);
    expect(siteLink("examples/README.md", "../packages/mock/README.md")).toBe(`${SITE_URL}documents/The_mock.html`);
    expect(siteLink("examples/README.md", "src/codat-connections.ts")).toBe("https://github.com/syncline/syncline/blob/main/examples/src/codat-connections.ts");
    expect(siteLink("README.md", "scripts/runtimes")).toBe("https://github.com/syncline/syncline/tree/main/scripts/runtimes");
    expect(siteLink("README.md", "https://openapi-ts.dev/openapi-fetch/")).toBe("https://openapi-ts.dev/openapi-fetch/");
  });

  it("every package README links to its pages on the published site", () => {
    for (const pkg of documentedPackages()) {
      const readme = readFileSync(path.join(pkg.dir, "README.md"), "utf8");
      expect(readme, pkg.name).toContain(`${SITE_URL}${packagePage(pkg.name)}`);
      const api = documentedApis().find((a) => a.folder === pkg.folder);
      if (api) expect(readme, pkg.name).toContain(`${SITE_URL}api/${api.name}.html`);
    }
  });
});
