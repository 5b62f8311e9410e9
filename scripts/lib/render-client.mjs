// Turns one spec into the text of its generated client (src/generated/client.ts):
// readable names, the operations as data, and a factory whose resource methods
// are named by each operation's `x-syncline-method`.
import { loadSpec } from "./spec-loader.mjs";

const METHODS = ["get", "post", "put", "patch", "delete"];
// The runtime's API error classes, re-exported typed with this API's error body
// (so `instanceof NotFoundError` narrows `error.body`), and the other errors and guards as they are.
const API_ERROR_CLASSES = [
  "ApiError",
  "BadRequestError",
  "ConflictError",
  "ForbiddenError",
  "NotFoundError",
  "PaymentRequiredError",
  "RateLimitError",
  "ServerError",
  "UnauthorizedError",
  "UnprocessableEntityError",
];
const OTHER_ERROR_EXPORTS = [
  "ConnectionError",
  "InvalidResponseError",
  "isSynclineError",
  "RequestAbortedError",
  "RequestFailedError",
  "ResponseTooLargeError",
  "SynclineError",
  "TimeoutError",
];

const pascal = (name) => name.replace(/(^|[-_ ])(\w)/g, (_, __, c) => c.toUpperCase());
const quote = (value) => JSON.stringify(value);
const oneLine = (text) => text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
/** A JSDoc block of `lines` (an empty string is a blank line). */
const docBlock = (lines, indent) => `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${oneLine(line)}` : ""}`).join("\n")}\n${indent} */\n`;
const doc = (text, indent) => (text ? `${indent}/** ${oneLine(text)} */\n` : "");

/**
 * A method name from an operationId: camelCase, with the resource's name
 * trimmed from its start ("list-connections" -> listConnections,
 * "connections_list" in resource connections -> list, "getUser" -> getUser).
 */
function methodNameFrom(operationId, resource) {
  if (!operationId) return undefined;
  const words = operationId
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  if (words.length > 1 && words[0] === resource.toLowerCase()) words.shift();
  const name = words.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join("");
  return /^[0-9]/.test(name) ? `op${name}` : name;
}

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
      for (const param of list) {
        // The runtime builds URLs for exactly these styles (operation-client.ts).
        const supported =
          param.in === "path" ? (param.style ?? "simple") === "simple" && param.explode !== true : param.in === "query" && (param.style ?? "form") === "form";
        if (!supported)
          throw new Error(`${route} ${method}: parameter ${param.name} (in: ${param.in}, style: ${param.style ?? "default"}) is not supported by the runtime`);
      }
      const body = op.requestBody ? deref(op.requestBody, itemUrl).node : undefined;
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
      const timeoutMs = op["x-syncline-timeout-ms"];
      if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
        throw new Error(`${route} ${method}: x-syncline-timeout-ms must be a positive whole number of milliseconds`);
      }
      const security = op.security ?? root.security ?? [];
      const resource = op["x-syncline-resource"] ?? root["x-syncline-resource"] ?? "operations";
      // x-syncline-method refines; a vendor's spec without it is named from its operationIds.
      const name = op["x-syncline-method"] ?? methodNameFrom(op.operationId, resource);
      if (!name) throw new Error(`${route} ${method}: needs an operationId or x-syncline-method to name its client method`);
      const errorStatuses = codes.filter((code) => /^[45]/.test(code));
      operations.push({
        id: op.operationId,
        example: exampleRequest(list, body, (node) => deref(node, itemUrl).node),
        throws: errorStatuses.map((code) => ({ code, className: errorClassFor(code), text: deref(op.responses[code], itemUrl).node.description })),
        name,
        resource,
        summary: op.summary,
        description: op.description,
        deprecated: op.deprecated === true,
        method: method.toUpperCase(),
        route,
        pathParams,
        queryParams: list.filter((p) => p.in === "query").map((p) => p.name),
        commaSeparated: list.filter((p) => p.in === "query" && p.explode === false).map((p) => p.name),
        required,
        body: Boolean(body),
        // Every documented success carries JSON: an empty answer is then an error, not `undefined`.
        json: successes.length > 0 && successes.every((response) => response.content?.["application/json"] !== undefined),
        idempotent: op["x-syncline-idempotent"] === true,
        timeoutMs,
        auth: security.length > 0,
        redirect: !codes.some((c) => c.startsWith("2")) && codes.some((c) => c.startsWith("3")),
        shortcuts: op["x-syncline-shortcuts"] ?? [],
        fixedBody,
        pagination: op["x-syncline-pagination"],
        urlMethod: op["x-syncline-url-method"],
      });
    }
  }
  // Two operations named alike in one resource would silently drop one method.
  const seen = new Map();
  for (const op of operations) {
    const key = `${op.resource}.${op.name}`;
    if (seen.has(key)) throw new Error(`${key} names two operations (${seen.get(key)} and ${op.method} ${op.route}): set x-syncline-method on one of them`);
    seen.set(key, `${op.method} ${op.route}`);
  }
  return operations;
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

/** An example value of a parameter or body, from the spec's `example`/`examples`. */
function exampleOf(node, resolve) {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  const named = node.examples && typeof node.examples === "object" ? Object.values(node.examples)[0] : undefined;
  if (named) return resolve(named).value;
  return node.schema ? exampleOf(resolve(node.schema), resolve) : undefined;
}

/** A JSON value written as a JavaScript literal the way people write one: `{ key: "value", list: [1, 2] }`. */
function jsLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${jsLiteral(item)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/** The request object of a call in a method's `@example`: required parameters with the spec's example values. */
function exampleRequest(params, body, resolve) {
  const fields = [];
  for (const param of params.filter((p) => p.required && (p.in === "path" || p.in === "query"))) {
    fields.push(`${param.name}: ${JSON.stringify(exampleOf(param, resolve) ?? "…")}`);
  }
  const value = body ? exampleOf(body.content?.["application/json"], resolve) : undefined;
  if (body?.required || value !== undefined) {
    const text = value === undefined ? undefined : jsLiteral(value);
    fields.push(`requestBody: ${text && text.length <= 100 ? text : "{ … }"}`);
  }
  return fields.length ? `{ ${fields.join(", ")} }` : "";
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
        // A named schema is exported by schema.ts under its name; an inline one has no name to give.
        names.add(schema.$ref ? schema.$ref.split("/").at(-1) : "unknown");
      }
    }
  }
  return names.has("unknown") ? ["unknown"] : [...names].sort();
}

/** How the client authenticates, from the security scheme its operations use. */
function describeAuth(spec) {
  const schemes = spec.root.components?.securitySchemes ?? {};
  const used = new Set(
    [spec.root.security ?? [], ...Object.values(spec.root.paths).flatMap((item) => METHODS.map((m) => spec.deref(item).node[m]?.security ?? []))]
      .flat()
      .flatMap((requirement) => Object.keys(requirement)),
  );
  const [schemeName] = used;
  const scheme = schemes[schemeName];
  if (scheme?.type === "apiKey" && scheme.in === "header" && scheme.name.toLowerCase() === "authorization") return "codat";
  if (scheme?.type === "http" && scheme.scheme === "bearer") return "bearer";
  throw new Error(`unsupported security scheme ${schemeName}: add it to scripts/lib/render-client.mjs`);
}

export function renderClient(api, configRoot) {
  const spec = loadSpec(`${configRoot}/${api.root}`);
  const operations = describeOperations(spec);
  const auth = describeAuth(spec);
  const server = spec.root.servers?.[0];
  const variables = Object.entries(server?.variables ?? {});
  const factory = `create${pascal(api.name)}Client`;
  const optionsType = `${pascal(api.name)}ClientOptions`;
  const packageName = `@syncline/${api.name}`;
  const opType = (op) => `operations[${quote(op.id)}]`;
  const resources = [...new Set(operations.map((op) => op.resource))];

  const specEntries = operations.map((op) => {
    const fields = [`name: ${quote(`${op.resource}.${op.name}`)}`, `method: ${quote(op.method)}`, `path: ${quote(op.route)}`];
    if (op.queryParams.length) fields.push(`queryParams: ${quote(op.queryParams)}`);
    if (op.commaSeparated.length) fields.push(`commaSeparated: ${quote(op.commaSeparated)}`);
    if (op.required.length) fields.push(`required: ${quote(op.required)}`);
    if (op.body) fields.push("body: true");
    if (op.json) fields.push("json: true");
    if (op.idempotent) fields.push("idempotent: true");
    if (op.timeoutMs !== undefined) fields.push(`timeoutMs: ${op.timeoutMs}`);
    if (!op.auth) fields.push("auth: false");
    if (op.redirect) fields.push("redirect: true");
    return `  ${op.name}: { ${fields.join(", ")} },\n`;
  });

  const typeName = (op) => pascal(op.id);
  // requestBody is always the last field of an example request.
  const withoutBody = (example) => example.replace(/(, )?requestBody: .*(?= \}$)/, "").replace(/^\{ {2}\}$/, "");
  /** The JSDoc of a method calling `op`: summary, description, an example call, and the errors the spec documents. */
  const methodDoc = (op, indent, { name = op.name, summary = op.summary, call } = {}) => {
    const lines = [summary ?? name];
    if (op.description) lines.push("", op.description);
    lines.push("", "@example", call ?? `await ${api.name}.${op.resource}.${name}(${op.example});`);
    const byClass = new Map();
    for (const { code, className, text } of op.throws) byClass.set(className, [...(byClass.get(className) ?? []), `${code}${text ? ` (${text})` : ""}`]);
    for (const [className, cases] of byClass) lines.push(`@throws {${className}} ${cases.join("; ")}`);
    lines.push("@throws {SynclineError} when no valid answer arrives: ConnectionError, TimeoutError, RequestAbortedError, InvalidResponseError, ...");
    if (op.deprecated) lines.push("@deprecated");
    return docBlock(lines, indent);
  };
  const method = (op, indent) => {
    const request = `${typeName(op)}Request`;
    const optional = op.required.length === 0 && op.pathParams.length === 0 ? "?" : "";
    const result = op.redirect ? "string" : `${typeName(op)}Response`;
    // A fixed body is not the caller's to give: the example leaves it out.
    let text = methodDoc(op.fixedBody === undefined ? op : { ...op, example: withoutBody(op.example) }, indent);
    if (op.fixedBody !== undefined) {
      // x-syncline-fixed-body: the operation always sends this body, so the method takes none.
      const body = JSON.stringify(op.fixedBody);
      text += `${indent}${op.name}: (request: Omit<${request}, "requestBody">, options?: CallOptions): Promise<${result}> =>\n`;
      text += `${indent}  core.call(operationSpecs.${op.name}, { ...request, requestBody: ${body} }, options),\n`;
    } else {
      text += `${indent}${op.name}: (request${optional}: ${request}, options?: CallOptions): Promise<${result}> =>\n`;
      text += `${indent}  core.call(operationSpecs.${op.name}, request, options),\n`;
    }
    for (const shortcut of op.shortcuts) {
      const fixed = { ...op, description: `${op.name} with the body ${JSON.stringify(shortcut.requestBody)}.`, example: withoutBody(op.example) };
      text += methodDoc(fixed, indent, { name: shortcut.method, summary: shortcut.summary });
      text += `${indent}${shortcut.method}: (request: Omit<${request}, "requestBody">, options?: CallOptions): Promise<${result}> =>\n`;
      text += `${indent}  core.call(operationSpecs.${op.name}, { ...request, requestBody: ${JSON.stringify(shortcut.requestBody)} }, options),\n`;
    }
    if (op.urlMethod) {
      // x-syncline-url-method: the same request, built into a URL locally for a browser to open.
      text += docBlock(
        [
          `The URL ${op.name} requests, built locally (nothing is sent): for the user's browser to open.`,
          "",
          "@example",
          `const url = ${api.name}.${op.resource}.${op.urlMethod}(${op.example});`,
        ],
        indent,
      );
      text += `${indent}${op.urlMethod}: (request: ${request}): string =>\n`;
      text += `${indent}  operationUrl(baseUrl, { ...operationSpecs.${op.name}, name: ${quote(`${op.resource}.${op.urlMethod}`)} }, request),\n`;
    }
    if (op.pagination) {
      const each = `for await (const item of ${api.name}.${op.resource}.${op.pagination.method}(${op.example})) console.log(item);`;
      text += methodDoc({ ...op, description: `Every item of every page of ${op.name}, fetched lazily as you iterate.` }, indent, {
        name: op.pagination.method,
        summary: op.summary,
        call: each,
      });
      // A named return type: an inferred one would be inlined into the .d.ts, where it also breaks the JSDoc above.
      text += `${indent}${op.pagination.method}: (request: Omit<${request}, "page">, options?: CallOptions): AsyncGenerator<${result}["results"][number], void, undefined> =>\n`;
      // `page` is kept out of the type but honoured if a JavaScript caller sends it.
      text += `${indent}  paginate((page) => core.call<${result}>(operationSpecs.${op.name}, { ...request, page }, options), (request as { page?: number }).page ?? 1),\n`;
    }
    return text;
  };

  const authOptions =
    auth === "codat"
      ? { extend: "CodatAuthOptions", create: "codatAuth(options)", imports: ["codatAuth", "type CodatAuthOptions"] }
      : { extend: "", create: "bearerAuth(options.accessToken)", imports: ["bearerAuth", "type TokenSource"] };
  // openapi-fetch takes one array style per client: comma-separated when the spec says so.
  const rawQuerySerializer = operations.some((op) => op.commaSeparated.length) ? `, { array: { style: "form", explode: false } }` : "";
  const baseUrlExpr = variables.length
    ? `options.baseUrl ?? serverUrl(${quote(server.url)}, { ${variables.map(([name, v]) => `${name}: options.${name} ?? ${quote(v.default)}`).join(", ")} })`
    : `options.baseUrl ?? ${quote(server?.url ?? "")}`;

  const runtimeImports = [
    ...authOptions.imports,
    "createOperationClient",
    "createPipeline",
    "createRawClient as createRawClientOf",
    ...(operations.some((op) => op.urlMethod) ? ["operationUrl"] : []),
    ...(operations.some((op) => op.pagination) ? ["paginate"] : []),
    ...(variables.length ? ["serverUrl"] : []),
    "type CallOptions",
    "type OperationSpec",
    "type PipelineOptions",
    "type RequestOf",
    "type ResponseOf",
  ];

  let out = `// Generated by scripts/generate.mjs from ${api.root}. Do not edit by hand:\n// change the spec (or the generator) and run \`npm run generate\`.\n\n`;
  out += `import {\n${runtimeImports.map((name) => `  ${name},\n`).join("")}} from "@syncline/runtime";\n`;
  const errorBodies = describeErrorBodies(spec);
  const namedBodies = errorBodies.filter((name) => name !== "unknown");
  out += `import type { ${[...namedBodies, "operations", "paths"].join(", ")} } from "./schema";\n`;
  out += `import * as runtime from "@syncline/runtime";\n\n`;
  out += `export type * from "./schema";\n`;
  out += `export {\n${OTHER_ERROR_EXPORTS.map((name) => `  ${name},\n`).join("")}} from "@syncline/runtime";\n\n`;
  out += `/**\n * What \`error.body\` holds after an error status: the API's error schema, the text of a body that\n * is not JSON (a proxy's HTML page), or undefined when the body is empty.\n */\n`;
  out += `export type ErrorBody = ${[...errorBodies, "string", "undefined"].join(" | ")};\n`;
  out += `// The runtime's classes themselves (instanceof works as ever), typed with this API's ErrorBody.\n`;
  for (const name of API_ERROR_CLASSES) {
    out += `export const ${name}: runtime.ApiErrorClass<runtime.${name}<ErrorBody>> = runtime.${name};\n`;
    out += `export type ${name} = runtime.${name}<ErrorBody>;\n`;
  }
  out += `/** Whether \`value\` is an API error (any status), from this copy of the runtime or another. */\n`;
  out += `export const isApiError = runtime.isApiError as (value: unknown) => value is ApiError;\n\n`;
  out += `export type { CallOptions, RetryConfig, RetriesOption } from "@syncline/runtime";\n\n`;
  out += `// Replaced with "${packageName}/<version>" at build time (tsup.config.ts).\ndeclare const __SYNCLINE_PACKAGE__: string | undefined;\n`;
  out += `const CLIENT = typeof __SYNCLINE_PACKAGE__ === "string" ? __SYNCLINE_PACKAGE__ : ${quote(packageName)};\n\n`;
  out += `/** Every operation of ${spec.root.info.title}, as the client sends it. */\n`;
  out += `export const operationSpecs = {\n${specEntries.join("")}} as const satisfies Record<string, OperationSpec>;\n\n`;
  out += `// Each operation's request and result under a readable name: what editors show in the signatures below.\n`;
  for (const op of operations) {
    out += `export type ${typeName(op)}Request = RequestOf<${opType(op)}>;\n`;
    if (!op.redirect) out += `export type ${typeName(op)}Response = ResponseOf<${opType(op)}>;\n`;
  }
  out += "\n";
  out += `export interface ${optionsType}${authOptions.extend ? ` extends ${authOptions.extend},` : " extends"} Omit<PipelineOptions, "auth" | "client"> {\n`;
  if (auth === "bearer")
    out += `  /** The user's access token, or a (possibly async) function returning it, called for every attempt. */\n  accessToken: TokenSource;\n`;
  for (const [name, variable] of variables) {
    out += doc(`${variable.description ?? name} Default ${quote(variable.default)}.`, "  ");
    out += `  ${name}?: string;\n`;
  }
  out += `  /** Default: ${server?.url}${variables.length ? " with the variables above" : ""}. */\n  baseUrl?: string;\n}\n\n`;
  out += doc(`A typed client for ${spec.root.info.title}.`, "");
  out += `export function ${factory}(options: ${optionsType}) {\n`;
  out += `  const baseUrl = ${baseUrlExpr};\n`;
  out += `  const pipeline = createPipeline({ ...options, auth: ${authOptions.create}, client: CLIENT });\n`;
  out += `  const core = createOperationClient({ baseUrl, pipeline });\n`;
  out += `  return {\n    baseUrl,\n    /** Sends any Request with this client's auth, retries, timeouts and retry budget. */\n    fetch: pipeline.fetch,\n`;
  for (const resource of resources) {
    out += `    ${resource}: {\n${operations
      .filter((op) => op.resource === resource)
      .map((op) => method(op, "      "))
      .join("")}    },\n`;
  }
  out += `  };\n}\n\nexport type ${pascal(api.name)}Client = ReturnType<typeof ${factory}>;\n\n`;
  out += `/**\n * An openapi-fetch client for the same API that sends through \`client\`, so it shares its auth,\n * retries, timeouts and retry budget. Apps that never call it do not bundle openapi-fetch's client.\n */\n`;
  out += `export function createRawClient(client: ${pascal(api.name)}Client) {\n  return createRawClientOf<paths>(client${rawQuerySerializer});\n}\n`;
  return out;
}
