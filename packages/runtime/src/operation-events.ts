// An operation whose success is a stream of server-sent events (`text/event-stream`), of JSON
// lines (NDJSON), or a download read as it arrives: what a generated `...Events`, `...Lines` or
// `...Stream` method calls. The request is checked and built as for any call (the operation
// client's own code), sent through the client's pipeline with the successful answer's body handed
// on as it arrives, and read message by message (or handed to the caller). A module of its own:
// only APIs with such operations import it, and an app bundles it only when it calls one.
import { readEvents, readJsonEvents, readJsonLines, type ReadEventsOptions } from "./events";
import { createOperationClient, type OperationClient, type OperationSpec } from "./operation-client";
import type { CallOptions, Pipeline } from "./pipeline";
import { sendStreaming } from "./stream-fetch";

/** What a streaming operation needs of a client: its core (or the client itself). */
export interface EventsClient {
  readonly baseUrl: string;
  readonly pipeline: Pipeline;
}

// Where a call's answer goes: a key of its own in the call options, which reach the pipeline as they are.
const KEEP = /* @__PURE__ */ Symbol("syncline.keepAnswer");
type Keeping = CallOptions & { [KEEP]?: (answer: Response) => void };

// One operation client per client, over its pipeline with the hand-off: built once (it checks the
// base URL, and would warn again about plain http on every call).
const streaming = new WeakMap<Pipeline, OperationClient>();
function streamingClientOf(client: EventsClient): OperationClient {
  let operations = streaming.get(client.pipeline);
  if (!operations) {
    const pipeline: Pipeline = {
      send: async (request, call: Keeping = {}) => {
        const keep = call[KEEP];
        if (!keep) return client.pipeline.send(request, call);
        const { settled, response } = await sendStreaming(client.pipeline, request, call);
        keep(response);
        return settled;
      },
    };
    operations = createOperationClient({ baseUrl: client.baseUrl, pipeline });
    streaming.set(client.pipeline, operations);
  }
  return operations;
}

/**
 * Calls `operation` asking for `accept`, and resolves to its successful answer with the body handed
 * on as it arrives (an answer with no body, a 204, as it came). An error status throws its typed error.
 */
async function streamedAnswer(
  client: EventsClient,
  operation: OperationSpec,
  request: object | undefined,
  options: CallOptions & ReadEventsOptions,
  accept: string | undefined,
): Promise<Response> {
  const kept: { answer?: Response } = {};
  const call: Keeping = {
    ...options,
    [KEEP]: (answer) => {
      kept.answer = answer;
    },
  };
  await streamingClientOf(client).callWithResponse({ ...operation, json: false, decodeSuccess: () => null, accept }, request, call);
  // Kept by the pipeline above whenever the call resolves (an error status throws instead).
  return kept.answer as Response;
}

/**
 * Calls `operation` and yields its events as they arrive: each event's data parsed as JSON (`T`,
 * the spec's `text/event-stream` schema), or, with `json: false`, each event as sent. The request
 * is sent when the loop starts. An error status throws its typed error (ApiError) before any
 * event; retries happen only before the answer; `timeoutMs` bounds each wait for the next event;
 * leaving the loop early closes the connection; `[DONE]` ends it.
 */
export async function* streamEvents<T>(
  client: EventsClient,
  operation: OperationSpec,
  request: object | undefined,
  options: CallOptions & ReadEventsOptions = {},
  { json = true }: { json?: boolean } = {},
): AsyncGenerator<T, void, undefined> {
  const response = await streamedAnswer(client, operation, request, options, "text/event-stream");
  if (response.body === null) return;
  if (json) yield* readJsonEvents<T>(response, options);
  // Events whose schema is a string: each event as sent (T is ServerSentEvent).
  else yield* readEvents(response, options) as unknown as AsyncGenerator<T, void, undefined>;
}

/**
 * Calls `operation` and yields each line of its JSON-lines answer (`accept`: the spec's NDJSON
 * media type) parsed as JSON (`T`: the schema the spec gives that media type), as it arrives. The
 * same guarantees as `streamEvents`: sent when the loop starts, typed errors before any line,
 * retries only before the answer, `timeoutMs` per wait, leaving the loop closes the connection.
 */
export async function* streamJsonLines<T>(
  client: EventsClient,
  operation: OperationSpec,
  request: object | undefined,
  options: CallOptions & ReadEventsOptions = {},
  accept = "application/x-ndjson",
): AsyncGenerator<T, void, undefined> {
  const response = await streamedAnswer(client, operation, request, options, accept);
  if (response.body !== null) yield* readJsonLines<T>(response, options);
}

/**
 * Calls `operation` (a download: bytes or text) and resolves when its successful answer's headers
 * arrive, with the body handed on as it comes: read `response.body` chunk by chunk, never held
 * whole, so the 10 MiB default for bodies read whole does not apply (`maxResponseBytes` caps it
 * when set). Typed errors as any call; retries only before the answer; `timeoutMs` bounds each
 * wait for the next chunk; the caller's signal ends the download.
 */
export function streamAnswer(client: EventsClient, operation: OperationSpec, request: object | undefined, options: CallOptions = {}): Promise<Response> {
  return streamedAnswer(client, operation, request, options, operation.accept);
}
