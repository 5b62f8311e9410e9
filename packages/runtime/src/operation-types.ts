// Type-level helpers that turn openapi-typescript's `operations[...]` entries
// into the request objects and results of Syncline's resource methods.

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Present<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

type PathPart<Op> = Op extends { parameters: { path: infer P } } ? Present<P> : {};
type QueryPart<Op> = Op extends { parameters: { query?: infer Q } } ? Present<Q> : {};
type JsonBody<B> = B extends { content: { "application/json": infer T } } ? T : B extends { content: { [type: string]: infer T } } ? T : never;
type BodyPart<Op> = Op extends { requestBody: infer B }
  ? [B] extends [never]
    ? {}
    : { requestBody: JsonBody<B> }
  : Op extends { requestBody?: infer B }
    ? [B] extends [never | undefined]
      ? {}
      : { requestBody?: JsonBody<NonNullable<B>> }
    : {};

/** The request object of an operation: path and query parameters by their spec names, the body as `requestBody`. */
export type RequestOf<Op> = Simplify<PathPart<Op> & QueryPart<Op> & BodyPart<Op>>;

type SuccessCode = 200 | 201 | 202 | 203 | 204 | 205 | 206;
type ContentOf<R> = R extends { content: { "application/json": infer T } } ? T : undefined;

/** What a method resolves to: the 2xx JSON body (a union when several 2xx are documented), undefined when empty. */
export type ResponseOf<Op> = Op extends { responses: infer R } ? { [K in keyof R & SuccessCode]: ContentOf<R[K]> }[keyof R & SuccessCode] : never;
