// Any API the mock has no hand-written lifecycle for (one added with
// `npm run add-api`) is still mocked: requests are validated against its
// spec as for the others, a credential is accepted wherever its security
// schemes say it goes, and each operation answers with its spec's own
// example (or data made from the schema) for the first success status.
import type { Context, Document, OpenAPIBackend } from "openapi-backend";
import type { Reply } from "./types";

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: "header" | "query" | "cookie";
  name?: string;
}

/** True when the request carries a credential of this scheme's kind, where the scheme puts it (any value is accepted). */
function carriesCredential(scheme: SecurityScheme, c: Context): boolean {
  const headers = c.request.headers as Record<string, string | undefined>;
  const authorization = headers.authorization ?? "";
  if (scheme.type === "apiKey" && scheme.name) {
    if (scheme.in === "query") return Boolean(c.request.query[scheme.name]);
    if (scheme.in === "cookie") return (headers.cookie ?? "").split(/;\s*/).some((pair) => pair.startsWith(`${scheme.name}=`));
    return Boolean(headers[scheme.name.toLowerCase()]);
  }
  if (scheme.type === "http") return authorization.toLowerCase().startsWith(`${(scheme.scheme ?? "").toLowerCase()} `);
  // OAuth2 and OpenID Connect: the access token the client fetched, as a bearer token.
  if (scheme.type === "oauth2" || scheme.type === "openIdConnect") return /^bearer \S/i.test(authorization);
  return true;
}

export function registerGenericSecurity(backend: OpenAPIBackend, definition: Document): void {
  const schemes = (definition.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  for (const [name, scheme] of Object.entries(schemes)) backend.registerSecurityHandler(name, (c: Context) => carriesCredential(scheme, c));
}

interface Media {
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

// Whether an Accept header takes `type`: the type itself, its `kind/*`, or anything (`*/*`, or no header).
function accepts(accept: string, type: string): boolean {
  if (accept.trim() === "") return true;
  return accept.split(",").some((range) => {
    const wanted = range.split(";")[0]!.trim().toLowerCase();
    return wanted === type || wanted === "*/*" || (wanted.endsWith("/*") && type.startsWith(wanted.slice(0, -1)));
  });
}

/** A media type's examples: each named one, else its one `example`. */
const examplesOf = (media: Media | undefined): unknown[] =>
  media?.examples ? Object.values(media.examples).map((example) => example.value) : media?.example !== undefined ? [media.example] : [];

/** Server-sent events, one per example: its data a string as it is, anything else as JSON. */
const eventStream = (media: Media | undefined): string =>
  examplesOf(media)
    .map((value) => `${(typeof value === "string" ? value : JSON.stringify(value)).replace(/^/gm, "data: ")}\n\n`)
    .join("");

/** JSON lines (NDJSON), one per example. */
const jsonLines = (media: Media | undefined): string =>
  examplesOf(media)
    .map((value) => `${JSON.stringify(value)}\n`)
    .join("");

/**
 * The operation's own example answer, in the media type the request accepts of those the spec
 * documents (the first, for a request that takes any): JSON as JSON, server-sent events and JSON
 * lines one per example, any other media type as text.
 */
export function exampleAnswer(c: Context, status?: number): Reply | undefined {
  const operationId = c.operation?.operationId;
  if (!operationId) return undefined;
  const responses = c.operation.responses ?? {};
  if (status !== undefined && !responses[String(status)]) return undefined;
  const { status: chosen, mock } = c.api.mockResponseForOperation(operationId, status === undefined ? {} : { code: status });
  const response = c.api.router.getOperation(operationId)?.responses?.[String(chosen)] as { content?: Record<string, Media> } | undefined;
  const offered = Object.keys(response?.content ?? {});
  const accept = String(c.request.headers.accept ?? "");
  const mediaType = offered.find((type) => accepts(accept, type)) ?? offered[0];
  if (!mediaType) return { status: chosen };
  const media = response?.content?.[mediaType];
  if (mediaType === "text/event-stream") return { status: chosen, body: eventStream(media), contentType: mediaType };
  if (/^application\/(x-)?(ndjson|jsonl|jsonlines)$/.test(mediaType)) return { status: chosen, body: jsonLines(media), contentType: mediaType };
  // openapi-backend's mock is the first media type's: another one answers with its own example.
  const [example = mediaType === offered[0] ? mock : undefined] = examplesOf(media);
  if (/[/+]json\b/.test(mediaType)) return { status: chosen, body: example, contentType: mediaType };
  return { status: chosen, body: typeof example === "string" ? example : "", contentType: mediaType };
}

/**
 * An error answer. Its body is the operation's documented one for the status when
 * it has one (so the answer stays valid for the spec), else a plain JSON one; the
 * mock's reason is in an `x-mock-reason` header either way.
 */
export function genericError(c: Context | undefined, status: number, message: string, violations: string[] = []): Reply {
  const reason = [message, ...violations].join("; ");
  const answer = (c && exampleAnswer(c, status)) ?? { status, body: { status, message, ...(violations.length ? { violations } : {}) } };
  // A header value is one line of visible ASCII.
  return { ...answer, headers: { ...answer.headers, "x-mock-reason": reason.replace(/[^\x20-\x7e]/g, "?").slice(0, 1000) } };
}
