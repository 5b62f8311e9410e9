// The method tables of a client package's README, from the same model the
// client is generated from: an operation added to a spec shows up in its
// package's README with no edit. The README keeps its hand-written prose;
// the generator owns only what lies between the two markers.
import { functionName } from "./render-client.mjs";

export const METHODS_BEGIN = "<!-- methods: written by `npm run generate` from the spec; edit the spec, not this table -->";
export const METHODS_END = "<!-- end of methods -->";

const cell = (text) =>
  String(text ?? "")
    .replaceAll("|", "\\|")
    .replace(/\s+/g, " ")
    .trim();

/** One markdown table per resource: each method, its standalone function, what it sends, and its summary. */
export function renderMethods(model) {
  const sections = [];
  for (const resource of model.resources) {
    const rows = [];
    for (const op of model.operations.filter((o) => o.resource === resource)) {
      const http = `\`${op.method} ${op.route}\``;
      const deprecated = op.deprecated ? " (deprecated)" : "";
      const row = (method, sends, summary) => rows.push(`| \`${method}\` | \`${functionName(resource, method)}\` | ${sends} | ${cell(summary)}${deprecated} |`);
      row(op.name, http, op.summary);
      for (const shortcut of op.shortcuts) row(shortcut.method, `${http} with \`${JSON.stringify(shortcut.requestBody)}\``, shortcut.summary);
      if (op.urlMethod) row(op.urlMethod, `the URL of \`${op.name}\`, built locally`, `The URL ${op.name} requests, for a browser to open`);
      if (op.pagination) row(op.pagination.method, `\`${op.name}\`, page after page`, `Every item of every page of ${op.name}`);
      if (op.events) row(`${op.name}Events`, `${http}, its events as they arrive`, `${op.name} as a stream of server-sent events`);
      if (op.lines) row(`${op.name}Lines`, `${http}, its JSON lines as they arrive`, `${op.name} as a stream of JSON lines`);
      if (op.download) row(`${op.name}Stream`, `${http}, its body as it arrives`, `${op.name}, its answer read as it arrives`);
    }
    sections.push(`#### \`${model.variable}.${resource}\`\n\n| method | function | sends | what it does |\n|---|---|---|---|\n${rows.join("\n")}`);
  }
  return sections.join("\n\n");
}

/** `readme` with its method tables rewritten, or undefined when it has no markers for them. */
export function withMethods(readme, model) {
  const begin = readme.indexOf(METHODS_BEGIN);
  const end = readme.indexOf(METHODS_END);
  if (begin === -1 || end < begin) return undefined;
  return `${readme.slice(0, begin + METHODS_BEGIN.length)}\n\n${renderMethods(model)}\n\n${readme.slice(end)}`;
}
