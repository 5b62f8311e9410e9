// What the documentation site is made of, and where each page lives. The site
// is drawn from the READMEs (guides, package pages), the sources' JSDoc (the SDK
// reference, by TypeDoc) and the bundled specs (the HTTP reference, by redocly):
// nothing is written twice. A README links to files of the repo; on the site each
// link goes to the page that shows that file, or to the file on GitHub.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { loadApis, readmeOf, repoRoot } from "./apis.mjs";
import { describeApi } from "./describe-api.mjs";
import { functionName } from "./render-client.mjs";

export const rootManifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
/** Where the site is published (the root manifest's `homepage`); the READMEs link there. */
export const SITE_URL = rootManifest.homepage;
export const REPO_URL = rootManifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

/**
 * The guides, each drawn from README sections: a `##` heading, `null` for the part before the first
 * one, `"*"` for the whole file. Every section of these READMEs is in a guide: a new one must be placed.
 */
export const GUIDES = [
  {
    slug: "getting-started",
    title: "Getting started",
    from: [
      ["README.md", null],
      ["README.md", "Installing before the first release"],
      ["README.md", "Runtimes and TypeScript"],
    ],
  },
  { slug: "auth", title: "Auth", from: [["packages/runtime/README.md", "Auth"]] },
  {
    slug: "errors",
    title: "Errors and logging",
    from: [
      ["packages/runtime/README.md", "Errors"],
      ["packages/runtime/README.md", "Logging"],
    ],
  },
  {
    slug: "retries-and-timeouts",
    title: "Retries and timeouts",
    from: [
      ["packages/runtime/README.md", "Retries"],
      ["packages/runtime/README.md", "Timeouts and response size"],
    ],
  },
  { slug: "pagination", title: "Pagination", from: [["packages/runtime/README.md", "Pagination"]] },
  {
    slug: "responses-streams-and-uploads",
    title: "Whole responses, streams and uploads",
    from: [
      ["packages/runtime/README.md", "The whole response"],
      ["packages/runtime/README.md", "Streaming"],
      ["packages/runtime/README.md", "Uploads"],
      ["packages/runtime/README.md", "Using with your own openapi-fetch client"],
    ],
  },
  {
    slug: "mock",
    title: "The mock",
    from: [
      ["README.md", "Offline: mock servers and the demo"],
      ["packages/mock/README.md", "*"],
    ],
  },
  { slug: "examples", title: "Examples", from: [["examples/README.md", "*"]] },
  {
    slug: "adding-an-api",
    title: "Adding an API",
    from: [
      ["README.md", "The specs"],
      ["README.md", "Adding an API"],
    ],
  },
  {
    slug: "releasing",
    title: "Releasing",
    from: [
      ["README.md", "After editing a spec"],
      ["README.md", "Releasing"],
    ],
  },
  {
    slug: "contributing",
    title: "Contributing",
    from: [
      ["README.md", "On a fresh machine"],
      ["README.md", "Layout"],
      ["README.md", "Documentation"],
    ],
  },
];

/** The published packages (every workspace of packages/ that is not private), by folder name. */
export function documentedPackages() {
  const dir = path.join(repoRoot, "packages");
  return readdirSync(dir)
    .filter((folder) => existsSync(path.join(dir, folder, "package.json")))
    .map((folder) => ({ folder, manifest: JSON.parse(readFileSync(path.join(dir, folder, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ folder, manifest }) => ({ folder, name: manifest.name, dir: path.join(dir, folder) }));
}

/** The APIs with a wire reference page, each with the package folder that holds its bundled spec. */
export const documentedApis = () =>
  loadApis()
    .filter((api) => readmeOf(api))
    .map((api) => ({ ...api, folder: readmeOf(api).split("/")[1] }));

// Page paths inside the site. TypeDoc names a package's page after the package (`@syncline/commerce`
// → `modules/_syncline_commerce.html`) and a document after its title, each character a file name
// should not carry made `_` (its rule: letters, digits and `()+,-._` stay).
const fileName = (name) => name.replace(/[^\w()+,.\-\u00a0-\uffff]/g, "_");
export const packagePage = (name) => `modules/${fileName(name)}.html`;
export const guidePage = (guide) => `documents/${fileName(guide.title)}.html`;
export const apiPage = (api) => `api/${api.name}.html`;
export const functionPage = (packageName, name) => `functions/${fileName(packageName)}.${name}.html`;

/** GitHub's anchor for a heading, which is also what the site's markdown renderer gives it. */
export const headingAnchor = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

/** A markdown file split at its `##` headings (not those inside code blocks): the intro, then each section. */
export function readmeSections(markdown) {
  const sections = [{ heading: null, lines: [] }];
  let fence = null;
  for (const line of markdown.split("\n")) {
    const marker = line.match(/^\s*(```+|~~~+)/)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) fence = fence === null ? marker : null;
    const heading = fence === null && !marker ? line.match(/^## (.+)$/)?.[1] : undefined;
    if (heading) sections.push({ heading, lines: [] });
    sections.at(-1).lines.push(line);
  }
  return sections.map(({ heading, lines }) => ({ heading, text: lines.join("\n").trim() }));
}

// Each README split once, however many links and guide parts ask for it.
const sectionsCache = new Map();
function sectionsOf(file) {
  if (!sectionsCache.has(file)) sectionsCache.set(file, readmeSections(readFileSync(path.join(repoRoot, file), "utf8")));
  return sectionsCache.get(file);
}

/** Which guide shows the section of README `file` that holds the heading `anchor` (or its intro, for none). */
function guideShowing(file, anchor) {
  const holdsAnchor = ({ heading, text }) =>
    anchor === null ? heading === null : text.split("\n").some((line) => /^#{2,} /.test(line) && headingAnchor(line.replace(/^#+ /, "")) === anchor);
  const section = sectionsOf(file).find(holdsAnchor);
  return section && GUIDES.find((guide) => guide.from.some(([from, heading]) => from === file && (heading === section.heading || heading === "*")));
}

// The published packages, read once for all the links.
let packagesCache;
const packagesOnce = () => {
  packagesCache ??= documentedPackages();
  return packagesCache;
};

/**
 * Where a README's link goes on the site: `href` as written in repo file `from`. Pages of the site
 * are absolute site URLs (the build makes them relative, so the site works offline); other files of
 * the repo are on GitHub; external links stay.
 */
export function siteLink(from, href) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  const [target, anchor = ""] = href.split("#");
  const file = target === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
  const hash = anchor ? `#${anchor}` : "";
  const pkg = packagesOnce().find((p) => file === `packages/${p.folder}` || file === `packages/${p.folder}/README.md`);
  const splitIntoGuides = GUIDES.some((guide) => guide.from.some(([source]) => source === file));
  if (splitIntoGuides) {
    const guide = guideShowing(file, anchor || null);
    if (guide) return `${SITE_URL}${guidePage(guide)}${hash}`;
    if (pkg) return `${SITE_URL}${packagePage(pkg.name)}${hash}`;
    if (file === "README.md") return `${SITE_URL}index.html${hash}`;
  }
  if (pkg) return `${SITE_URL}${packagePage(pkg.name)}${hash}`;
  const kind = existsSync(path.join(repoRoot, file)) && statSync(path.join(repoRoot, file)).isDirectory() ? "tree" : "blob";
  return `${REPO_URL}/${kind}/main/${file}${hash}`;
}

/** `markdown` (from repo file `from`) with every link pointing where `siteLink` says. */
export const withSiteLinks = (from, markdown) => markdown.replace(/(\]\()([^)\s]+)(\))/g, (_, open, href, close) => `${open}${siteLink(from, href)}${close}`);

/** Each guide's markdown, with its links set for the site; throws when a README section is in no guide. */
export function composeGuides() {
  const placed = new Set(GUIDES.flatMap((guide) => guide.from.map(([file, section]) => `${file}\n${section}`)));
  for (const file of new Set(GUIDES.flatMap((guide) => guide.from.map(([source]) => source)))) {
    for (const { heading } of sectionsOf(file).slice(1)) {
      if (!placed.has(`${file}\n${heading}`) && !placed.has(`${file}\n*`)) {
        throw new Error(`${file}: section "## ${heading}" is in no guide; add it to GUIDES in scripts/lib/docs-site.mjs`);
      }
    }
  }
  return GUIDES.map((guide) => {
    const parts = guide.from.map(([file, heading]) => {
      const sections = sectionsOf(file);
      const text = heading === "*" ? sections.map((s) => s.text).join("\n\n") : sections.find((s) => s.heading === heading)?.text;
      if (text === undefined) throw new Error(`${file}: no section "## ${heading}" (GUIDES in scripts/lib/docs-site.mjs)`);
      // A file's own title (`# ...`) gives way to the guide's.
      return withSiteLinks(file, text.replace(/^# .*\n+/, ""));
    });
    return { ...guide, markdown: `---\ntitle: ${guide.title}\ngroup: Guides\n---\n\n# ${guide.title}\n\n${parts.join("\n\n")}\n` };
  });
}

/**
 * One page of every operation of every API, each with its HTTP request, the SDK function that
 * sends it and its summary, from the same model the clients are generated from: the site's
 * search finds an operation by its path or its words, and the page leads to both references.
 */
export async function composeOperations(apis) {
  const sections = [];
  for (const api of apis) {
    const model = await describeApi(api, repoRoot);
    const cell = (text) =>
      String(text ?? "")
        .replaceAll("|", "\\|")
        .replace(/\s+/g, " ")
        .trim();
    const rows = model.operations.map((op) => {
      const fn = functionName(op.resource, op.name);
      return `| \`${op.method} ${op.route}\` | [\`${fn}\`](${SITE_URL}${functionPage(model.packageName, fn)}) | ${cell(op.summary)}${op.deprecated ? " (deprecated)" : ""} |`;
    });
    sections.push(
      `## ${model.title}\n\n\`${model.packageName}\` · [HTTP reference](${SITE_URL}${apiPage(api)})\n\n| HTTP | function | what it does |\n|---|---|---|\n${rows.join("\n")}`,
    );
  }
  const intro =
    "Every operation of every API: the request it sends, the SDK function that sends it, and what it does. Each API's HTTP reference has every field of the request and the answer.";
  return `---\ntitle: Operations\ngroup: Reference\n---\n\n# Operations\n\n${intro}\n\n${sections.join("\n\n")}\n`;
}
