// What a spec change means to code that calls the generated client, in words:
// each change is rated as a consumer of the package meets it.
//   breaking: code that compiled and worked may no longer (a method, parameter
//             or field gone or renamed, a new required input, a type narrowed
//             where the caller writes it or widened where the caller reads it);
//   additive: new things to use, nothing to change (an operation, an optional
//             parameter, a field in an answer, a deprecation);
//   patch:    nothing a caller writes or reads changes (descriptions, examples,
//             limits the server checks, a credential's wire placement).
// Directions matter: a request type may widen (more is accepted) but not
// narrow; an answer type may narrow (less to handle) but not widen.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describeApi } from "./describe-api.mjs";
import { loadSpec } from "./spec-loader.mjs";

export const IMPACTS = ["patch", "additive", "breaking"];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** "/companies/{companyId}" -> "/companies/{}": a renamed path parameter is the same operation. */
const shapeOf = (route) => route.replace(/\{[^}]+\}/g, "{}");
const isJson = (media) => /^application\/(.+\+)?json(;|$)/.test(media);
const list = (values) => values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(", ");

/**
 * The changes from `baseFile` to `revisionFile` (spec files; their $refs are followed), each
 * `{ impact, text }`, one line per change (a shared schema's change is told once, by its name).
 */
export async function consumerChanges(baseFile, revisionFile) {
  const [base, revision] = await Promise.all([readApi(baseFile), readApi(revisionFile)]);
  const changes = new Map();
  const add = (impact, text) => {
    const seen = changes.get(text);
    if (!seen || IMPACTS.indexOf(impact) > IMPACTS.indexOf(seen.impact)) changes.set(text, { impact, text });
  };

  compareAuth(base, revision, add);
  compareServers(base.spec.root.servers?.[0], revision.spec.root.servers?.[0], add);
  for (const [shape, before] of base.operations) {
    const after = revision.operations.get(shape);
    if (!after) add("breaking", `${before.label}: removed (${before.method} ${before.route})`);
    else compareOperation(before, after, base, revision, add);
  }
  for (const [shape, after] of revision.operations) {
    if (!base.operations.has(shape)) add("additive", `${after.label}: new operation (${after.method} ${after.route})`);
  }
  // What is left differs in documentation only (or in nothing a caller sees): a patch still tells it.
  if (changes.size === 0 && readFileSync(baseFile, "utf8") !== readFileSync(revisionFile, "utf8")) {
    add("patch", "documentation (descriptions, summaries, examples) or nothing a caller sees");
  }
  return [...changes.values()];
}

/** The highest impact among `changes`, or "none". */
export const impactOf = (changes) => changes.reduce((top, { impact }) => (IMPACTS.indexOf(impact) > IMPACTS.indexOf(top) ? impact : top), "none");

async function readApi(file) {
  const spec = await loadSpec(file);
  const described = await describeApi({ name: "api", root: path.basename(file) }, path.dirname(file), spec);
  const named = new Map(described.operations.map((op) => [`${op.method} ${op.route}`, op]));
  const operations = new Map();
  for (const [route, rawItem] of Object.entries(spec.root.paths ?? {})) {
    const item = spec.deref(rawItem).node;
    for (const method of METHODS) {
      if (!item[method]) continue;
      const op = named.get(`${method.toUpperCase()} ${route}`);
      operations.set(`${method.toUpperCase()} ${shapeOf(route)}`, {
        ...op,
        label: `${op.resource}.${op.name}`,
        raw: item[method],
        params: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map((param) => spec.deref(param).node),
      });
    }
  }
  return { spec, described, operations };
}

function compareOperation(before, after, base, revision, add) {
  const label = after.label;
  if (before.label !== after.label) add("breaking", `${before.label}: renamed ${after.label}`);
  if (before.id !== after.id) {
    add("breaking", `${label}: operationId ${before.id} renamed ${after.id} (the types ${before.requestType} and ${before.responseType} are renamed)`);
  }
  if (before.deprecated !== after.deprecated) add("additive", `${label}: ${after.deprecated ? "deprecated" : "no longer deprecated"}`);
  const listAll = (op) => op.pagination?.method;
  if (listAll(before) && listAll(before) !== listAll(after)) add("breaking", `${before.resource}.${listAll(before)}: removed`);
  if (listAll(after) && listAll(before) !== listAll(after)) add("additive", `${after.resource}.${listAll(after)}: new method`);
  for (const shortcut of before.shortcuts) {
    if (!after.shortcuts.some((s) => s.method === shortcut.method)) add("breaking", `${before.resource}.${shortcut.method}: removed`);
  }
  for (const shortcut of after.shortcuts) {
    if (!before.shortcuts.some((s) => s.method === shortcut.method)) add("additive", `${after.resource}.${shortcut.method}: new method`);
  }
  if (before.timeoutMs !== after.timeoutMs)
    add("patch", `${label}: default timeout ${before.timeoutMs ?? "the client's"} → ${after.timeoutMs ?? "the client's"} ms`);
  if (before.idempotent !== after.idempotent)
    add("patch", `${label}: ${after.idempotent ? "now retried after timeouts and 5XX" : "no longer retried after timeouts and 5XX"}`);

  const securityOf = (op, api) => JSON.stringify(op.securityNames.map((names) => names.map((name) => optionOf(api, name))));
  if (securityOf(before, base) !== securityOf(after, revision)) {
    const text = (op, api) => (op.auth ? op.securityNames.map((names) => names.map((name) => optionOf(api, name)).join(" + ")).join(" or ") : "no credentials");
    add(after.auth && !before.auth ? "breaking" : "patch", `${label}: sends ${text(after, revision)} instead of ${text(before, base)}`);
  }

  compareParameters(label, before, after, base, revision, add);
  compareRequestBody(label, before.raw.requestBody, after.raw.requestBody, base, revision, add);
  compareResponses(label, before.raw.responses ?? {}, after.raw.responses ?? {}, base, revision, add);
}

function compareParameters(label, before, after, base, revision, add) {
  // Path parameters are matched by their place in the path: a new name there is a rename.
  const beforePath = before.route.match(/\{[^}]+\}/g) ?? [];
  const afterPath = after.route.match(/\{[^}]+\}/g) ?? [];
  beforePath.forEach((name, i) => {
    if (name !== afterPath[i]) add("breaking", `${label}: path parameter ${name.slice(1, -1)} renamed ${afterPath[i].slice(1, -1)}`);
  });
  const byKey = (op) =>
    new Map(
      op.params.map((param) => [
        param.in === "path" ? `path:${(op.route.match(/\{[^}]+\}/g) ?? []).indexOf(`{${param.name}}`)}` : `${param.in}:${param.name}`,
        param,
      ]),
    );
  const was = byKey(before);
  const now = byKey(after);
  const name = (param) => `${param.in} parameter ${param.name}`;
  for (const [key, param] of was) {
    const next = now.get(key);
    if (!next) add("breaking", `${label}: ${name(param)} removed`);
    else {
      if (!param.required && next.required) add("breaking", `${label}: ${name(next)} now required`);
      if (param.required && !next.required) add("additive", `${label}: ${name(next)} now optional`);
      if (!param.deprecated && next.deprecated) add("additive", `${label}: ${name(next)} deprecated`);
      compareSchema(`${label}: ${name(next)}`, param.schema, next.schema, "request", base, revision, add);
    }
  }
  for (const [key, param] of now) {
    if (!was.has(key)) add(param.required ? "breaking" : "additive", `${label}: new ${param.required ? "required" : "optional"} ${name(param)}`);
  }
}

function mediaOf(api, node) {
  const content = node ? (api.spec.deref(node).node.content ?? {}) : {};
  return content;
}

function compareRequestBody(label, rawBefore, rawAfter, base, revision, add) {
  const before = rawBefore ? base.spec.deref(rawBefore).node : undefined;
  const after = rawAfter ? revision.spec.deref(rawAfter).node : undefined;
  if (!before && !after) return;
  if (!after) return add("breaking", `${label}: request body removed`);
  if (!before) return add(after.required ? "breaking" : "additive", `${label}: new ${after.required ? "required" : "optional"} request body`);
  if (!before.required && after.required) add("breaking", `${label}: request body now required`);
  if (before.required && !after.required) add("additive", `${label}: request body now optional`);
  compareContent(`${label}: request body`, mediaOf(base, before), mediaOf(revision, after), "request", base, revision, add);
}

function compareResponses(label, before, after, base, revision, add) {
  const isSuccess = (code) => /^[23]/.test(code);
  for (const code of Object.keys(before).filter((c) => !isSuccess(c))) {
    if (!(code in after)) add("additive", `${label}: response ${code} removed`);
    else compareContent(`${label}: response ${code}`, mediaOf(base, before[code]), mediaOf(revision, after[code]), "error", base, revision, add);
  }
  for (const code of Object.keys(after).filter((c) => !isSuccess(c) && !(c in before))) add("additive", `${label}: new response ${code}`);

  // Success answers: a typed call resolves to the body of whichever is sent, so their status codes
  // are not what callers see; their bodies are. A code renamed (201 -> 200) compares the bodies.
  const was = Object.keys(before).filter(isSuccess);
  const now = Object.keys(after).filter(isSuccess);
  if (was.join() === now.join()) {
    for (const code of was)
      compareContent(`${label}: response ${code}`, mediaOf(base, before[code]), mediaOf(revision, after[code]), "response", base, revision, add);
    return;
  }
  if (now.length === 0) return add("breaking", `${label}: no success response any more (was ${list(was)})`);
  add("patch", `${label}: success status ${list(was) || "none"} → ${list(now)}`);
  const pairs = was.filter((code) => now.includes(code)).map((code) => [code, code]);
  if (pairs.length === 0 && was.length > 0) pairs.push([was[0], now[0]]);
  for (const [old, code] of pairs)
    compareContent(`${label}: response ${code}`, mediaOf(base, before[old]), mediaOf(revision, after[code]), "response", base, revision, add);
  // A further success answer with a body of its own joins the call's result type: callers read more kinds.
  const shown = new Set(pairs.map(([, code]) => code));
  const bodies = was.map((code) => JSON.stringify(mediaOf(base, before[code])));
  for (const code of now.filter((c) => !shown.has(c))) {
    const body = JSON.stringify(mediaOf(revision, after[code]));
    add(bodies.includes(body) || (bodies.length === 0 && body === "{}") ? "additive" : "breaking", `${label}: new success response ${code}`);
  }
}

/** How the client writes or reads a body of a media type: JSON, a form or multipart are objects; text is a string; the rest binary. */
const kindOf = (media) =>
  media === undefined
    ? "none"
    : isJson(media) || media === "application/x-www-form-urlencoded" || media === "multipart/form-data"
      ? "object"
      : media.startsWith("text/")
        ? "text"
        : "binary";
/** The media type the client sends or reads: JSON when there is one, else the first. */
const chosen = (content) => Object.keys(content).find(isJson) ?? Object.keys(content)[0];

/**
 * A body's media types. The client sends (or reads) one of them: a change of that one that keeps
 * its kind (JSON to a form) changes the wire only, the client's code follows; another kind (JSON
 * to binary) changes the type callers write or read.
 */
function compareContent(where, before, after, direction, base, revision, add) {
  const was = chosen(before);
  const now = chosen(after);
  if (was !== now) {
    const sameKind = kindOf(was) === kindOf(now);
    // An answer that gains a body gives callers something to read; one that loses it, nothing to read.
    add(
      sameKind ? "patch" : direction === "error" || !was ? "additive" : "breaking",
      `${where}: ${was ? `sent as ${now ?? "no body"} instead of ${was}` : `new body ${now}`}`,
    );
  }
  for (const type of Object.keys(after)) if (!(type in before) && type !== now) add("patch", `${where}: also documented as ${type}`);
  if (!was || !now || (direction === "error" && !isJson(now))) return;
  compareSchema(where, before[was].schema, after[now].schema, direction === "error" ? "response" : direction, base, revision, add, direction === "error");
}

const typesOf = (schema) => {
  const types = new Set([schema.type ?? []].flat());
  if (schema.nullable === true) types.add("null");
  if (schema.const !== undefined) types.add(`const ${JSON.stringify(schema.const)}`);
  return types;
};
const refName = (node) => (typeof node?.$ref === "string" && node.$ref.startsWith("#/components/schemas/") ? node.$ref.split("/").at(-1) : undefined);

/** Properties and required names, over allOf parts. */
function objectOf(spec, schema) {
  const parts = [schema, ...(schema.allOf ?? []).map((part) => spec.deref(part).node)];
  const properties = {};
  const required = new Set();
  for (const part of parts) {
    Object.assign(properties, part.properties ?? {});
    for (const name of part.required ?? []) required.add(name);
  }
  // A required name with no schema is still a field every value has (typed unknown).
  for (const name of required) properties[name] ??= {};
  return { properties, required };
}

/**
 * Changes between two schemas at `where`. `direction` "request": the caller writes values of it;
 * "response": the caller reads them. `soft` (an error body) makes every change additive at most:
 * callers read error bodies through a typed error, never as the call's result.
 */
function compareSchema(where, rawBefore, rawAfter, direction, base, revision, add, soft = false, seen = new Set(), depth = 0) {
  if (!rawBefore || !rawAfter || depth > 12) return;
  // A named schema's changes are told once, under its name.
  const name = refName(rawAfter) && refName(rawAfter) === refName(rawBefore) ? refName(rawAfter) : undefined;
  const at = name ?? where;
  const visit = `${direction}:${rawBefore.$ref ?? ""}:${rawAfter.$ref ?? ""}:${name ? "" : where}`;
  if (seen.has(visit)) return;
  seen.add(visit);
  const before = base.spec.deref(rawBefore).node;
  const after = revision.spec.deref(rawAfter).node;
  const reading = direction === "response";
  const rate = (impact) => (soft && impact === "breaking" ? "additive" : impact);
  // Narrowing what a caller writes, or widening what a caller reads, breaks a caller.
  const narrowed = reading ? "additive" : "breaking";
  const widened = reading ? "breaking" : "additive";

  const beforeTypes = typesOf(before);
  const afterTypes = typesOf(after);
  if (beforeTypes.size > 0 || afterTypes.size > 0) {
    const gone = [...beforeTypes].filter((t) => !afterTypes.has(t));
    const come = [...afterTypes].filter((t) => !beforeTypes.has(t));
    if (afterTypes.size === 0) add(rate(widened), `${at}: type ${list([...beforeTypes])} → any`);
    else if (beforeTypes.size === 0) add(rate(narrowed), `${at}: type any → ${list([...afterTypes])}`);
    else if (gone.length && come.length) add(rate("breaking"), `${at}: type ${list([...beforeTypes])} → ${list([...afterTypes])}`);
    else if (gone.length) add(rate(narrowed), `${at}: ${gone.includes("null") && gone.length === 1 ? "no longer nullable" : `type ${list(gone)} removed`}`);
    else if (come.length) add(rate(widened), `${at}: ${come.includes("null") && come.length === 1 ? "now nullable" : `type ${list(come)} added`}`);
  }
  if (before.format !== after.format && (before.format === "binary" || after.format === "binary")) {
    add(rate("breaking"), `${at}: format ${before.format ?? "none"} → ${after.format ?? "none"}`);
  }
  if (Array.isArray(before.enum) || Array.isArray(after.enum)) {
    const was = before.enum ?? [];
    const now = after.enum ?? [];
    const gone = was.filter((value) => !now.includes(value));
    const come = now.filter((value) => !was.includes(value));
    if (!Array.isArray(after.enum)) add(rate(widened), `${at}: enum (${list(was)}) now open`);
    else if (!Array.isArray(before.enum)) add(rate(narrowed), `${at}: now an enum (${list(now)})`);
    else {
      if (gone.length) add(rate(narrowed), `${at}: enum value${gone.length > 1 ? "s" : ""} ${list(gone)} removed`);
      if (come.length) add(rate(widened), `${at}: new enum value${come.length > 1 ? "s" : ""} ${list(come)}`);
    }
  }
  compareLimits(at, before, after, reading, rate, add);

  if (before.items || after.items) {
    compareSchema(`${at}[]`, before.items, after.items, direction, base, revision, add, soft, seen, depth + 1);
  }
  for (const key of ["oneOf", "anyOf"]) {
    const was = before[key] ?? [];
    const now = after[key] ?? [];
    if (was.length === 0 && now.length === 0) continue;
    if (now.length > was.length) add(rate(widened), `${at}: ${now.length - was.length} more ${key} variant(s)`);
    if (now.length < was.length) add(rate(narrowed), `${at}: ${was.length - now.length} fewer ${key} variant(s)`);
    for (let i = 0; i < Math.min(was.length, now.length); i++) {
      compareSchema(`${at} (${key} ${i + 1})`, was[i], now[i], direction, base, revision, add, soft, seen, depth + 1);
    }
  }

  const wasObject = objectOf(base.spec, before);
  const nowObject = objectOf(revision.spec, after);
  for (const [property, schema] of Object.entries(wasObject.properties)) {
    const field = `${at}.${property}`;
    const next = nowObject.properties[property];
    // A removed request field breaks a caller's object literal (an excess property); a removed answer field, its reads.
    if (!next) add(rate("breaking"), `${field} removed`);
    else {
      const wasRequired = wasObject.required.has(property);
      const nowRequired = nowObject.required.has(property);
      if (!wasRequired && nowRequired) add(rate(reading ? "additive" : "breaking"), `${field} now required`);
      if (wasRequired && !nowRequired) add(rate(reading ? "breaking" : "additive"), `${field} now optional`);
      const deprecated = revision.spec.deref(next).node.deprecated === true;
      if (deprecated && base.spec.deref(schema).node.deprecated !== true) add("additive", `${field} deprecated`);
      compareSchema(field, schema, next, direction, base, revision, add, soft, seen, depth + 1);
    }
  }
  for (const property of Object.keys(nowObject.properties)) {
    if (property in wasObject.properties) continue;
    const required = nowObject.required.has(property);
    add(rate(required && !reading ? "breaking" : "additive"), `${at}.${property}: new ${required ? "required" : "optional"} field`);
  }
}

const LIMITS = [
  // [keyword, which way is tighter]
  ["minimum", 1],
  ["exclusiveMinimum", 1],
  ["minLength", 1],
  ["minItems", 1],
  ["maximum", -1],
  ["exclusiveMaximum", -1],
  ["maxLength", -1],
  ["maxItems", -1],
];

/** Limits the server enforces: a tighter one on what a caller sends can turn an accepted call into a 400. */
function compareLimits(at, before, after, reading, rate, add) {
  for (const [keyword, tighter] of LIMITS) {
    const was = before[keyword];
    const now = after[keyword];
    if (was === now || (typeof was !== "number" && typeof now !== "number")) continue;
    const tightened = now !== undefined && (was === undefined || (now - was) * tighter > 0);
    add(rate(tightened && !reading ? "breaking" : "patch"), `${at}: ${keyword} ${was ?? "none"} → ${now ?? "none"}`);
  }
  if (before.pattern !== after.pattern)
    add(rate(after.pattern !== undefined && !reading ? "breaking" : "patch"), `${at}: pattern ${before.pattern ?? "none"} → ${after.pattern ?? "none"}`);
}

/** The client option a security scheme is given as (apiKey, accessToken, clientId...). */
const optionOf = (api, schemeName) => api.described.auth.schemes.find((scheme) => scheme.name === schemeName)?.options.join(" + ") ?? schemeName;

function compareAuth(base, revision, add) {
  const options = (api) => new Map(api.described.auth.schemes.map((scheme) => [scheme.options.join(" + "), scheme]));
  const was = options(base);
  const now = options(revision);
  for (const [option, scheme] of was) {
    const next = now.get(option);
    if (!next) add("breaking", `client option ${option} removed (security scheme ${scheme.name})`);
    else if (JSON.stringify({ ...scheme, name: 0, description: 0 }) !== JSON.stringify({ ...next, name: 0, description: 0 })) {
      // The same option, sent another way (another header, the query, a new token URL): callers change nothing.
      add("patch", `client option ${option}: sent as ${wire(next)} instead of ${wire(scheme)}`);
    }
  }
  for (const [option, scheme] of now) {
    if (was.has(option)) continue;
    // A credential the default requirement now asks for is one every caller must add.
    const needed =
      revision.described.auth.defaultSecurity.length > 0 && revision.described.auth.defaultSecurity.every((names) => names.includes(scheme.options[0]));
    add(needed ? "breaking" : "additive", `new client option ${option} (security scheme ${scheme.name}${needed ? ", required" : ""})`);
  }
}

const wire = (scheme) =>
  scheme.location ? `${scheme.location.in} ${scheme.location.name}` : scheme.tokenUrl ? `${scheme.kind} from ${scheme.tokenUrl}` : scheme.kind;

function compareServers(before, after, add) {
  if (before?.url !== after?.url) add("additive", `default server ${before?.url ?? "none"} → ${after?.url ?? "none"}`);
  const was = before?.variables ?? {};
  const now = after?.variables ?? {};
  for (const [name, variable] of Object.entries(was)) {
    const next = now[name];
    if (!next) add("breaking", `server variable ${name} removed (a client option)`);
    else {
      if (variable.default !== next.default) add("additive", `server variable ${name}: default ${variable.default ?? "none"} → ${next.default ?? "none"}`);
      const gone = (variable.enum ?? []).filter((value) => next.enum && !next.enum.includes(value));
      if (gone.length || (!variable.enum && next.enum))
        add("breaking", `server variable ${name}: ${gone.length ? `values ${list(gone)} removed` : "now an enum"}`);
    }
  }
  for (const [name, variable] of Object.entries(now)) {
    if (!(name in was))
      add(variable.default === undefined ? "breaking" : "additive", `new server variable ${name}${variable.default === undefined ? " (required)" : ""}`);
  }
}
