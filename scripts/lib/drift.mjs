// Drift between one of our specs and the vendor's published description,
// for the operations our spec covers: what the wire carries (operations,
// parameters, bodies, statuses, headers, properties, types, formats, enum
// values, nullability, required-ness, limits, deprecation), never documentation
// (summaries, descriptions, examples, titles, x- extensions). OpenAPI 3.0 and
// 3.1 are read as one language: `nullable: true` is a "null" type, a boolean
// `exclusiveMinimum` is the 3.1 number, `oneOf [an enum, any string]` is an
// open enum however it is written.
//
// A difference at a node of our spec that carries `x-syncline-deviation` (a
// string, or `{ reason, source }`) is a recorded, deliberate one: on an
// operation it covers the operation being ours only and the parameters and
// responses ours lacks; on a response, parameter, header, request body or
// schema, that node's own differences (for a schema: its type, constraints,
// enum and property set), never those of the properties or items inside it,
// so a deviation cannot hide drift below it.
import { loadSpec, resolveLocalRef } from "./spec-loader.mjs";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/** Schema keywords compared as values (types, enums, properties and compositions are walked on their own). */
const CONSTRAINTS = [
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "default",
  "const",
  "readOnly",
  "writeOnly",
  "deprecated",
];

/** "/companies/{companyId}/connections" -> "/companies/{}/connections": path parameter names are not on the wire. */
const pathShape = (route) => route.replace(/\{[^}]+\}/g, "{}").replace(/\/$/, "");

const reasonOf = (node) => {
  const deviation = node?.["x-syncline-deviation"];
  if (deviation === undefined) return undefined;
  return typeof deviation === "string" ? deviation : (deviation.reason ?? JSON.stringify(deviation));
};

const show = (value) => (value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));

export async function compareSpecs(oursFile, vendorFile) {
  const [ours, vendor] = await Promise.all([loadSpec(oursFile), loadSpec(vendorFile)]);
  const differences = [];
  const matched = { operations: 0, parameters: 0, responses: 0, properties: 0, enumValues: 0, other: 0 };
  /**
   * A node with its $ref followed, one step at a time: keywords beside a $ref (3.1 allows them, and
   * Codat writes `nullable` there, even on a node that another $ref names) win over what it names.
   */
  const deref = (spec, node, depth = 0) => {
    if (!node || typeof node !== "object" || typeof node.$ref !== "string" || depth > 32) return node;
    const { $ref, ...siblings } = node;
    // Bundled, every $ref is a pointer into the one document (percent-encoded, maybe).
    const target = resolveLocalRef(spec.root, $ref);
    if (target === undefined) throw new Error(`unresolvable $ref ${$ref}`);
    const resolved = deref(spec, target, depth + 1);
    return Object.keys(siblings).length ? { ...resolved, ...siblings } : resolved;
  };
  /** "#/components/schemas/Connection" -> "Connection": where a shared definition's differences are grouped. */
  const componentOf = (node) => {
    if (typeof node?.$ref !== "string") return undefined;
    // A $ref with keywords of its own (`deprecated`, `nullable`) is this place's, not the definition's.
    const own = Object.keys(node).filter((key) => !["$ref", "description", "summary"].includes(key));
    return own.length ? undefined : node.$ref.split("/").pop();
  };
  // `site` names the definition a difference sits in when it is shared ("Connection.lastSync"), so that
  // one difference in a schema used by ten responses reads as one line; `where` is one place it shows.
  const report = (kind, where, what, recorded, detail = {}, site = where) => differences.push({ kind, where, site, what, recorded, ...detail });

  /** A schema's types; YAML's unquoted `null` is how some 3.0 files write the "null" type. */
  const typesOf = (schema) => ("type" in schema ? [schema.type].flat().map((type) => (type === null ? "null" : type)) : []);
  const isNullSchema = (spec, raw) => typesOf(deref(spec, raw) ?? {}).join() === "null";

  /**
   * A schema in one vocabulary: allOf parts merged, its types as a set ("null" included, however it
   * is spelled: 3.0 `nullable`, a type array, oneOf with a null schema, null in the enum), 3.0's
   * boolean exclusive bounds as 3.1 numbers, and an open enum (oneOf [a string enum, any string])
   * as its known values with `openEnum` set.
   */
  function normalize(spec, raw) {
    const schema = deref(spec, raw) ?? {};
    const ref = typeof raw?.$ref === "string" ? raw.$ref : undefined;
    // The deviations recorded here and on the definition a $ref names (a property may add its own).
    const reasons = [reasonOf(raw), ref && reasonOf(deref(spec, { $ref: ref }))].filter(Boolean);
    const { oneOf, anyOf, ...beside } = schema;
    const choices = oneOf ?? anyOf;
    const wrapping = (inner, changes) => ({ ...inner, ...changes, ref: ref ?? inner.ref, reasons: [...new Set([...reasons, ...inner.reasons])] });
    if (choices?.some((choice) => isNullSchema(spec, choice))) {
      const rest = choices.filter((choice) => !isNullSchema(spec, choice));
      const inner = normalize(spec, rest.length === 1 ? { ...rest[0], ...beside } : { ...beside, oneOf: rest });
      return wrapping(inner, { types: new Set([...inner.types, "null"]) });
    }
    if (choices?.length === 2) {
      const [first, second] = choices.map((choice) => deref(spec, choice));
      const known = [first, second].find((choice) => Array.isArray(choice.enum));
      const other = known === first ? second : first;
      if (known && !Array.isArray(other.enum) && typesOf(other).join() === typesOf(known).join()) {
        return wrapping(normalize(spec, { ...other, ...known, ...beside }), { openEnum: true });
      }
    }

    const merged = { ...beside, properties: { ...schema.properties }, required: [...(schema.required ?? [])] };
    const types = new Set(typesOf(schema));
    for (const part of schema.allOf ?? []) {
      const flat = normalize(spec, part);
      Object.assign(merged.properties, flat.properties);
      merged.required.push(...flat.required);
      for (const key of ["format", "enum", "items", "additionalProperties", ...CONSTRAINTS]) {
        if (merged[key] === undefined && flat[key] !== undefined) merged[key] = flat[key];
      }
      if (!("type" in schema)) for (const type of flat.types) types.add(type);
    }
    if (schema.nullable === true) types.add("null");
    if (Array.isArray(merged.enum) && merged.enum.includes(null)) types.add("null");
    for (const [bound, exclusive] of [
      ["minimum", "exclusiveMinimum"],
      ["maximum", "exclusiveMaximum"],
    ]) {
      if (merged[exclusive] === true) [merged[exclusive], merged[bound]] = [merged[bound], undefined];
      if (merged[exclusive] === false) merged[exclusive] = undefined;
    }
    if (types.size === 0 && Object.keys(merged.properties).length) types.add("object");
    return { ...merged, types, variants: choices, openEnum: false, ref, reasons };
  }

  function compareSchema(oursRaw, vendorRaw, at, inherited, seen = new Set()) {
    const where = at.where;
    const site = componentOf(oursRaw) ?? at.site;
    const inside = (suffix) => ({ where: `${where}${suffix}`, site: `${site}${suffix}` });
    const note = (kind, what, recorded, detail, place = { where, site }) => report(kind, place.where, what, recorded, detail, place.site);
    const o = normalize(ours, oursRaw);
    const v = normalize(vendor, vendorRaw);
    const recorded = o.reasons.join(" + ") || inherited;
    // A schema pair already being compared higher up (a recursive schema): its differences are reported there.
    const pair = `${o.ref ?? where}|${v.ref ?? where}`;
    if ((o.ref || v.ref) && seen.has(pair)) return;
    const seenHere = new Set(seen).add(pair);

    const [oTypes, vTypes] = [[...o.types].sort(), [...v.types].sort()];
    // A schema without a type allows every type: comparing it says nothing.
    if (oTypes.length && vTypes.length && oTypes.join() !== vTypes.join()) {
      const nullOnly = oTypes.filter((t) => t !== "null").join() === vTypes.filter((t) => t !== "null").join();
      note("different", nullOnly ? "nullability" : "type", recorded, { ours: oTypes.join(" | "), vendor: vTypes.join(" | ") });
    } else if (oTypes.length && vTypes.length) matched.other++;

    for (const key of CONSTRAINTS) {
      if (o[key] === undefined && v[key] === undefined) continue;
      if (JSON.stringify(o[key]) === JSON.stringify(v[key])) matched.other++;
      else note("different", key, recorded, { ours: o[key], vendor: v[key] });
    }

    if (Array.isArray(o.enum) || Array.isArray(v.enum)) {
      const [oEnum, vEnum] = [o.enum ?? [], v.enum ?? []].map((values) => values.filter((value) => value !== null).map(show));
      if (!o.enum) note("different", "enum", recorded, { ours: "any value", vendor: vEnum.join(", ") });
      else if (!v.enum) note("different", "enum", recorded, { ours: oEnum.join(", "), vendor: "any value" });
      else {
        if (o.openEnum !== v.openEnum) {
          const openness = (schema) => (schema.openEnum ? "open (other values allowed)" : "closed");
          note("different", "enum openness", recorded, { ours: openness(o), vendor: openness(v) });
        }
        for (const value of vEnum) {
          if (oEnum.includes(value)) matched.enumValues++;
          else note("missing", `enum value ${value}`, recorded);
        }
        for (const value of oEnum.filter((value) => !vEnum.includes(value))) note("extra", `enum value ${value}`, recorded);
      }
    }

    const [oProps, vProps] = [o.properties ?? {}, v.properties ?? {}];
    for (const name of Object.keys(vProps)) {
      if (!(name in oProps)) note("missing", "property", recorded, {}, inside(`.${name}`));
    }
    for (const name of Object.keys(oProps)) {
      const property = inside(`.${name}`);
      const own = reasonOf(oProps[name]);
      if (!(name in vProps)) {
        note("extra", "property", own, {}, property);
        continue;
      }
      matched.properties++;
      const [oRequired, vRequired] = [o.required.includes(name), v.required.includes(name)];
      // Required-ness is the parent's list and the property's own: either may record it.
      if (oRequired !== vRequired) note("different", "required", own ?? recorded, { ours: oRequired, vendor: vRequired }, property);
      compareSchema(oProps[name], vProps[name], property, undefined, seenHere);
    }

    if (o.items || v.items) {
      if (o.items && v.items) compareSchema(o.items, v.items, inside("[]"), undefined, seenHere);
      else note("different", "items", recorded, { ours: o.items ? "a schema" : "none", vendor: v.items ? "a schema" : "none" }, inside("[]"));
    }

    const closed = (schema) => schema.additionalProperties === false;
    if (closed(o) !== closed(v)) {
      note("different", "additionalProperties", recorded, { ours: closed(o) ? "refused" : "allowed", vendor: closed(v) ? "refused" : "allowed" });
    } else if (typeof o.additionalProperties === "object" && typeof v.additionalProperties === "object") {
      compareSchema(o.additionalProperties, v.additionalProperties, inside("{}"), undefined, seenHere);
    }

    if (o.variants || v.variants) {
      const [oVariants, vVariants] = [o.variants ?? [], v.variants ?? []];
      if (oVariants.length !== vVariants.length) {
        note("different", "oneOf/anyOf variants", recorded, { ours: oVariants.length, vendor: vVariants.length });
      } else {
        for (const [i, variant] of oVariants.entries()) compareSchema(variant, vVariants[i], inside(`<${i}>`), undefined, seenHere);
      }
    }
  }

  /** The parameters of an operation (path-level ones included, the operation's win), keyed by where they go. */
  function parametersOf(spec, item, operation) {
    const byKey = new Map();
    for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
      const param = deref(spec, raw);
      byKey.set(`${param.in} ${param.in === "header" ? param.name.toLowerCase() : param.name}`, { param, raw });
    }
    return byKey;
  }

  function compareContent(oContent = {}, vContent = {}, where, recorded) {
    for (const type of Object.keys(vContent)) if (!(type in oContent)) report("missing", where, `media type ${type}`, recorded);
    for (const [type, media] of Object.entries(oContent)) {
      if (!(type in vContent)) report("extra", where, `media type ${type}`, reasonOf(media) ?? recorded);
      else compareSchema(media.schema, vContent[type].schema, { where: `${where} ${type}`, site: `${where} ${type}` }, reasonOf(media));
    }
  }

  function compareOperation(method, route, oItem, oOp, vItem, vOp) {
    const label = `${method.toUpperCase()} ${route}`;
    const recorded = reasonOf(oOp);
    // Path parameters by position: the names are the spec's own.
    const oPath = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const vRoute = Object.keys(vendor.root.paths).find((candidate) => vendor.root.paths[candidate] === vItem);
    const vPath = [...vRoute.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const rename = new Map(vPath.map((name, i) => [`path ${name}`, `path ${oPath[i]}`]));
    const oParams = parametersOf(ours, oItem, oOp);
    const vParams = new Map([...parametersOf(vendor, vItem, vOp)].map(([key, value]) => [rename.get(key) ?? key, value]));
    for (const key of vParams.keys()) if (!oParams.has(key)) report("missing", `${label} parameter ${key}`, "parameter", recorded);
    for (const [key, { param, raw }] of oParams) {
      const where = `${label} parameter ${key}`;
      // A shared parameter's differences read once, by its name.
      const site = componentOf(raw) ? `parameter ${key}` : where;
      const own = reasonOf(param) ?? reasonOf(raw);
      const theirs = vParams.get(key)?.param;
      if (!theirs) {
        report("extra", where, "parameter", own, {}, site);
        continue;
      }
      matched.parameters++;
      if (Boolean(param.required) !== Boolean(theirs.required)) {
        report("different", where, "required", own, { ours: Boolean(param.required), vendor: Boolean(theirs.required) }, site);
      }
      for (const key of ["style", "explode", "deprecated"]) {
        if (param[key] !== undefined && theirs[key] !== undefined && param[key] !== theirs[key]) {
          report("different", where, key, own, { ours: param[key], vendor: theirs[key] }, site);
        }
      }
      compareSchema(param.schema, theirs.schema, { where, site }, own);
    }

    const [oBody, vBody] = [deref(ours, oOp.requestBody), deref(vendor, vOp.requestBody)];
    const bodyRecorded = reasonOf(oBody) ?? reasonOf(oOp.requestBody) ?? recorded;
    if (vBody && !oBody) report("missing", `${label} request body`, "request body", recorded);
    else if (oBody && !vBody) report("extra", `${label} request body`, "request body", bodyRecorded);
    else if (oBody && vBody) {
      if (Boolean(oBody.required) !== Boolean(vBody.required)) {
        report("different", `${label} request body`, "required", bodyRecorded, { ours: Boolean(oBody.required), vendor: Boolean(vBody.required) });
      }
      compareContent(oBody.content, vBody.content, `${label} request body`, bodyRecorded);
    }

    const [oResponses, vResponses] = [oOp.responses ?? {}, vOp.responses ?? {}];
    for (const status of Object.keys(vResponses)) if (!(status in oResponses)) report("missing", `${label} response ${status}`, "response", recorded);
    for (const [status, raw] of Object.entries(oResponses)) {
      const where = `${label} response ${status}`;
      const response = deref(ours, raw);
      const own = reasonOf(response) ?? reasonOf(raw) ?? recorded;
      if (!(status in vResponses)) {
        report("extra", where, "response", own, {}, `response ${status}`);
        continue;
      }
      matched.responses++;
      const theirs = deref(vendor, vResponses[status]);
      const vHeaders = Object.fromEntries(Object.entries(theirs.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]));
      const oHeaders = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]));
      for (const name of Object.keys(vHeaders)) if (!(name in oHeaders)) report("missing", `${where} header ${name}`, "header", own, {}, `header ${name}`);
      for (const [name, header] of Object.entries(oHeaders)) {
        const headerReason = reasonOf(deref(ours, header)) ?? reasonOf(header);
        const place = { where: `${where} header ${name}`, site: `header ${name}` };
        if (!(name in vHeaders)) report("extra", place.where, "header", headerReason, {}, place.site);
        else compareSchema(deref(ours, header).schema, deref(vendor, vHeaders[name]).schema, place, headerReason);
      }
      compareContent(response.content, theirs.content, `${where} body`, own);
    }
  }

  const vendorByShape = new Map(Object.entries(vendor.root.paths ?? {}).map(([route, item]) => [pathShape(route), deref(vendor, item)]));
  for (const [route, rawItem] of Object.entries(ours.root.paths ?? {})) {
    const oItem = deref(ours, rawItem);
    const vItem = vendorByShape.get(pathShape(route));
    for (const method of METHODS.filter((m) => oItem[m])) {
      const vOp = vItem?.[method];
      if (!vOp) {
        report("extra", `${method.toUpperCase()} ${route}`, "operation", reasonOf(oItem[method]));
        continue;
      }
      matched.operations++;
      compareOperation(method, route, oItem, oItem[method], vItem, vOp);
    }
  }
  return { differences, matched, versions: { ours: ours.root.openapi, vendor: vendor.root.openapi } };
}

/**
 * The report a maintainer reads: one line per difference (one per shared definition, with how many
 * places show it), recorded deviations marked, and the counts.
 */
export function formatDrift({ differences, matched, versions }, { ours, vendor }) {
  const lines = [`${ours} (OpenAPI ${versions.ours}) vs ${vendor} (OpenAPI ${versions.vendor}), the operations ${ours} covers:`];
  const label = { missing: "missing in ours", extra: "extra in ours", different: "different" };
  const groups = new Map();
  for (const d of differences) {
    const key = JSON.stringify([d.kind, d.site, d.what, d.ours, d.vendor, d.recorded]);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const [first, ...others] of groups.values()) {
    const values = "ours" in first ? `: ours ${show(first.ours)}, vendor ${show(first.vendor)}` : "";
    const places = others.length ? ` (${others.length + 1} places, first ${first.where})` : "";
    const where = others.length ? first.site : first.where;
    lines.push(`  ${label[first.kind].padEnd(15)} ${where}: ${first.what}${values}${places}${first.recorded ? `  [deviation: ${first.recorded}]` : ""}`);
  }
  const unrecorded = differences.filter((d) => !d.recorded).length;
  const count = (kind) => differences.filter((d) => d.kind === kind).length;
  lines.push(
    `Matching: ${matched.operations} operations, ${matched.parameters} parameters, ${matched.responses} responses, ${matched.properties} properties, ${matched.enumValues} enum values, ${matched.other} types and constraints.`,
    `Differences: ${count("missing")} missing in ours, ${count("extra")} extra in ours, ${count("different")} different; ${differences.length - unrecorded} recorded as deviations, ${unrecorded} not.`,
  );
  return lines.join("\n");
}
