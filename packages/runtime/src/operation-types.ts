// Type-level helpers that turn openapi-typescript's `operations[...]` entries
// into the request objects and results of Syncline's resource methods. Which
// statuses count as success and which media type is JSON come from
// openapi-typescript-helpers (openapi-fetch's own), not a table of ours.
import type { FilterKeys, OkStatus, ResponseObjectMap } from "openapi-typescript-helpers";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Present<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

type ParametersIn<Op, Where extends string> = Op extends { parameters: { [K in Where]?: infer P } } ? Present<P> : {};
type JsonMedia = `${string}/json` | `${string}+json`;
/** A body's type: its JSON media type's if it has one, else its first media type's. */
type BodyContent<B> = B extends { content: infer C } ? ([FilterKeys<C, JsonMedia>] extends [never] ? C[keyof C] : FilterKeys<C, JsonMedia>) : never;
type BodyPart<Op> = Op extends { requestBody: infer B }
  ? [B] extends [never]
    ? {}
    : { requestBody: BodyContent<B> }
  : Op extends { requestBody?: infer B }
    ? [B] extends [never | undefined]
      ? {}
      : { requestBody?: BodyContent<NonNullable<B>> }
    : {};

/** The request object of an operation: path, query, header and cookie parameters by their spec names, the body as `requestBody`. */
export type RequestOf<Op> = Simplify<
  ParametersIn<Op, "path"> & ParametersIn<Op, "query"> & ParametersIn<Op, "header"> & ParametersIn<Op, "cookie"> & BodyPart<Op>
>;

/** The success answers: every 2xx the spec documents (`2XX` included), else its `default`. */
type Successes<Op> = [FilterKeys<ResponseObjectMap<Op>, OkStatus>] extends [never]
  ? FilterKeys<ResponseObjectMap<Op>, "default">
  : FilterKeys<ResponseObjectMap<Op>, OkStatus>;
/** What the client resolves a response to: its JSON, a string for text, a Blob for anything else, undefined when it has no body. */
type Resolved<R> = R extends { content: infer C }
  ? [FilterKeys<C, JsonMedia>] extends [never]
    ? [FilterKeys<C, `text/${string}`>] extends [never]
      ? Blob
      : string
    : FilterKeys<C, JsonMedia>
  : undefined;

/** What a method resolves to: the success body (a union when several are documented), undefined when empty. */
export type ResponseOf<Op> = Resolved<Successes<Op>>;
