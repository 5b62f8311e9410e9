// A Request through a client's pipeline whose successful answer reaches the caller as it arrives:
// downloads, event streams, anything read chunk by chunk. A module of its own (the client and the
// operations never import it), so apps that do not stream bundle none of it.
import { DEFAULT_TIMEOUT_MS, responseContext } from "./attempt";
import { ConnectionError, RequestAbortedError, ResponseTooLargeError, TimeoutError } from "./errors";
import type { CallOptions, OutgoingRequest, Pipeline, SettledCall } from "./pipeline";
import { copying, responseWith } from "./raw-fetch";

/** What `fetchStream` needs of a client: its core (or the client itself). */
export interface StreamSource {
  pipeline: Pipeline;
}

/**
 * Sends `request` with the client's auth, retries and timeouts, and resolves as soon as a
 * successful answer's headers arrive, its body a stream of the bytes as they come.
 *
 * - Retries happen only before that answer: a failure, or a status the retry rules retry, is
 *   retried as for any call; once a successful answer has arrived, nothing is sent again.
 * - `timeoutMs` (default 60 s) bounds the wait for the headers, then each wait for the next chunk,
 *   not the whole download: the stream fails with a TimeoutError when the server goes quiet that long.
 * - `signal` aborts the download too: the stream fails with a RequestAbortedError.
 * - `maxResponseBytes` caps the stream only when the call sets it (the caller holds one chunk at a
 *   time; the 10 MiB default is for bodies read whole). An error answer is read whole, capped as usual.
 * - A connection lost mid-body fails the stream with a ConnectionError.
 *
 * @example
 * const response = await fetchStream(core, new Request(`${baseUrl}/exports/1/file`));
 * for await (const chunk of response.body!) process(chunk);
 */
export async function fetchStream(client: StreamSource, request: Request, call: CallOptions = {}): Promise<Response> {
  const body = request.body === null ? undefined : await request.arrayBuffer();
  const outgoing = { method: request.method, url: request.url, headers: new Headers(request.headers), body, dispatch: copying(request) };
  const { response } = await sendStreaming(client.pipeline, outgoing, { ...call, signal: call.signal ?? request.signal });
  return response;
}

/**
 * Sends `request` through `pipeline` and resolves with the settled call and the answer: a
 * successful one with its body arriving chunk by chunk (`arriving`), any other read whole; its URL
 * without the call's secrets either way. What `fetchStream` and the generated streaming methods
 * (operation-events.ts) share.
 */
export async function sendStreaming(pipeline: Pipeline, request: OutgoingRequest, call: CallOptions): Promise<{ settled: SettledCall; response: Response }> {
  let answer: Response | undefined;
  let settled: SettledCall;
  try {
    settled = await pipeline.send(
      {
        ...request,
        dispatch: handingOff(request.dispatch, (response) => {
          answer = response;
        }),
      },
      call,
    );
  } catch (error) {
    // The attempt failed after its answer had arrived (its timer, the caller's abort): let the connection go.
    await answer?.body?.cancel().catch(() => {});
    throw error;
  }
  if (answer === undefined) return { settled, response: responseWith(settled.response, settled.body, settled.secrets) };
  const body = arriving(answer, settled, call.timeoutMs ?? DEFAULT_TIMEOUT_MS, call.maxResponseBytes, call.signal ?? null);
  return { settled, response: responseWith(answer, body, settled.secrets) };
}

type Dispatch = NonNullable<OutgoingRequest["dispatch"]>;

/**
 * A dispatch that gives a successful answer to `keep`, body unread, and the attempt an empty copy
 * it reads at once; any other answer goes to the attempt whole, to retry it or to return it whole.
 */
function handingOff(dispatch: Dispatch | undefined, keep: (answer: Response) => void): Dispatch {
  return async (fetchImpl, url, init) => {
    const response = await (dispatch ? dispatch(fetchImpl, url, init) : fetchImpl(url, init));
    if (!response.ok || response.body === null) return response;
    keep(response);
    return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** `answer`'s body, passed on chunk by chunk under the call's idle timeout, signal and size cap. */
function arriving(
  answer: Response,
  call: Pick<SettledCall, "method" | "url" | "secrets">,
  idleMs: number,
  limit: number | undefined,
  signal: AbortSignal | null,
): ReadableStream<Uint8Array> {
  const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
  const what = `${call.method} ${call.url}`;
  const context = () => responseContext(answer, call);
  let received = 0;
  let failed = false;
  let fail: (error: Error) => void = () => {};
  // An abort ends the download at once, whether or not the caller is waiting for a chunk.
  const onAbort = () => fail(new RequestAbortedError(`${what} was aborted while its body was read`, context()));
  const release = () => signal?.removeEventListener("abort", onAbort);

  return new ReadableStream<Uint8Array>({
    start(controller) {
      fail = (error) => {
        failed = true;
        release();
        reader.cancel().catch(() => {});
        controller.error(error);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort);
    },
    async pull(controller) {
      // The server's silence counts only while the caller waits for the next chunk.
      const timer = setTimeout(() => fail(new TimeoutError(idleMs, `${what} (no chunk of its body for ${idleMs} ms)`, context())), idleMs);
      try {
        const { done, value } = await reader.read();
        if (failed) return;
        if (done) {
          release();
          controller.close();
          return;
        }
        received += value.byteLength;
        if (limit !== undefined && received > limit) return fail(new ResponseTooLargeError(limit, what, context()));
        controller.enqueue(value);
      } catch (thrown) {
        // Already failed (abort, timeout, size): the read's own error adds nothing.
        if (!failed)
          fail(new ConnectionError(`${what} failed: the connection was lost while its body was read`, { ...context(), cause: thrown, requestSent: true }));
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
}
