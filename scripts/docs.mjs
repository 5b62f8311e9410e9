#!/usr/bin/env node
// Builds the documentation site into site/ (or --out DIR): one static site that works offline, from a
// static server or file://. Run after `npm run build` (`npm run docs` builds first):
//   - the landing page and the guides, drawn from the READMEs;
//   - each package's SDK reference (TypeDoc, from the same JSDoc the editor hovers show), with the
//     package's README as its front page;
//   - each API's HTTP reference (redocly's docs, its script inlined: no CDN);
//   - one search box over the references and the guides (TypeDoc's).
// `--only runtime,commerce` documents just those package folders (the smoke build of `npm test`).
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { Application, OptionDefaults } from "typedoc";
import { repoRoot } from "./lib/apis.mjs";
import {
  apiPage,
  composeGuides,
  composeOperations,
  documentedApis,
  documentedPackages,
  guidePage,
  packagePage,
  REPO_URL,
  rootManifest,
  SITE_URL,
  withSiteLinks,
} from "./lib/docs-site.mjs";

const { values } = parseArgs({ options: { out: { type: "string", default: "site" }, only: { type: "string" } } });
const out = path.resolve(values.out);
const only = values.only?.split(",");
const packages = documentedPackages().filter((pkg) => !only || only.includes(pkg.folder));
const apis = documentedApis().filter((api) => packages.some((pkg) => pkg.folder === api.folder));
const cache = path.join(repoRoot, "node_modules/.cache/syncline-docs");
const assets = path.join(repoRoot, "scripts/docs-assets");
// TypeDoc reads each package's front page from the same path inside the package.
const PACKAGE_README = "node_modules/.cache/syncline-docs/README.md";
const started = performance.now();

const apiTitle = (api) => JSON.parse(readFileSync(path.join(repoRoot, "packages", api.folder, "openapi/openapi.json"), "utf8")).info.title;

// 1. The markdown TypeDoc renders: guides, the landing page, and each README with its links set for the site.
rmSync(cache, { recursive: true, force: true });
mkdirSync(path.join(cache, "guides"), { recursive: true });
const guides = composeGuides();
// Files named in reading order: TypeDoc lists documents in the order it finds them.
for (const [i, guide] of guides.entries()) writeFileSync(path.join(cache, "guides", `${String(i + 1).padStart(2, "0")}-${guide.slug}.md`), guide.markdown);
writeFileSync(path.join(cache, "guides", "99-operations.md"), await composeOperations(apis));
// TypeDoc heads the page with the project's name.
const landing = [
  `${rootManifest.description}: one small typed client per API, with auth, retries, timeouts and typed errors from a shared runtime.`,
  "",
  "## APIs",
  "",
  "| API | SDK reference | HTTP reference |",
  "|---|---|---|",
  ...apis.map((api) => {
    const pkg = packages.find((p) => p.folder === api.folder);
    return `| ${apiTitle(api)} | [\`${pkg.name}\`](${SITE_URL}${packagePage(pkg.name)}) | [${api.name}](${SITE_URL}${apiPage(api)}) |`;
  }),
  "",
  "## Packages",
  "",
  ...packages.map((pkg) => `- [\`${pkg.name}\`](${SITE_URL}${packagePage(pkg.name)})`),
  "",
  `Every operation, by its HTTP request: [Operations](${SITE_URL}documents/Operations.html).`,
  "",
  "## Guides",
  "",
  ...guides.map((guide) => `- [${guide.title}](${SITE_URL}${guidePage(guide)})`),
  "",
].join("\n");
writeFileSync(path.join(cache, "index.md"), landing);
for (const pkg of packages) {
  const readme = readFileSync(path.join(pkg.dir, "README.md"), "utf8");
  mkdirSync(path.dirname(path.join(pkg.dir, PACKAGE_README)), { recursive: true });
  writeFileSync(path.join(pkg.dir, PACKAGE_README), withSiteLinks(`packages/${pkg.folder}/README.md`, readme));
}

// 2. The SDK reference, the guides and the search (TypeDoc), then the HTTP references beside them.
// Options each package's conversion needs too (packageOptions do not inherit the root's).
const shared = {
  disableGit: true,
  sourceLinkTemplate: `${REPO_URL}/blob/main/{path}#L{line}`,
  // A broken {@link} fails the build; a type used but not exported (RequestOf's helpers) is fine.
  validation: { invalidLink: true, notExported: false, notDocumented: false },
  // The packages are type-checked by the build; TypeDoc only reads them.
  skipErrorChecking: true,
};
const app = await Application.bootstrapWithPlugins({
  name: "Syncline",
  entryPointStrategy: "packages",
  entryPoints: packages.map((pkg) => pkg.dir),
  packageOptions: {
    entryPoints: ["src/index.ts"],
    readme: PACKAGE_README,
    // openapi-typescript writes each schema's description as `@description`.
    blockTags: [...OptionDefaults.blockTags, "@description"],
    // `@throws {NotFoundError} 404 (...)`: the class an error is, which TypeDoc would drop.
    preservedTypeAnnotationTags: ["@throws"],
    ...shared,
  },
  readme: path.join(cache, "index.md"),
  favicon: path.join(assets, "favicon.svg"),
  projectDocuments: [path.join(cache, "guides/*.md")],
  out,
  searchInComments: true,
  searchInDocuments: true,
  navigationLinks: { GitHub: REPO_URL },
  treatValidationWarningsAsErrors: true,
  ...shared,
});
const project = await app.convert();
if (!project || app.logger.hasErrors()) {
  console.error("docs: TypeDoc failed (above)");
  process.exit(1);
}
await app.generateDocs(project, out);
if (app.logger.hasErrors()) process.exit(1);

const redocly = path.join(repoRoot, "node_modules/.bin/redocly");
mkdirSync(path.join(out, "api"), { recursive: true });
copyFileSync(path.join(assets, "redoc-logo.svg"), path.join(out, "api/redoc-logo.svg"));
await Promise.all(
  apis.map(async (api) => {
    const file = path.join(out, apiPage(api));
    const spec = path.join(repoRoot, "packages", api.folder, "openapi/openapi.yaml");
    const args = ["build-docs", "--config", path.join(repoRoot, "redocly.yaml"), spec, "-o", file, "--inlineBundle"];
    await promisify(execFile)(redocly, args, { env: { ...process.env, REDOCLY_TELEMETRY: "off" } });
    // Redoc's attribution loads its logo from a CDN whatever the options: ours is a local file. The
    // page gets the site's icon (else a browser asks the server for /favicon.ico).
    const html = readFileSync(file, "utf8")
      .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, "redoc-logo.svg")
      .replace("</head>", '<link rel="icon" href="../assets/favicon.svg" type="image/svg+xml"/></head>');
    writeFileSync(file, html);
  }),
);

// 3. Links to the published site become relative, so the site works wherever it is opened (with
// --only, a page of a package left out of this build stays a link to the published one). TypeDoc's
// icons point into assets/icons.svg, which a file:// page may not load (Chromium refuses, with a console
// error, before TypeDoc's icons.js puts the same symbols into the page): point them at those symbols.
// What names a page of a package (or an HTTP reference) this build left out.
const leftOut = documentedPackages()
  .filter((pkg) => !packages.some((built) => built.folder === pkg.folder))
  .flatMap((pkg) => [packagePage(pkg.name).replace(/^modules\/|\.html$/g, ""), `api/${pkg.folder}.html`]);
let pages = 0;
for (const file of readdirSync(out, { recursive: true }).filter((f) => f.endsWith(".html"))) {
  const full = path.join(out, file);
  const toRoot = path.relative(path.dirname(full), out).split(path.sep).join("/") || ".";
  const html = readFileSync(full, "utf8")
    .replace(new RegExp(`"${SITE_URL.replace(/[.]/g, "\\.")}([^"#]*)`, "g"), (link, page) =>
      leftOut.some((name) => page.includes(name)) && !existsSync(path.join(out, page)) ? link : `"${toRoot}/${page}`,
    )
    .replace(/(<use href=")[^"]*assets\/icons\.svg(#icon-)/g, "$1$2");
  writeFileSync(full, html);
  pages += 1;
}
console.log(
  `docs: ${pages} pages in ${path.relative(process.cwd(), out) || "."}/ (${packages.length} packages, ${apis.length} HTTP references, ${guides.length} guides) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
