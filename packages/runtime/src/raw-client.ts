// The openapi-fetch client for a Syncline client's API, sending through that
// client's pipeline. A function of its own, so only apps that call it bundle
// openapi-fetch's createClient.
import createClient, { type Client, type QuerySerializerOptions } from "openapi-fetch";
import type { Pipeline } from "./pipeline";
import { pipelineFetch } from "./raw-fetch";
import { fetchStream } from "./stream-fetch";

/** What `createRawClient` needs of a generated client. */
export interface RawClientSource {
  /** Where the API lives; the raw client's paths are relative to it. */
  baseUrl: string;
  /** The client's pipeline: auth, retries, timeouts and the retry budget it shares. */
  pipeline: Pipeline;
}

/**
 * An openapi-fetch client for `Paths` that sends every request through the client's pipeline. A
 * call with `parseAs: "stream"` gets its body as it arrives (`fetchStream`); the others, read whole.
 */
export function createRawClient<Paths extends {}>(client: RawClientSource, querySerializer?: QuerySerializerOptions): Client<Paths> {
  const send = pipelineFetch(client.pipeline);
  // openapi-fetch tells its middleware, not its fetch, how the caller reads the answer.
  const streamed = new WeakSet<Request>();
  const raw = createClient<Paths>({
    baseUrl: client.baseUrl,
    // openapi-fetch passes its own second argument; the pipeline's is per-call options.
    fetch: (request: Request) => (streamed.has(request) ? fetchStream(client, request) : send(request)),
    ...(querySerializer ? { querySerializer } : {}),
  });
  raw.use({
    onRequest({ request, options }) {
      if (options.parseAs === "stream") streamed.add(request);
    },
  });
  return raw;
}
