// Type-level helpers that turn openapi-typescript's `operations[...]` entries
// into the request objects and results of Syncline's resource methods. Which
// statuses count as success and which media type is JSON come from
// openapi-typescript-helpers (openapi-fetch's own), not a table of ours.
import type { FilterKeys, OkStatus, Readable, ResponseObjectMap, Writable } from "openapi-typescript-helpers";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Present<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

type ParametersIn<Op, Where extends string> = Op extends { parameters: { [K in Where]?: infer P } } ? Present<P> : {};
type JsonMedia = `${string}/json` | `${string}+json`;
/** A body's type: its JSON media type's if it has one, else its first media type's. */
type BodyContent<B> = B extends { content: infer C } ? ([FilterKeys<C, JsonMedia>] extends [never] ? C[keyof C] : FilterKeys<C, JsonMedia>) : never;
/** Bytes a binary body or file field may be given as; each is sent as it is (in multipart, as a file part). */
export type BinaryInput = Blob | ArrayBuffer | ArrayBufferView;
/** A binary value (schema.ts types `format: binary` as Blob), or an array of them, as a request may give it. */
type BytesIn<V> = V extends Blob ? BinaryInput : V extends readonly Blob[] ? BinaryInput[] : V;
/**
 * A request body whose binary parts, the whole body or its fields (multipart), also take an
 * ArrayBuffer or typed array; a whole binary body also a stream, sent as it is read (once: no retry).
 */
type Uploadable<T> = T extends Blob
  ? BinaryInput | ReadableStream<Uint8Array>
  : [Extract<T[keyof T], Blob | readonly Blob[]>] extends [never]
    ? T
    : { [K in keyof T]: BytesIn<T[K]> };
/** With `readOnly`/`writeOnly` markers (openapi-typescript's readWriteMarkers), what a request may carry. */
type Sent<T, Marked extends boolean> = Uploadable<Marked extends true ? Writable<T> : T>;
type BodyPart<Op, Marked extends boolean> = Op extends { requestBody: infer B }
  ? [B] extends [never]
    ? {}
    : { requestBody: Sent<BodyContent<B>, Marked> }
  : Op extends { requestBody?: infer B }
    ? [B] extends [never | undefined]
      ? {}
      : { requestBody?: Sent<BodyContent<NonNullable<B>>, Marked> }
    : {};

/**
 * The request object of an operation: path, query, header and cookie parameters by their spec
 * names, the body as `requestBody`. `Marked`: the spec has readOnly/writeOnly fields (the
 * generator says so), and the body leaves out the readOnly ones.
 */
export type RequestOf<Op, Marked extends boolean = false> = Simplify<
  ParametersIn<Op, "path"> & ParametersIn<Op, "query"> & ParametersIn<Op, "header"> & ParametersIn<Op, "cookie"> & BodyPart<Op, Marked>
>;

/** The success answers: every 2xx the spec documents (`2XX` included), else its `default`. */
type Successes<Op> = [FilterKeys<ResponseObjectMap<Op>, OkStatus>] extends [never]
  ? FilterKeys<ResponseObjectMap<Op>, "default">
  : FilterKeys<ResponseObjectMap<Op>, OkStatus>;
/** The media types of JSON lines (NDJSON), read line by line by an operation's `...Lines` method. */
export type JsonLinesMedia = "application/x-ndjson" | "application/ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/jsonlines";
/** Server-sent events or JSON lines beside other media are read by the operation's `...Events` or `...Lines` method, not by the call. */
type Streamed = "text/event-stream" | JsonLinesMedia;
type CallMedia<C> = [Exclude<keyof C, Streamed>] extends [never] ? C : Omit<C, Streamed>;
/**
 * What the client resolves a response to: its JSON, a string for text, a Blob for anything else,
 * undefined when it has no body; a union of those when the spec documents several kinds (the
 * answer is read by the content type it comes with).
 */
type Resolved<R> = R extends { content: infer All }
  ? CallMedia<All> extends infer C
    ?
        | FilterKeys<C, JsonMedia>
        | ([FilterKeys<C, `text/${string}`>] extends [never] ? never : string)
        | ([Exclude<keyof C, JsonMedia | `text/${string}`>] extends [never] ? never : Blob)
    : never
  : undefined;

/**
 * What a method resolves to: the success body (a union when several are documented), undefined
 * when empty. `Marked`: the spec has readOnly/writeOnly fields, and the answer leaves out the
 * writeOnly ones.
 */
export type ResponseOf<Op, Marked extends boolean = false> = Marked extends true ? Readable<Resolved<Successes<Op>>> : Resolved<Successes<Op>>;

type EventData<R> = R extends { content: infer C } ? FilterKeys<C, "text/event-stream"> : never;
/** What each event of an operation that streams carries: the `text/event-stream` schema of its success answers. */
export type EventsOf<Op> = EventData<Successes<Op>>;

type LineData<R> = R extends { content: infer C } ? FilterKeys<C, JsonLinesMedia> : never;
/** What each line of an operation that answers JSON lines carries: the schema of its NDJSON media type. */
export type LinesOf<Op> = LineData<Successes<Op>>;
