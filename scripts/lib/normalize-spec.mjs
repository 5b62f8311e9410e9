// Vendor descriptions mix dialects: JSON Schema keywords of one OpenAPI
// version in a document of another. Most are read the same either way (the
// generator and openapi-typescript take 3.0's `nullable` in a 3.1 document and
// 3.1's type arrays in a 3.0 one); the ones that would change the generated
// code as its author did not mean it are rewritten here, on the loaded copy:
// the spec file stays the vendor's, byte for byte.
import { resolveLocalRef } from "./spec-loader.mjs";

/** Calls `visit` on every object under `root` (itself included), a parent before what it holds. */
function eachObject(root, visit) {
  const walk = (node) => {
    if (!node || typeof node !== "object") return;
    if (!Array.isArray(node)) visit(node);
    for (const value of Object.values(node)) walk(value);
  };
  walk(root);
}

/**
 * Recursive schemas written with draft 2019-09's `$recursiveRef` (or 2020-12's
 * `$dynamicRef`) point at the component that declares the anchor, as a plain
 * `$ref` (openapi-typescript types the first as `unknown`). Returns how many
 * refs were rewritten.
 */
export function resolveRecursiveRefs(doc) {
  let rewritten = 0;
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const recursive = schema?.$recursiveAnchor === true;
    const dynamic = typeof schema?.$dynamicAnchor === "string" ? schema.$dynamicAnchor : undefined;
    if (!recursive && !dynamic) continue;
    const target = `#/components/schemas/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    eachObject(schema, (node) => {
      if ((recursive && node.$recursiveRef === "#") || (dynamic && node.$dynamicRef === `#${dynamic}`)) {
        delete node.$recursiveRef;
        delete node.$dynamicRef;
        node.$ref = target;
        rewritten++;
      }
    });
  }
  return rewritten;
}

/**
 * A `discriminator` without a `mapping` names each variant by its schema's name
 * (openapi-typescript types `role` as `"UserMessage"`), while a vendor means the
 * value each variant fixes with a one-value `enum` or a `const` (OpenAI's
 * `role: user`). That value is written into the mapping, for each variant the
 * mapping does not list yet. Returns how many entries were added.
 */
export function mapDiscriminators(doc) {
  let added = 0;
  eachObject({ components: doc.components, paths: doc.paths }, (node) => {
    const variants = node.oneOf ?? node.anyOf;
    const property = node.discriminator?.propertyName;
    if (typeof property === "string" && Array.isArray(variants)) {
      const mapping = { ...node.discriminator.mapping };
      const mapped = new Set(Object.values(mapping));
      for (const variant of variants) {
        if (typeof variant?.$ref !== "string" || mapped.has(variant.$ref)) continue;
        const fixed = fixedValue(resolveLocalRef(doc, variant.$ref)?.properties?.[property]);
        if (typeof fixed === "string" && !(fixed in mapping)) {
          mapping[fixed] = variant.$ref;
          added++;
        }
      }
      if (Object.keys(mapping).length > 0) node.discriminator.mapping = mapping;
    }
  });
  return added;
}

/** The one value a property schema allows (`const`, or an `enum` of one), if it fixes one. */
function fixedValue(schema) {
  if (!schema || typeof schema !== "object") return undefined;
  if ("const" in schema) return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
}

// OpenAPI 3: a header parameter named Accept, Content-Type or Authorization "SHALL be ignored"
// (the media types and the security scheme say what they carry).
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/**
 * Drops the header parameters OpenAPI says to ignore, which vendors still declare
 * (UK Open Banking's required `Authorization`): kept, each call would have to pass
 * what the client's credentials already send. Returns how many were dropped.
 */
export function dropIgnoredHeaders(doc) {
  let dropped = 0;
  const resolve = (node) => (typeof node?.$ref === "string" ? resolveLocalRef(doc, node.$ref) : node);
  const ignored = (param) => {
    const resolved = resolve(param);
    return resolved?.in === "header" && typeof resolved.name === "string" && IGNORED_HEADERS.has(resolved.name.toLowerCase());
  };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const holder of [item, ...Object.values(item ?? {})]) {
      if (!Array.isArray(holder?.parameters)) continue;
      const kept = holder.parameters.filter((param) => !ignored(param));
      dropped += holder.parameters.length - kept.length;
      holder.parameters = kept;
    }
  }
  return dropped;
}

/**
 * An enum of a string schema written with YAML's bare words (`enum: [true]`, Powens's `resume`)
 * holds a boolean, and its type would be `true`, which no string is: the values become the
 * strings the schema says they are. Returns how many values were rewritten.
 */
export function stringEnums(doc) {
  let rewritten = 0;
  eachObject({ components: doc.components, paths: doc.paths }, (node) => {
    const types = [node.type].flat();
    if (Array.isArray(node.enum) && types.includes("string") && types.every((type) => type === "string" || type === "null")) {
      node.enum = node.enum.map((value) => {
        if (value === null || typeof value === "string") return value;
        rewritten++;
        return String(value);
      });
    }
  });
  return rewritten;
}

/** JSON lines (NDJSON), as runtime/src/operation-types.ts's JsonLinesMedia lists them. */
export const isJsonLines = (media) => /^application\/(x-)?(ndjson|jsonl|jsonlines)$/.test(media);
/** What an operation's `...Events` or `...Lines` method reads: server-sent events or JSON lines. */
export const isStreamed = (media) => media === "text/event-stream" || isJsonLines(media);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Vendors often document only the whole answer of an operation that can also stream (a
 * completion with `stream: true`). `x-syncline-stream: { mediaType, schema }` on the operation
 * says how it streams (`text/event-stream`, or JSON lines) and what each event or line carries:
 * its first success answer gets that media type, so the operation gets its `...Events` or
 * `...Lines` method as if the spec had documented it. Returns how many operations were marked.
 */
export function streamedAnswers(doc) {
  let marked = 0;
  for (const [route, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      const stream = op?.["x-syncline-stream"];
      if (stream === undefined) continue;
      const where = `${route} ${method}: x-syncline-stream`;
      if (!isStreamed(stream?.mediaType)) {
        throw new Error(
          `${where} needs a mediaType of text/event-stream or JSON lines (application/x-ndjson, application/jsonl), got ${JSON.stringify(stream?.mediaType)}`,
        );
      }
      const status = Object.keys(op.responses ?? {}).find((code) => /^2(\d\d|XX)$/.test(code));
      if (status === undefined) throw new Error(`${where}: the operation documents no success answer to stream`);
      // A shared answer ($ref into components) is copied into the operation before it gains the media type.
      const answer = op.responses[status].$ref ? structuredClone(resolveLocalRef(doc, op.responses[status].$ref)) : op.responses[status];
      // Without a schema: events as sent (a string schema), lines as whatever JSON they hold.
      const schema = stream.schema ?? (stream.mediaType === "text/event-stream" ? { type: "string" } : {});
      answer.content = { ...answer.content, [stream.mediaType]: { schema } };
      op.responses[status] = answer;
      marked++;
    }
  }
  return marked;
}

/** Every rewrite above, in place; how many each made, by name. */
export function normalizeSpec(doc) {
  return {
    recursiveRefs: resolveRecursiveRefs(doc),
    discriminatorMappings: mapDiscriminators(doc),
    ignoredHeaders: dropIgnoredHeaders(doc),
    stringEnums: stringEnums(doc),
    streamedAnswers: streamedAnswers(doc),
  };
}
