// The documentation site in a real browser (Debian's headless Chromium): every page loads offline,
// from file:// and from a static server, with no console error, no request leaving the site and no
// link to a page or heading that does not exist; the search finds methods and guides. Screenshots of
// the landing page and of one method page are saved to test-results/docs/.
// Run by `npm run test:docs`, which builds the site first (`npm run docs`).
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import serveStatic from "serve-static";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../lib/chromium.mjs";
import { checkSite, sitePages } from "../lib/site-check.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const site = path.join(root, "site");
const screenshots = path.join(root, "test-results/docs");

let browser: Browser;
let server: Server;
let served: string;

beforeAll(async () => {
  if (!existsSync(path.join(site, "index.html"))) throw new Error("no site/ to test: run `npm run test:docs` (it builds the site first)");
  browser = await puppeteer.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
  const files = serveStatic(site);
  server = createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  served = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A tab that records what goes wrong: console errors, uncaught errors, and requests that leave `origin`. */
async function watchedPage(origin: string) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${(error as Error).message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  // Watched, not intercepted (interception costs a round trip per request): with no network here,
  // a request off the site also fails, and is reported twice.
  page.on("request", (request) => {
    if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(origin)) problems.push(`left the site: ${request.url()}`);
  });
  return { page, problems };
}

/** The links a reader can click once the page's scripts ran (TypeDoc draws its navigation from script). */
const linksOf = (page: Page) => page.$$eval("a[href]", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));

describe("the documentation site in headless Chromium", () => {
  it("every page loads from file:// with no console error, no request off the site and no broken link", async () => {
    const pages = sitePages(site);
    expect(pages.length).toBeGreaterThan(100);
    const origin = pathToFileURL(site).href;
    const problems: string[] = [];
    const linked = new Set<string>();
    // The links in each page's HTML are checked below (checkSite); the ones TypeDoc's scripts draw (the
    // navigation, the same on every page) are read from the first page of each folder: reading a
    // page's thousand links costs five times its load.
    const sampled = new Set(pages.filter((file, i) => path.dirname(file) !== path.dirname(pages[i - 1] ?? "")));
    // Two tabs at a time: the pages are independent.
    const queue = [...pages];
    await Promise.all(
      [0, 1].map(async () => {
        const { page, problems: seen } = await watchedPage(origin);
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          seen.length = 0;
          await page.goto(pathToFileURL(path.join(site, file)).href, { waitUntil: "load" });
          if (sampled.has(file) && !file.startsWith("api/"))
            for (const href of await linksOf(page)) if (href.startsWith(origin)) linked.add(href.split("#")[0]);
          problems.push(...seen.map((problem) => `${file}: ${problem}`));
        }
        await page.close();
      }),
    );
    expect(problems).toEqual([]);
    // Every page the scripts link to exists (the static check below covers the links in the HTML).
    const missing = [...linked].filter((href) => !existsSync(new URL(href)));
    expect(missing).toEqual([]);
    expect(checkSite(site)).toEqual([]);
  }, 600_000);

  it("from a static server too: the landing page, a method page, a guide and an HTTP reference", async () => {
    const { page, problems } = await watchedPage(served);
    for (const file of ["index.html", "functions/_syncline_commerce.connectionsList.html", "documents/Retries_and_timeouts.html", "api/commerce.html"]) {
      const answer = await page.goto(`${served}${file}`, { waitUntil: "load" });
      expect(answer?.status(), file).toBe(200);
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it("the search finds a method and a guide; screenshots of the landing page and of a method page", async () => {
    const { page, problems } = await watchedPage(served);
    await page.goto(`${served}index.html`, { waitUntil: "load" });
    await page.screenshot({ path: path.join(screenshots, "landing.png") });
    const search = async (text: string) => {
      await page.click("#tsd-search-trigger");
      await page.type("#tsd-search-input", text);
      await page.waitForSelector("#tsd-search-results li a");
      const found = await page.$$eval("#tsd-search-results li a", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      await page.keyboard.press("Escape");
      return found;
    };
    expect(await search("connectionsList")).toContain(`${served}functions/_syncline_commerce.connectionsList.html`);
    await page.reload({ waitUntil: "load" });
    expect(await search("Retries and timeouts")).toContain(`${served}documents/Retries_and_timeouts.html`);

    await page.goto(`${served}functions/_syncline_commerce.connectionsList.html`, { waitUntil: "load" });
    // The method page shows the JSDoc the editor hovers show: its summary, example and errors.
    const text = await page.$eval(".col-content", (element) => (element as HTMLElement).innerText);
    expect(text).toContain("List connections");
    expect(text).toContain("await connectionsList(commerce");
    expect(text).toContain("NotFoundError");
    await page.screenshot({ path: path.join(screenshots, "method.png"), fullPage: false });
    await page.close();
    expect(problems).toEqual([]);
  });

  it("the HTTP reference renders its operations offline", async () => {
    const { page, problems } = await watchedPage(pathToFileURL(site).href);
    await page.goto(pathToFileURL(path.join(site, "api/commerce.html")).href, { waitUntil: "load" });
    await page.waitForFunction(() => document.body.innerText.includes("/companies/{companyId}/connections"), { timeout: 10_000 });
    await page.close();
    expect(problems).toEqual([]);
  });
});
