// Relay an answer as it arrives: a backend hands the list of a company's connections to its own
// client (a browser, a queue) chunk by chunk, never holding the whole answer. The raw client's
// `parseAs: "stream"` resolves when the headers arrive; auth, retries (before the answer only) and
// timeouts (`timeoutMs` bounds each wait for the next chunk) are the client's.
import { createRawClient, type PlatformClient } from "@syncline/platform";

export interface Relayed {
  status: number;
  contentType: string | null;
  /** What was passed on, as it came. */
  bytes: number;
  chunks: number;
}

export async function relayConnections(platform: PlatformClient, companyId: string, to: WritableStream<Uint8Array>): Promise<Relayed> {
  const { data, error, response } = await createRawClient(platform).GET("/companies/{companyId}/connections", {
    params: { path: { companyId }, query: { page: 1, pageSize: 100 } },
    parseAs: "stream",
  });
  // An error answer comes back whole, its body parsed (Codat's ErrorMessage), as openapi-fetch gives it.
  if (!data) throw new Error(`listing the connections of ${companyId} answered ${response.status}: ${error?.error ?? "no message"}`);
  const relayed: Relayed = { status: response.status, contentType: response.headers.get("content-type"), bytes: 0, chunks: 0 };
  const counting = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      relayed.bytes += chunk.byteLength;
      relayed.chunks++;
      controller.enqueue(chunk);
    },
  });
  await data.pipeThrough(counting).pipeTo(to);
  return relayed;
}
