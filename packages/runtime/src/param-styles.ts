// Parameters beyond a simple path segment and a form query value: headers,
// cookies, and the other OpenAPI styles (label and matrix path segments,
// deepObject, space- and pipe-delimited query arrays, object values), written
// by openapi-fetch's own serializers. Operations that have such parameters
// refer to `otherParams`; only the apps that call them bundle this module.
import { serializeArrayParam, serializeObjectParam, serializePrimitiveParam } from "openapi-fetch";
import type { OperationSpec } from "./operation-client";

/** A parameter's `style` and `explode`, as the spec gives them. */
export type ParamStyle = readonly [style: "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject", explode: boolean];

/** One parameter as its style writes it: a path segment (simple, label, matrix) or query pairs (form and the others). */
export function styledParam(name: string, value: unknown, [style, explode]: ParamStyle): string {
  // OpenAPI defines deepObject for objects only, and the delimited styles for arrays only: otherwise form.
  if (Array.isArray(value)) return serializeArrayParam(name, value, { style: style === "deepObject" ? "form" : style, explode });
  if (value !== null && typeof value === "object") {
    const objectStyle = style === "spaceDelimited" || style === "pipeDelimited" ? "form" : style;
    return serializeObjectParam(name, value as Record<string, unknown>, { style: objectStyle, explode });
  }
  const text = String(value);
  if (style === "simple") return encodeURIComponent(text);
  if (style === "label") return `.${encodeURIComponent(text)}`;
  if (style === "matrix") return `;${serializePrimitiveParam(name, text)}`;
  return serializePrimitiveParam(name, text);
}

/** Sets an operation's header and cookie parameters on its headers, after checking them (a caller's own header of that name wins). */
function setHeaders(operation: OperationSpec, input: Record<string, unknown>, headers: Headers): void {
  const check = (where: string, name: string, items: unknown[]) => {
    if (items.some((item) => item !== null && typeof item === "object")) {
      throw new TypeError(`${operation.name}: ${where} parameter "${name}" must be a string, number, boolean${where === "header" ? " or array of them" : ""}`);
    }
  };
  for (const name of operation.headerParams ?? []) {
    const value = input[name];
    if (value == null) continue;
    const items = Array.isArray(value) ? value : [value];
    check("header", name, items);
    if (!headers.has(name)) headers.set(name, items.join(","));
  }
  const cookies: string[] = [];
  for (const name of operation.cookieParams ?? []) {
    const value = input[name];
    if (value == null) continue;
    check("cookie", name, [value]);
    cookies.push(`${name}=${encodeURIComponent(String(value))}`);
  }
  if (cookies.length) headers.set("cookie", [headers.get("cookie"), ...cookies].filter(Boolean).join("; "));
}

/** What an operation with header, cookie or styled parameters refers to as its `otherParams`. */
export const otherParams = { styled: styledParam, setHeaders };
export type OtherParams = typeof otherParams;
