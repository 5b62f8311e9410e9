// Request bodies and success answers in media types other than JSON. Each is
// a function an operation's spec refers to (`encodeBody: multipartBody`), so
// an app bundles only the formats of the operations it calls.
import type { OperationSpec } from "./operation-client";
import type { RequestBody } from "./pipeline";

/** Turns a call's `requestBody` into what is sent, setting the content type where fetch does not. */
export type BodyEncoder = (value: unknown, headers: Headers, operation: OperationSpec) => RequestBody;
/** Turns a success answer's bytes into what the call resolves to; undefined leaves a JSON answer to the call to parse. */
export type SuccessDecoder = (body: Uint8Array | null, response: Response) => unknown;

/** application/x-www-form-urlencoded: each array item a field of its own, objects as JSON. */
export const formBody: BodyEncoder = (value, _, operation) => {
  const form = new URLSearchParams();
  for (const [name, item] of fieldsOf(value, operation)) form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
  return form; // fetch sets the content type
};

/**
 * multipart/form-data: a Blob (a File), ArrayBuffer or typed array is a file part, an object a JSON
 * part, each array item a part of its own.
 */
export const multipartBody: BodyEncoder = (value, _, operation) => {
  const form = new FormData();
  for (const [name, item] of fieldsOf(value, operation)) {
    if (item instanceof Blob) form.append(name, item);
    else if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) form.append(name, new Blob([item as ArrayBuffer]));
    else form.append(name, typeof item === "object" ? new Blob([JSON.stringify(item)], { type: "application/json" }) : String(item));
  }
  return form; // fetch sets the content type, with its boundary
};

/**
 * application/octet-stream (or the spec's binary type): a Blob, ArrayBuffer, typed array or string,
 * sent as it is; or a ReadableStream, sent as it is read, once (the pipeline sends it no second time).
 */
export const binaryBody: BodyEncoder = (value, headers, operation) => {
  const inMemory = typeof value === "string" || value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
  if (!(inMemory || value instanceof ReadableStream)) {
    throw new TypeError(`${operation.name}: requestBody must be a Blob, ArrayBuffer, typed array, string or ReadableStream, got ${typeof value}`);
  }
  if (!headers.has("content-type"))
    headers.set("content-type", operation.contentType ?? (value instanceof Blob && value.type ? value.type : "application/octet-stream"));
  return value as RequestBody;
};

/** text/plain (or the spec's text type). */
export const textBody: BodyEncoder = (value, headers, operation) => {
  if (!headers.has("content-type")) headers.set("content-type", operation.contentType ?? "text/plain");
  return String(value);
};

/** A form body's fields: each array item a field of its own, unset fields left out. */
function* fieldsOf(value: unknown, operation: OperationSpec): Generator<[string, unknown]> {
  if (value === null || typeof value !== "object") throw new TypeError(`${operation.name}: requestBody must be an object of form fields`);
  for (const [name, item] of Object.entries(value)) {
    for (const one of Array.isArray(item) ? item : [item]) if (one != null) yield [name, one];
  }
}

// Marked pure: an app that decodes no text answer drops it (a bare `new` is kept as if it had effects).
const decoder = /* @__PURE__ */ new TextDecoder();

/** How an operation whose success is a redirect reads it: the runtime's `redirectLocation`. */
export type RedirectReader = (response: Response) => string | null | undefined;

/** A 3XX answer's Location, which the call resolves to instead of following it (Powens's webview URL). */
export const redirectLocation: RedirectReader = (response) => (response.status >= 300 && response.status < 400 ? response.headers.get("location") : undefined);

/** A text/* answer: its text. */
export const textAnswer: SuccessDecoder = (body) => (body === null ? "" : decoder.decode(body));

/**
 * An answer the spec documents in several kinds (JSON, text, bytes: a CSV or a PDF), read by the
 * content type it comes with: text as a string, anything else but JSON as a Blob, bytes intact.
 * JSON is left to the call, which parses it (undefined here).
 */
export const answerByType: SuccessDecoder = (body, response) => {
  const type = response.headers.get("content-type") ?? "";
  if (/\bjson\b/i.test(type)) return undefined;
  return type.startsWith("text/") ? textAnswer(body, response) : blobAnswer(body, response);
};

/** A binary answer: a Blob of its bytes, typed with its content type (read whole, so within maxResponseBytes). */
export const blobAnswer: SuccessDecoder = (body, response) =>
  new Blob(body === null ? [] : [body as Uint8Array<ArrayBuffer>], { type: response.headers.get("content-type") ?? "" });
