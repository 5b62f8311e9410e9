// Vendor descriptions mix dialects: JSON Schema keywords of one OpenAPI
// version in a document of another. Most are read the same either way (the
// generator and openapi-typescript take 3.0's `nullable` in a 3.1 document and
// 3.1's type arrays in a 3.0 one); the ones that would change the generated
// code are rewritten here, on the loaded copy: the spec file stays the
// vendor's, byte for byte.

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

/** Every rewrite above, in place; what each changed, by name. */
export function normalizeSpec(doc) {
  return { recursiveRefs: resolveRecursiveRefs(doc) };
}
