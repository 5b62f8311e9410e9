// A streamed answer read one message at a time, as the messages arrive: server-sent events
// (`text/event-stream`, parsed by eventsource-parser) and JSON lines (NDJSON). For the answers of
// fetchStream and of the raw client's `parseAs: "stream"`, whose timeouts, signal and typed errors
// hold between messages. A module of its own: apps that never stream bundle none of it.
import { type EventSourceMessage, EventSourceParserStream, ParseError } from "eventsource-parser/stream";
import { type ErrorContext, InvalidResponseError } from "./errors";
import { secretsOfAnswer } from "./raw-fetch";
import { redactCredentialFields, redactSecrets } from "./redact";

/** One server-sent event: its `data` (the lines joined), and its `event` type and `id` when the server sent them. */
export type ServerSentEvent = EventSourceMessage;

export interface ReadEventsOptions {
  /** The `data` that ends the stream, not yielded: AI APIs send `[DONE]` last. Default `"[DONE]"`; `null` for none. */
  doneData?: string | null | undefined;
  /** The longest message held, in characters; a longer one fails the stream (`InvalidResponseError`). Default 10 Mi. */
  maxMessageLength?: number | undefined;
}

// 10 Mi, written as a literal: a product would stay in bundles that never read a stream.
const DEFAULT_MAX_MESSAGE_LENGTH = 10_485_760;

type Source = Response | ReadableStream<Uint8Array>;

/**
 * Each server-sent event of a streamed answer, as it arrives. Leaving the loop early (`break`,
 * `return`, a throw) closes the connection; errors of the transport (a timeout between chunks, an
 * abort, a lost connection) come out of the loop as the typed errors `fetchStream` gives.
 *
 * @example
 * const response = await fetchStream(core, new Request(url, { method: "POST", body }));
 * for await (const event of readEvents(response)) console.log(event.event, event.data);
 */
export async function* readEvents(source: Source, options: ReadEventsOptions = {}): AsyncGenerator<ServerSentEvent, void, undefined> {
  const { doneData = "[DONE]", maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH } = options;
  const parsed = bodyOf(source)
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream({ maxBufferSize: maxMessageLength }));
  for await (const event of messages(parsed, source, maxMessageLength)) {
    if (doneData !== null && event.data === doneData) return;
    yield event;
  }
}

/** Each server-sent event's `data` parsed as JSON (`T`: what the API documents its events as). */
export async function* readJsonEvents<T = unknown>(source: Source, options: ReadEventsOptions = {}): AsyncGenerator<T, void, undefined> {
  for await (const event of readEvents(source, options)) yield parseJson<T>(event.data, source, "event");
}

/** Each line of a JSON-lines answer (`application/x-ndjson`, `application/jsonl`) parsed as JSON; blank lines are skipped. */
export async function* readJsonLines<T = unknown>(
  source: Source,
  options: Pick<ReadEventsOptions, "maxMessageLength"> = {},
): AsyncGenerator<T, void, undefined> {
  const { maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH } = options;
  const lines = bodyOf(source).pipeThrough(new TextDecoderStream()).pipeThrough(splitLines(maxMessageLength));
  for await (const line of messages(lines, source, maxMessageLength)) {
    if (line.trim() !== "") yield parseJson<T>(line, source, "line");
  }
}

/** The bytes to decode. TypeScript 5.7+ types TextDecoderStream's input as views over an ArrayBuffer; fetch's are. */
function bodyOf(source: Source): ReadableStream<BufferSource> {
  const body = source instanceof Response ? source.body : source;
  if (body === null) throw new TypeError("readEvents: the response has no body (was it read already?)");
  return body as ReadableStream<BufferSource>;
}

const contextOf = (source: Source): ErrorContext => (source instanceof Response ? { url: source.url || undefined, status: source.status } : {});
/** Who sent a malformed message, for its error: the answer's URL when there is one. */
const senderOf = (source: Source): string => contextOf(source).url ?? "a streamed answer";

/** The stream's messages; cancels it when the reader leaves early, and types a message over the cap. */
async function* messages<T>(stream: ReadableStream<T>, source: Source, maxMessageLength: number): AsyncGenerator<T, void, undefined> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        // The parser's cap (eventsource-parser's ParseError, or ours): the transport's errors pass as they are.
        if (!(error instanceof ParseError || error instanceof RangeError)) throw error;
        throw new InvalidResponseError(`${senderOf(source)} sent a message longer than maxMessageLength (${maxMessageLength} characters)`, contextOf(source));
      });
      if (done) return;
      yield value;
    }
  } finally {
    // Cancelling the end of the pipe cancels its source: the connection closes.
    await reader.cancel().catch(() => {});
  }
}

/** Splits text into lines (`\n` or `\r\n`), holding at most `maxLength` characters of a line not yet ended. */
function splitLines(maxLength: number): TransformStream<string, string> {
  let pending = "";
  return new TransformStream({
    transform(text, controller) {
      const lines = (pending + text).split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) controller.enqueue(line);
      if (pending.length > maxLength) throw new RangeError("line too long");
    },
    flush(controller) {
      if (pending !== "") controller.enqueue(pending);
    },
  });
}

function parseJson<T>(text: string, source: Source, what: "event" | "line"): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    // Neither the parser's error (its message may quote the text) nor, in the text kept, the call's
    // credentials or the tokens of a message cut short (their fields cannot be parsed).
    const secrets = source instanceof Response ? secretsOfAnswer(source) : [];
    const rawBody = redactCredentialFields(redactSecrets(text, secrets)).slice(0, 2000);
    throw new InvalidResponseError(`${senderOf(source)} sent an ${what} that is not JSON`, { ...contextOf(source), rawBody });
  }
}
