// Vendor descriptions mix dialects: JSON Schema keywords of one OpenAPI
// version in a document of another. Most are read the same either way (the
// generator and openapi-typescript take 3.0's `nullable` in a 3.1 document and
// 3.1's type arrays in a 3.0 one); the ones that would change the generated
// code as its author did not mean it are rewritten here, on the loaded copy:
// the spec file stays the vendor's, byte for byte.

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
    const walk = (node) => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(walk);
      if ((recursive && node.$recursiveRef === "#") || (dynamic && node.$dynamicRef === `#${dynamic}`)) {
        delete node.$recursiveRef;
        delete node.$dynamicRef;
        node.$ref = target;
        rewritten++;
      }
      for (const value of Object.values(node)) walk(value);
    };
    walk(schema);
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
  const schemaAt = (ref) =>
    ref.startsWith("#/components/schemas/")
      ? doc.components?.schemas?.[decodeURIComponent(ref.slice(21)).replaceAll("~1", "/").replaceAll("~0", "~")]
      : undefined;
  const visit = (node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const variants = node.oneOf ?? node.anyOf;
    const property = node.discriminator?.propertyName;
    if (typeof property === "string" && Array.isArray(variants)) {
      const mapping = { ...node.discriminator.mapping };
      const mapped = new Set(Object.values(mapping));
      for (const variant of variants) {
        if (typeof variant?.$ref !== "string" || mapped.has(variant.$ref)) continue;
        const fixed = fixedValue(schemaAt(variant.$ref)?.properties?.[property]);
        if (typeof fixed === "string" && !(fixed in mapping)) {
          mapping[fixed] = variant.$ref;
          added++;
        }
      }
      if (Object.keys(mapping).length > 0) node.discriminator.mapping = mapping;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc.components ?? {});
  visit(doc.paths ?? {});
  return added;
}

/** The one value a property schema allows (`const`, or an `enum` of one), if it fixes one. */
function fixedValue(schema) {
  if (!schema || typeof schema !== "object") return undefined;
  if ("const" in schema) return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
}

/** Every rewrite above, in place; how many each made, by name. */
export function normalizeSpec(doc) {
  return { recursiveRefs: resolveRecursiveRefs(doc), discriminatorMappings: mapDiscriminators(doc) };
}
