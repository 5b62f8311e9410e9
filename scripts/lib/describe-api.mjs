// Reads one spec into what the generator renders: the API's operations (with
// their resource, method and function names), its auth, its server and the
// bodies of its error answers. Nothing here writes code; render-client.mjs does.
import { pascalCase } from "change-case";
import { hasReadWriteFields, loadSpec } from "./spec-loader.mjs";
import { isJsonLines, isStreamed } from "./normalize-spec.mjs";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

/** The words of an identifier or phrase: "list-connections", "getUser", "Widget parts". */
const wordsOf = (text) =>
  text
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
const capitalize = (word) => word[0].toUpperCase() + word.slice(1);
export const camel = (words) => words.map((word, i) => (i === 0 ? word : capitalize(word))).join("");
export const pascal = (name) => wordsOf(name).map(capitalize).join("");
/** A camelCase identifier from any name: "api-version" -> apiVersion, "Bank accounts" -> bankAccounts. */
export const camelName = (name) => camel(wordsOf(name));

/** A resource name from a tag: "Connections" -> connections, "Bank accounts" -> bankAccounts. */
const resourceFromTag = (tag) => (tag ? camelName(tag) : undefined);

// How many operations one resource holds before a single tag is taken to say nothing of the API's shape.
const ONE_RESOURCE_AT_MOST = 20;
// Path words that are no resource: versions (v2, 2020-09-14) and "api".
const NOT_A_RESOURCE = /^(v?\d+(\.\d+)*|\d{4}-\d{2}-\d{2}|api)$/i;
/** The static words of a path: "/v2/bank_accounts/{id}/sync" -> ["bank_accounts", "sync"]. */
const staticSegments = (route) =>
  route
    .split("?")[0]
    .split("/")
    .filter((segment) => segment && !segment.includes("{") && !NOT_A_RESOURCE.test(segment));
/**
 * A resource name from a path's first word after `skip` words every path starts with:
 * "/Invoices/{InvoiceID}" -> invoices, "/bank_accounts" -> bankAccounts.
 */
const resourceFromPath = (route, skip = 0) => {
  const first = staticSegments(route)[skip];
  return first ? camelName(first) : undefined;
};

/** How many leading static words every one of the routes shares ("/api.xro/2.0/..." says nothing of a resource). */
function sharedPrefixLength(routes) {
  const [first = [], ...others] = routes.map(staticSegments);
  let length = 0;
  while (length < first.length - 1 && others.every((segments) => segments[length] === first[length] && segments.length > length + 1)) length++;
  return length;
}

/** A word's singular, near enough for matching a resource in an operationId: companies -> company, things -> thing. */
const singular = (word) => word.replace(/ies$/, "y").replace(/(?<!s)s$/, "");

/**
 * A method name from an operationId: camelCase, with the resource's name
 * trimmed from its start or from after its first word, plural or singular
 * ("connections_list" in connections -> list, "list-companies" in companies
 * -> list, "get-company-data-status" -> getDataStatus, "getUser" in users ->
 * get). `full` keeps every word (for names the short form would make clash).
 */
export function methodNameFrom(operationId, resource, { full = false, route = undefined, method = undefined } = {}) {
  if (!operationId) return undefined;
  const words = wordsOf(operationId);
  // An operationId squashed into one lowercase word ("getorganizationspendlimit") has lost its word
  // boundaries: its verb, then the words of its path after the resource (GET /organization/spend_limit -> getSpendLimit).
  if (route && words.length === 1 && words[0].length >= 16) {
    const verb = words[0].match(/^(get|list|create|update|delete|remove|add|set|post|put|patch)/)?.[1] ?? method ?? "call";
    const rest = staticSegments(route).flatMap(wordsOf);
    const resourceWords = wordsOf(resource);
    if (resourceWords.every((word, i) => rest[i] === word)) rest.splice(0, resourceWords.length);
    return camel([verb, ...rest]);
  }
  const prefix = wordsOf(resource);
  const matchesAt = (start) =>
    words.length > start + prefix.length &&
    prefix.every((word, i) => words[start + i] === word || (i === prefix.length - 1 && singular(words[start + i]) === singular(word)));
  const atEnd = words.length === prefix.length + 1 && prefix.every((word, i) => singular(words[i + 1]) === singular(word));
  if (!full && matchesAt(0)) words.splice(0, prefix.length);
  else if (!full && (matchesAt(1) || atEnd)) words.splice(1, prefix.length);
  const name = camel(words);
  return /^[0-9]/.test(name) ? `op${name}` : name;
}

// The class a client throws for each documented error status, for the @throws docs: the
// runtime's apiErrorFrom decides at run time; a test keeps the two tables in step.
const ERROR_CLASS_BY_STATUS = {
  400: "BadRequestError",
  401: "UnauthorizedError",
  402: "PaymentRequiredError",
  403: "ForbiddenError",
  404: "NotFoundError",
  409: "ConflictError",
  422: "UnprocessableEntityError",
  429: "RateLimitError",
};
export const errorClassFor = (code) => ERROR_CLASS_BY_STATUS[code] ?? (code.startsWith("5") ? "ServerError" : "ApiError");

/** Everything the generator needs to know about one operation. */
function describeOperations(spec) {
  const { root, rootUrl, deref } = spec;
  const operations = [];
  for (const [route, rawItem] of Object.entries(root.paths ?? {})) {
    const { node: item, url: itemUrl } = deref(rawItem, rootUrl);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = new Map();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const { node: param } = deref(raw, itemUrl);
        params.set(`${param.in}:${param.name}`, param);
      }
      const list = [...params.values()];
      const styles = {};
      for (const param of list) {
        const style = parameterStyle(param, (node) => deref(node, itemUrl).node);
        if (style === false)
          throw new Error(`${route} ${method}: parameter ${param.name} (in: ${param.in}, style: ${param.style ?? "default"}) is not supported by the runtime`);
        if (style) styles[param.name] = style;
      }
      const body = op.requestBody ? deref(op.requestBody, itemUrl).node : undefined;
      const bodyMedia = body ? bodyMediaOf(Object.keys(body.content ?? {})) : undefined;
      // Path parameters are implied by the path template (the runtime reads them from it).
      const pathParams = list.filter((p) => p.in === "path").map((p) => p.name);
      const inTemplate = [...route.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
      if (inTemplate.sort().join() !== [...pathParams].sort().join()) {
        throw new Error(`${route} ${method}: path parameters (${pathParams.join(", ")}) do not match the path template`);
      }
      const required = list.filter((p) => p.required && p.in !== "path").map((p) => p.name);
      const fixedBody = op["x-syncline-fixed-body"];
      if (body?.required && fixedBody === undefined) required.push("requestBody");
      const codes = Object.keys(op.responses ?? {});
      const successes = codes.filter((code) => code.startsWith("2")).map((code) => deref(op.responses[code], itemUrl).node);
      const firstSuccess = op.responses?.[codes.find((code) => code.startsWith("2"))];
      const timeoutMs = op["x-syncline-timeout-ms"];
      if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
        throw new Error(`${route} ${method}: x-syncline-timeout-ms must be a positive whole number of milliseconds`);
      }
      const security = op.security ?? root.security ?? [];
      const securityNames = security.map((requirement) => Object.keys(requirement));
      // Resources come from tags, as vendors group their docs; x-syncline-resource refines.
      // Resources come from tags; an untagged operation's from its path (/organization/... -> organization).
      const resource = op["x-syncline-resource"] ?? resourceFromTag(op.tags?.[0]) ?? root["x-syncline-resource"] ?? resourceFromPath(route) ?? "operations";
      // x-syncline-method refines; a vendor's spec without it is named from its operationIds.
      const named = op["x-syncline-method"] !== undefined;
      const name = op["x-syncline-method"] ?? methodNameFrom(op.operationId, resource, { route, method });
      if (!name) throw new Error(`${route} ${method}: needs an operationId or x-syncline-method to name its client method`);
      const errorStatuses = codes.filter((code) => /^[45]/.test(code));
      operations.push({
        id: op.operationId,
        // Named by its tag: where tags do not split the API, re-derived from the path below.
        resourceByTag: op["x-syncline-resource"] === undefined && op.tags?.[0] !== undefined,
        typeName: pascal(op.operationId ?? `${resource} ${name}`),
        example: exampleRequest(list, body, (node) => deref(node, itemUrl).node),
        exampleParameters: exampleParameters(list, (node) => deref(node, itemUrl).node),
        throws: errorStatuses.map((code) => ({ code, className: errorClassFor(code), text: deref(op.responses[code], itemUrl).node.description })),
        name,
        named,
        resource,
        summary: op.summary,
        description: op.description,
        deprecated: op.deprecated === true,
        method: method.toUpperCase(),
        route,
        pathParams,
        queryParams: list.filter((p) => p.in === "query").map((p) => p.name),
        commaSeparated: list.filter((p) => p.in === "query" && p.explode === false && !styles[p.name]).map((p) => p.name),
        required,
        body: Boolean(body),
        // Every documented success carries JSON: an empty answer is then an error, not `undefined`.
        json: successes.length > 0 && successes.every((response) => Object.keys(response.content ?? {}).some(isJson)),
        encodeBody: bodyMedia?.encodeBody,
        contentType: bodyMedia?.contentType,
        ...responseMediaOf(successes),
        events: eventsOf(successes, (node) => deref(node, itemUrl).node),
        lines: linesOf(successes),
        headerParams: list.filter((p) => p.in === "header").map((p) => p.name),
        cookieParams: list.filter((p) => p.in === "cookie").map((p) => p.name),
        styles,
        secretFields: secretFieldsOf(body, (node) => deref(node, itemUrl).node),
        idempotent: op["x-syncline-idempotent"] === true,
        // A declared idempotency key (Stripe's, Xero's): the client sends one of its own, the same on every attempt.
        idempotencyHeader: list.find((p) => p.in === "header" && /^(x-)?idempotency-key$/i.test(p.name))?.name,
        timeoutMs,
        auth: security.length > 0,
        securityNames,
        // An operation's own requirements, when they differ from the spec's.
        ownSecurity: op.security !== undefined && JSON.stringify(op.security) !== JSON.stringify(root.security ?? []),
        redirect: !codes.some((c) => c.startsWith("2")) && codes.some((c) => c.startsWith("3")),
        shortcuts: op["x-syncline-shortcuts"] ?? [],
        fixedBody,
        pagination: describePagination(op, method, list, body, firstSuccess && deref(firstSuccess, itemUrl), deref, `${route} ${method}`),
        urlMethod: op["x-syncline-url-method"],
      });
    }
  }
  // One tag over a large API (Xero's 235 methods, Plaid's 329) says nothing of its shape: each
  // operation's resource then comes from its path instead (/Invoices/{InvoiceID} -> invoices.get).
  const tagged = operations.filter((op) => op.resourceByTag);
  if (tagged.length > ONE_RESOURCE_AT_MOST && new Set(tagged.map((op) => op.resource)).size === 1) {
    const skip = sharedPrefixLength(tagged.map((op) => op.route));
    // A second path word that two or more operations share is a resource within the first, as the
    // vendors' own SDKs have it (/transfer/intent/create, /transfer/intent/get -> transfer.intent.create).
    const pairOf = (op) => staticSegments(op.route).slice(skip, skip + 2);
    const pairs = new Map();
    for (const op of tagged) {
      const pair = pairOf(op);
      if (pair.length === 2) pairs.set(pair.join("/"), (pairs.get(pair.join("/")) ?? 0) + 1);
    }
    for (const op of tagged) {
      const pair = pairOf(op);
      const nested = pair.length === 2 && (pairs.get(pair.join("/")) ?? 0) >= 2;
      op.resource = nested ? pair.map(camelName).join(".") : (resourceFromPath(op.route, skip) ?? op.resource);
      if (!op.named) op.name = methodNameFrom(op.id, op.resource, { route: op.route, method: op.method.toLowerCase() });
    }
    // A nested resource whose name a method of its parent already has stays in the parent.
    const taken = new Set(operations.map((op) => `${op.resource}.${op.name}`));
    for (const op of tagged) {
      if (op.resource.includes(".") && taken.has(op.resource)) {
        op.resource = op.resource.split(".")[0];
        if (!op.named) op.name = methodNameFrom(op.id, op.resource, { route: op.route, method: op.method.toLowerCase() });
      }
    }
  }
  // Names made short from operationIds that clash keep their whole operationId instead (list-things, list-thing-parts).
  const count = new Map();
  for (const op of operations) count.set(`${op.resource}.${op.name}`, (count.get(`${op.resource}.${op.name}`) ?? 0) + 1);
  for (const op of operations) {
    if (op.named || count.get(`${op.resource}.${op.name}`) === 1) continue;
    op.name = methodNameFrom(op.id, op.resource, { full: true, route: op.route, method: op.method.toLowerCase() });
  }
  // An inferred listAll is named after its list, once the list's name is final: listInvoices -> listInvoicesAll.
  for (const op of operations) if (op.pagination?.inferred) op.pagination.method = `${op.name}All`;
  // Two operations named alike in one resource would silently drop one method.
  const seen = new Map();
  for (const op of operations) {
    const key = `${op.resource}.${op.name}`;
    if (seen.has(key)) throw new Error(`${key} names two operations (${seen.get(key)} and ${op.method} ${op.route}): set x-syncline-method on one of them`);
    seen.set(key, `${op.method} ${op.route}`);
  }
  return operations;
}

/**
 * How the runtime writes a parameter: undefined for the styles it writes
 * itself (a simple path segment, a form query value or array, a header, a
 * cookie), a [style, explode] pair for openapi-fetch's serializers (label,
 * matrix, deepObject, delimited arrays, object values), false when no one can.
 */
function parameterStyle(param, resolve) {
  const style = param.style ?? (param.in === "query" || param.in === "cookie" ? "form" : "simple");
  const explode = param.explode ?? style === "form";
  const schema = param.schema ? resolve(param.schema) : {};
  const isObject = [schema.type].flat().includes("object");
  if (param.in === "header") return style === "simple" && !isObject ? undefined : false;
  if (param.in === "cookie") return style === "form" && !isObject ? undefined : false;
  if (param.in === "path") {
    if (!["simple", "label", "matrix"].includes(style)) return false;
    return style === "simple" && !explode && !isObject ? undefined : [style, explode];
  }
  if (param.in !== "query" || !["form", "spaceDelimited", "pipeDelimited", "deepObject"].includes(style)) return false;
  return style === "form" && !isObject ? undefined : [style, explode];
}

const isJson = (media) => /^application\/(.+\+)?json(;|$)/.test(media);

/**
 * The request body's credential fields, which the runtime keeps out of errors and log lines: the
 * top-level properties the spec marks `format: password` ({ names }), or, when its
 * `additionalProperties` are passwords, every field but the declared non-password ones ({ except }).
 */
function secretFieldsOf(body, resolve) {
  const types = Object.keys(body?.content ?? {});
  const media = types.find(isJson) ?? types[0];
  const schema = media && body.content[media].schema ? resolve(body.content[media].schema) : undefined;
  if (!schema || typeof schema !== "object") return undefined;
  const properties = Object.entries(schema.properties ?? {}).map(([name, property]) => [name, resolve(property)]);
  const isPassword = (property) => property?.format === "password";
  const extra = typeof schema.additionalProperties === "object" ? resolve(schema.additionalProperties) : undefined;
  if (isPassword(extra)) return { except: properties.filter(([, property]) => !isPassword(property)).map(([name]) => name) };
  const names = properties.filter(([, property]) => isPassword(property)).map(([name]) => name);
  return names.length ? { names } : undefined;
}

/** How a request body is sent, from its media types: JSON when it can be, else the first the runtime writes. */
function bodyMediaOf(types) {
  const json = types.find(isJson);
  if (json) return { contentType: json === "application/json" ? undefined : json };
  const [first] = types;
  if (first === undefined) return undefined;
  if (first === "multipart/form-data") return { encodeBody: "multipartBody" };
  if (first === "application/x-www-form-urlencoded") return { encodeBody: "formBody" };
  if (first.startsWith("text/")) return { encodeBody: "textBody", contentType: first === "text/plain" ? undefined : first };
  return { encodeBody: "binaryBody", contentType: first === "application/octet-stream" || first.includes("*") ? undefined : first };
}

/**
 * An operation that can answer with server-sent events (`text/event-stream`): its events come one
 * by one from a method of their own, each event's data parsed as JSON unless the schema says string.
 */
function eventsOf(successes, resolve) {
  const media = successes.map((response) => response.content?.["text/event-stream"]).find(Boolean);
  if (!media) return undefined;
  return { json: (media.schema && resolve(media.schema))?.type !== "string" };
}

/** An operation that can answer with JSON lines: each line comes, parsed, from a method of its own. */
function linesOf(successes) {
  const media = successes.flatMap((response) => Object.keys(response.content ?? {})).find(isJsonLines);
  return media && { media };
}

/** How a success body is read (JSON, text or a Blob, as ResponseOf types it) and the Accept header that asks for it. */
function responseMediaOf(successes) {
  const all = [...new Set(successes.flatMap((response) => Object.keys(response.content ?? {})))];
  // Events or JSON lines beside other media are the `...Events` or `...Lines` method's: the call asks for, and reads, the others.
  const others = all.filter((type) => !isStreamed(type));
  const types = others.length > 0 ? others : all;
  if (types.length === 0) return {};
  // Several kinds (JSON, text, bytes) are read by the content type the answer comes with, as ResponseOf types them.
  const kinds = new Set(types.map((type) => (isJson(type) ? "json" : type.startsWith("text/") ? "text" : "bytes")));
  const decodeSuccess = kinds.size > 1 ? "answerByType" : kinds.has("json") ? undefined : kinds.has("text") ? "textAnswer" : "blobAnswer";
  // JSON alone needs no Accept of its own: every API answers JSON to a client that does not ask.
  const accept = types.length === 1 && types[0] === "application/json" ? undefined : types.join(", ");
  // A download (bytes or text, not JSON and not read message by message): its `...Stream` method hands the body on as it arrives.
  return { decodeSuccess, accept, download: !kinds.has("json") && others.length > 0 };
}

// The query parameters and answer fields cursor-paged APIs use (Stripe, OpenAI, Slack, Google...).
const CURSOR_PARAMS = ["cursor", "starting_after", "after", "page_token", "pageToken", "next_token"];
const NEXT_CURSOR_FIELDS = ["next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token"];
const ITEM_FIELDS = ["data", "items", "results"];

/**
 * How a list is paged, for its listAll: `x-syncline-pagination` (style
 * `page`, Codat's envelope, `cursor` or `link`), else inferred from a GET
 * whose parameters and answer leave no doubt: `page` and Codat's
 * `results`/`totalResults`, a cursor parameter with an items array and a
 * next cursor (or Stripe's `has_more` with `starting_after`), or a
 * documented `Link` header (GitHub's style).
 */
function describePagination(op, method, params, body, success, deref, where) {
  const extension = op["x-syncline-pagination"];
  const query = params.filter((p) => p.in === "query").map((p) => p.name);
  // The answer's schema, each $ref followed from the file it is in.
  const schema = success?.node.content?.["application/json"]?.schema;
  const answer = schema ? deref(schema, success.url) : undefined;
  const properties = answer?.node.properties ?? {};
  const isArray = (name) => properties[name] && [deref(properties[name], answer.url).node.type].flat().includes("array");
  if (extension) {
    const style = extension.style ?? "page";
    if (!extension.method) throw new Error(`${where}: x-syncline-pagination needs the method name of its listAll ("method")`);
    if (style === "page") return { method: extension.method, style };
    if (style === "link") return { method: extension.method, style, items: extension.items };
    if (style !== "cursor") throw new Error(`${where}: x-syncline-pagination style ${style} is not supported (page, cursor or link)`);
    const cursorParam = extension.cursorParam ?? query.find((name) => CURSOR_PARAMS.includes(name));
    const items = extension.items ?? ITEM_FIELDS.find(isArray);
    if (!cursorParam || !query.includes(cursorParam)) throw new Error(`${where}: x-syncline-pagination needs cursorParam, one of the query parameters`);
    if (!items) throw new Error(`${where}: x-syncline-pagination needs items, the answer's array field`);
    return { method: extension.method, style, cursorParam, items, nextCursor: extension.nextCursor, hasMore: extension.hasMore };
  }
  const items = ITEM_FIELDS.find(isArray);
  const nextCursor = NEXT_CURSOR_FIELDS.find((name) => properties[name]);
  // An inferred listAll gets its method name once the list's own name is final (describeOperations).
  if (method === "post") {
    // Plaid's style: the cursor in the JSON body, the next one and has_more in the answer. Pages
    // holding several lists (added, modified, removed) are yielded whole.
    const bodySchema = body?.content?.["application/json"]?.schema;
    const bodyFields = bodySchema ? Object.keys(deref(bodySchema).node.properties ?? {}) : [];
    const cursorField = bodyFields.find((name) => CURSOR_PARAMS.includes(name));
    if (cursorField && nextCursor && properties.has_more)
      return { style: "cursor", in: "body", cursorParam: cursorField, items, nextCursor, hasMore: "has_more", inferred: true };
    return undefined;
  }
  if (method !== "get") return undefined;
  if (query.includes("page") && isArray("results") && properties.totalResults) return { style: "page", inferred: true };
  // Xero's style: numbered pages, the answer's one list beside a pagination object with the page count.
  const pagination = properties.pagination ? (deref(properties.pagination, answer.url).node.properties ?? {}) : {};
  const pageCount = ["pageCount", "page_count", "totalPages", "total_pages"].find((name) => pagination[name]);
  const lists = Object.keys(properties).filter(isArray);
  if (query.includes("page") && pageCount && lists.length === 1)
    return { style: "pageCount", items: lists[0], pageCount: `pagination.${pageCount}`, inferred: true };
  const cursorParam = query.find((name) => CURSOR_PARAMS.includes(name));
  const hasMore = properties.has_more && ["starting_after", "after"].includes(cursorParam) ? "has_more" : undefined;
  if (cursorParam && items && (nextCursor || hasMore)) return { style: "cursor", cursorParam, items, nextCursor, hasMore, inferred: true };
  // GitHub's style: a documented Link header, and the answer an array (or an items field).
  const headers = Object.keys(success?.node.headers ?? {}).map((name) => name.toLowerCase());
  const isList = answer && [answer.node.type].flat().includes("array");
  if (headers.includes("link") && (isList || items)) return { style: "link", items: isList ? undefined : items, inferred: true };
  return undefined;
}

/** An example value of a parameter or body, from the spec's `example`/`examples`. */
function exampleOf(node, resolve) {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  const named = node.examples && typeof node.examples === "object" ? Object.values(node.examples)[0] : undefined;
  if (named) return resolve(named).value;
  return node.schema ? exampleOf(resolve(node.schema), resolve) : undefined;
}

/** Whether a name can be written bare in JavaScript (a property key, or after a dot). */
export const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name);
/** A property key as people write it: bare when it can be (`limit`), quoted when not (`"xero-tenant-id"`). */
const propertyKey = (name) => (isIdentifier(name) ? name : JSON.stringify(name));

/** A JSON value written as a JavaScript literal the way people write one: `{ key: "value", list: [1, 2] }`. */
function jsLiteral(value) {
  if (value?.[CODE]) return value[CODE];
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => `${propertyKey(key)}: ${jsLiteral(item)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/** A stand-in of a parameter schema's type when the spec gives no example: the first enum value, 1, true, "…", or a list of one. */
function placeholderOf(node, resolve) {
  const schema = node ? resolve(node) : {};
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const type = [schema.type].flat().find((t) => t !== "null");
  if (type === "array") return [placeholderOf(schema.items, resolve)];
  return type === "integer" || type === "number" ? 1 : type === "boolean" ? true : "…";
}

/** The required parameters of a call (path, query, header and cookie), with the spec's example values (or stand-ins). */
function exampleParameters(params, resolve) {
  const values = {};
  // Headers and cookies too: a required one left out of an example would not compile (Xero's xero-tenant-id).
  for (const param of params.filter((p) => p.required)) {
    const example = exampleOf(param, resolve);
    const list = param.schema && resolve(param.schema).type === "array";
    // A list parameter's example written as one value ("1,2"), as vendors do, is not what the type takes.
    values[param.name] = example !== undefined && Array.isArray(example) === Boolean(list) ? example : placeholderOf(param.schema, resolve);
  }
  return values;
}

/** The request object of a call in a method's `@example`: required parameters with the spec's example values. */
function exampleRequest(params, body, resolve) {
  const fields = Object.entries(exampleParameters(params, resolve)).map(([name, value]) => `${propertyKey(name)}: ${JSON.stringify(value)}`);
  const media = body ? (body.content?.["application/json"] ?? Object.values(body.content ?? {})[0]) : undefined;
  // Vendors write one example per schema, for both directions: a request leaves out what the server sets.
  const value = sendable(exampleOf(media, resolve), media?.schema, resolve);
  if (body?.required || value !== undefined) {
    const text = value === undefined ? undefined : jsLiteral(value);
    // Too long, or none: the smallest body the schema allows (its required fields, valued from the
    // example where it has them), so the example still compiles and the API still accepts it.
    fields.push(`requestBody: ${text && text.length <= 100 ? text : jsLiteral(minimalValue(media?.schema, resolve, 0, value))}`);
  }
  return fields.length ? `{ ${fields.join(", ")} }` : "";
}

/**
 * An example value as a request can send it, at any depth: without the fields its schema marks
 * readOnly or does not declare (vendors' examples carry some, and the types, with no index
 * signature, would refuse them), with the required fields it lacks, and with each field of the
 * wrong type (OpenAI's `metadata: "..."` for an object) as `fitting` takes it, or else the smallest
 * value its schema allows.
 */
function sendable(value, node, resolve, depth = 0) {
  if (value === null || typeof value !== "object" || !node || depth > 8) return value;
  const schema = resolve(node);
  if (Array.isArray(value)) return schema.items ? value.map((item) => sendable(item, schema.items, resolve, depth + 1)) : value;
  const whole = [schema, ...(schema.allOf ?? []).map((part) => resolve(part))];
  const parts = [...whole, ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map((part) => resolve(part))];
  const properties = Object.assign({}, ...parts.map((part) => part.properties));
  const declaredOnly =
    Object.keys(properties).length > 0 && parts.every((part) => part.additionalProperties === undefined || part.additionalProperties === false);
  const kept = {};
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key] ? resolve(properties[key]) : undefined;
    if (property ? property.readOnly === true : declaredOnly) continue;
    const fits = !property || fitting(item, property) === item;
    kept[key] = fits ? (property ? sendable(item, properties[key], resolve, depth + 1) : item) : minimalValue(properties[key], resolve, depth + 1, item);
  }
  for (const name of whole.flatMap((part) => part.required ?? [])) {
    if (!(name in kept) && properties[name] && resolve(properties[name]).readOnly !== true) kept[name] = minimalValue(properties[name], resolve, depth + 1);
  }
  return kept;
}

/**
 * An example value as the schema's type takes it: as it is, a string field's bare YAML word
 * (`true`) as its string, or undefined when it is of another type (OpenAI's JSON text for an object).
 */
function fitting(value, schema) {
  const types = [schema.type].flat().filter((type) => type && type !== "null");
  if (value == null || types.length === 0 || types.some((type) => isOfType(value, type))) return value;
  return types.includes("string") && (typeof value === "boolean" || typeof value === "number") ? String(value) : undefined;
}

/** Whether a JSON value is of a JSON Schema type. */
function isOfType(value, type) {
  if (type === "integer") return Number.isInteger(value);
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && !Array.isArray(value);
  return typeof value === type;
}

/** Code that a JavaScript literal carries as it is (a Blob for a binary field). */
const CODE = Symbol("code");

/**
 * The smallest value a schema allows, for an example: required fields only, the first enum value,
 * stand-ins by type; `given` (an example too long to show whole) supplies the values it has.
 */
function minimalValue(node, resolve, depth = 0, given = undefined) {
  const schema = node ? resolve(node) : {};
  given = fitting(given, schema);
  const isObject = given !== null && typeof given === "object" && !Array.isArray(given);
  if (!isObject) {
    if (given !== undefined) return given;
    const example = fitting(schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined), schema);
    if (example !== undefined) return example;
  }
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (variant) return minimalValue(variant, resolve, depth + 1);
  // allOf around a value that is not an object (Plaid's allOf over an enum): that value.
  const scalar =
    schema.type || schema.properties
      ? undefined
      : schema.allOf?.find((part) => {
          const resolved = resolve(part);
          return resolved.enum || (resolved.type !== undefined && resolved.type !== "object");
        });
  if (scalar) return minimalValue(scalar, resolve, depth + 1);
  const type = [schema.type].flat().find((t) => t !== "null") ?? (schema.properties || schema.allOf ? "object" : undefined);
  if (type === "string") return schema.format === "binary" ? { [CODE]: 'new Blob(["…"])' } : "…";
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type !== "object" || depth > 4) return {};
  const parts = [schema, ...(schema.allOf ?? []).map((part) => resolve(part))];
  const value = {};
  for (const part of parts) {
    for (const name of part.required ?? []) value[name] = minimalValue(part.properties?.[name], resolve, depth + 1, isObject ? given[name] : undefined);
  }
  return value;
}

/**
 * The schema names of the JSON bodies of every error answer (4XX, 5XX,
 * default) the spec documents: what `error.body` holds for this API.
 */
function describeErrorBodies(spec) {
  const names = new Set();
  for (const rawItem of Object.values(spec.root.paths ?? {})) {
    const { node: item, url: itemUrl } = spec.deref(rawItem, spec.rootUrl);
    for (const method of METHODS) {
      for (const [code, rawResponse] of Object.entries(item[method]?.responses ?? {})) {
        if (!/^[45]|^default$/.test(code)) continue;
        const schema = spec.deref(rawResponse, itemUrl).node.content?.["application/json"]?.schema;
        if (!schema) continue;
        // A named schema is exported by schema.ts under its name as openapi-typescript spells it
        // (`OBErrorResponse1` as `ObErrorResponse1`); an inline one has no name to give.
        names.add(schema.$ref ? pascalCase(decodeURIComponent(schema.$ref.split("/").at(-1))) : "unknown");
      }
    }
  }
  return names.has("unknown") ? ["unknown"] : [...names].sort();
}

/** What a token option's doc says of where its token comes from (the spec's own description first). */
function tokenDescription(scheme) {
  if (scheme.type === "http") return scheme.description;
  const where =
    scheme.type === "openIdConnect"
      ? `OpenID Connect (discovery: ${scheme.openIdConnectUrl})`
      : `OAuth2 (${Object.entries(scheme.flows ?? {})
          .map(([flow, { authorizationUrl, tokenUrl }]) =>
            [flow, authorizationUrl && `sign-in at ${authorizationUrl}`, tokenUrl && `tokens from ${tokenUrl}`].filter(Boolean).join(", "),
          )
          .join("; ")})`;
  // The vendor's words first, as a sentence of their own ("For more information" gets its full stop).
  const own = scheme.description?.trim().replace(/[^.!?:]$/, "$&.");
  return `${own ? `${own}\n\n` : ""}An access token from ${where}.`;
}

/**
 * How the client authenticates: one credential option (or pair) per security
 * scheme the operations use, named for what a user holds (`apiKey`,
 * `accessToken`, `username` + `password`, `clientId` + `clientSecret`), and
 * the spec's requirements in those names.
 */
function describeAuth(spec, operations) {
  const schemes = spec.root.components?.securitySchemes ?? {};
  const requirementsOf = (security) => (security ?? []).map((requirement) => Object.keys(requirement));
  const used = [...new Set([requirementsOf(spec.root.security), ...operations.map((op) => op.securityNames)].flat(2))];
  const count = (test) => used.filter((name) => test(spec.deref(schemes[name]).node ?? {})).length;
  // One OAuth2 scheme with a client credentials flow is signed in to with the client's id and secret
  // (the runtime keeps one token); any other OAuth2 flow, openIdConnect and HTTP bearer take an access token.
  const hasClientCredentials = (s) => s.type === "oauth2" && s.flows?.clientCredentials?.tokenUrl !== undefined;
  const clientCredentials = (s) => hasClientCredentials(s) && count(hasClientCredentials) === 1;
  const acceptsAccessToken = (s) =>
    (s.type === "http" && /^bearer$/i.test(s.scheme)) || s.type === "openIdConnect" || (s.type === "oauth2" && !clientCredentials(s));
  const described = used.map((name) => {
    const scheme = spec.deref(schemes[name]).node;
    if (!scheme) throw new Error(`security scheme ${name} is used but not defined in components.securitySchemes`);
    // A second scheme of one kind is named after itself: partnerKey beside apiKey.
    const own = (usual, test) => (count(test) > 1 ? camelName(name) : usual);
    if (scheme["x-syncline-auth"] === "codat") return { name, kind: "codat", options: ["apiKey"] };
    if (scheme.type === "apiKey" && ["header", "query", "cookie"].includes(scheme.in)) {
      return {
        name,
        kind: "apiKey",
        location: { in: scheme.in, name: scheme.name },
        options: [own("apiKey", (s) => s.type === "apiKey")],
        description: scheme.description,
      };
    }
    if (scheme.type === "http" && /^basic$/i.test(scheme.scheme) && count((s) => s.type === "http" && /^basic$/i.test(s.scheme)) === 1)
      return { name, kind: "basic", options: ["username", "password"] };
    if (clientCredentials(scheme)) {
      const flow = scheme.flows.clientCredentials;
      return { name, kind: "clientCredentials", tokenUrl: flow.tokenUrl, scopes: Object.keys(flow.scopes ?? {}), options: ["clientId", "clientSecret"] };
    }
    // An OAuth2 or OpenID Connect token may come from runtime's refreshingToken, which the client tells of a 401.
    const kind = scheme.type === "http" ? "bearer" : "oauth2Token";
    if (acceptsAccessToken(scheme)) return { name, kind, options: [own("accessToken", acceptsAccessToken)], description: tokenDescription(scheme) };
    throw new Error(`unsupported security scheme ${name} (type ${scheme.type}${scheme.scheme ? `, scheme ${scheme.scheme}` : ""})`);
  });
  const byName = new Map(described.map((scheme) => [scheme.name, scheme]));
  // Requirements in the client's terms: the first option of each scheme stands for it.
  const inOptions = (requirements) => requirements.map((names) => names.map((name) => byName.get(name).options[0]));
  const defaultSecurity = inOptions(requirementsOf(spec.root.security));
  // Examples, tests and benchmarks sign in as the API's first security requirement asks (else with its first scheme).
  const firstRequirement = defaultSecurity[0] ?? described[0]?.options.slice(0, 1) ?? [];
  const exampleSchemes = described.filter((scheme) => firstRequirement.includes(scheme.options[0]));
  return { schemes: described, defaultSecurity, exampleSchemes, inOptions };
}

/** One API as the generator sees it (`spec`: the API's spec, if its caller has it loaded already). */
export async function describeApi(api, configRoot, spec = undefined) {
  spec ??= await loadSpec(`${configRoot}/${api.root}`);
  const operations = describeOperations(spec);
  // Each operation's request and result get readable names, unless a schema has the name already
  // (schema.ts exports every schema by its name): then ...Params and ...Result.
  const schemaNames = new Set(Object.keys(spec.root.components?.schemas ?? {}).map((name) => pascal(name).toLowerCase()));
  const free = (name, instead) => (schemaNames.has(name.toLowerCase()) ? instead : name);
  for (const op of operations) {
    op.requestType = free(`${op.typeName}Request`, `${op.typeName}Params`);
    op.responseType = free(`${op.typeName}Response`, `${op.typeName}Result`);
    // What its listAll yields.
    op.itemType = free(`${op.typeName}Item`, `${op.typeName}Entry`);
    // What its ...Events method yields.
    op.eventType = op.events?.json ? free(`${op.typeName}Event`, `${op.typeName}StreamEvent`) : "ServerSentEvent";
    // What its ...Lines method yields.
    if (op.lines) op.lineType = free(`${op.typeName}Line`, `${op.typeName}StreamLine`);
  }
  const auth = describeAuth(spec, operations);
  // With one scheme the client's authenticator is the operation's; with several, each operation says which it needs.
  for (const op of operations) op.security = auth.schemes.length > 1 && op.auth && op.ownSecurity ? auth.inOptions(op.securityNames) : undefined;
  const server = spec.root.servers?.[0];
  return {
    name: api.name,
    /** The name examples give the client: "my-api" -> myApi. */
    variable: camelName(api.name),
    title: spec.root.info.title,
    specPath: api.root,
    packageName: `@syncline/${api.name}`,
    operations,
    resources: [...new Set(operations.map((op) => op.resource))],
    auth,
    server,
    serverVariables: Object.entries(server?.variables ?? {}),
    // A spec without an absolute server URL (none, or "/api") leaves the base URL to the caller.
    baseUrlRequired: !/^(https?:\/\/|\{)/.test(server?.url ?? ""),
    errorBodies: describeErrorBodies(spec),
    // schema.ts marks readOnly and writeOnly fields (render-types.mjs): the request and answer types honour them.
    readWrite: hasReadWriteFields(spec.root),
  };
}
