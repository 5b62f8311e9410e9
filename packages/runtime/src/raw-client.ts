// The openapi-fetch client for a Syncline client's API, sending through that
// client's pipeline. A function of its own, so only apps that call it bundle
// openapi-fetch's createClient.
import createClient, { type Client, type QuerySerializerOptions } from "openapi-fetch";
import type { Pipeline } from "./pipeline";

/** What `createRawClient` needs of a generated client. */
export interface RawClientSource {
  /** Where the API lives; the raw client's paths are relative to it. */
  baseUrl: string;
  /** The client's fetch: auth, retries, timeouts and the retry budget it shares. */
  fetch: Pipeline["fetch"];
}

/** An openapi-fetch client for `Paths` that sends every request through `client.fetch`. */
export function createRawClient<Paths extends {}>(client: RawClientSource, querySerializer?: QuerySerializerOptions): Client<Paths> {
  return createClient<Paths>({
    baseUrl: client.baseUrl,
    // openapi-fetch passes its own second argument; the pipeline's is per-call options.
    fetch: (request: Request) => client.fetch(request),
    ...(querySerializer ? { querySerializer } : {}),
  });
}
