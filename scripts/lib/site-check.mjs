// Checks a built documentation site the way a reader offline meets it: every page loads nothing from
// the network, and every link inside the site reaches a page (and the heading it names) that exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { inflateSync } from "node:zlib";

// The HTTP references are one-page apps (redocly's): their links are routes of the app, not files.
const isSinglePageApp = (file) => file.startsWith(`api${path.sep}`);

/** The site's HTML files, relative to `dir`. */
export const sitePages = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith(".html"))
    .sort();

const idsCache = new Map();
function idsOf(file) {
  if (!idsCache.has(file)) idsCache.set(file, new Set([...readFileSync(file, "utf8").matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1])));
  return idsCache.get(file);
}

/** Every problem found in the site at `dir`, one line each (none: an empty list). */
export function checkSite(dir) {
  idsCache.clear();
  const problems = [];
  for (const page of sitePages(dir)) {
    const html = readFileSync(path.join(dir, page), "utf8");
    // What the browser loads by itself: scripts, stylesheets, images, icons.
    for (const [tag] of html.matchAll(/<(?:script|link|img|source|iframe)\b[^>]*>/g)) {
      const url = tag.match(/\s(?:src|href)="([^"]*)"/)?.[1];
      if (url && /^(https?:)?\/\//.test(url) && !/rel="(?:canonical|alternate)"/.test(tag)) problems.push(`${page}: loads ${url} from the network`);
    }
    if (isSinglePageApp(page)) continue;
    for (const [, href] of html.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)) {
      if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(href)) continue; // external (or mailto:)
      const [target, anchor] = href.split("#");
      const file = target === "" ? path.join(dir, page) : path.resolve(path.dirname(path.join(dir, page)), decodeURI(target));
      if (!file.startsWith(dir) || !existsSync(file)) {
        problems.push(`${page}: link ${href} goes to a page that does not exist`);
      } else if (anchor && file.endsWith(".html") && !isSinglePageApp(path.relative(dir, file)) && !idsOf(file).has(decodeURIComponent(anchor))) {
        problems.push(`${page}: link ${href} names a heading the page does not have`);
      }
    }
  }
  return problems;
}

/** The entries of TypeDoc's search index: what the search box can find. */
export function searchEntries(dir) {
  const script = readFileSync(path.join(dir, "assets/search.js"), "utf8");
  const data = script.match(/searchData = "([^"]+)"/)?.[1];
  if (!data) throw new Error(`${dir}/assets/search.js: no search data (has TypeDoc changed its format?)`);
  return JSON.parse(inflateSync(Buffer.from(data, "base64")).toString("utf8")).rows;
}
