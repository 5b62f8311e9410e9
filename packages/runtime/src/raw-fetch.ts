// Any Request through a client's pipeline: the escape hatch for endpoints the
// spec does not describe, and what createRawClient's openapi-fetch client
// sends with. A module of its own, so an app that only calls operations does
// not bundle it.
import type { CallOptions, OutgoingRequest, Pipeline } from "./pipeline";
import { redactSecrets } from "./redact";

/** Sends a Request with the client's auth, retries and timeouts; resolves with the final Response, its body already read. */
export type PipelineFetch = (request: Request, call?: CallOptions) => Promise<Response>;

/** The fetch of a pipeline: what `client.fetch` is. The caller's Request is copied per attempt, never changed itself. */
export function pipelineFetch(pipeline: Pipeline): PipelineFetch {
  return async (request, call = {}) => {
    // Read the body once: every attempt sends these bytes again.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const settled = await pipeline.send(
      { method: request.method, url: request.url, headers: new Headers(request.headers), body, dispatch: copying(request) },
      { ...call, signal: call.signal ?? request.signal },
    );
    return responseWith(settled.response, settled.body, settled.secrets);
  };
}

/** Each attempt a copy of the caller's Request (mode, credentials...), with the attempt's headers, body and signal. */
export function copying(template: Request): NonNullable<OutgoingRequest["dispatch"]> {
  return (fetchImpl, url, init) =>
    // Auth may have moved the URL (an API key in the query): a new Request then, keeping what matters of the caller's.
    fetchImpl(
      url === template.url ? new Request(template, init) : new Request(url, { ...init, redirect: template.redirect, credentials: template.credentials }),
    );
}

/**
 * A Response like `response` (status, headers) around `body`: a settled call's, already read (so
 * reading it cannot fail or hang), or a stream of it. Its url is the real one, without the
 * credentials the call sent (an API key the auth put in the query).
 */
export function responseWith(response: Response, body: BodyInit | Uint8Array | null, secrets: readonly string[]): Response {
  const copy = new Response(body as BodyInit | null, { status: response.status, statusText: response.statusText, headers: response.headers });
  // A constructed Response has no url; keep the real one for error messages.
  Object.defineProperty(copy, "url", { value: redactSecrets(response.url, secrets) });
  answerSecrets.set(copy, secrets);
  return copy;
}

// The credentials the call behind each answer sent, for whoever reads its body later (events.ts) to keep out of errors.
const answerSecrets = /* @__PURE__ */ new WeakMap<Response, readonly string[]>();

/** The credentials the call that received `response` sent: none for an answer the runtime did not hand out. */
export function secretsOfAnswer(response: Response): readonly string[] {
  return answerSecrets.get(response) ?? [];
}
