export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default application/json; a body of any other media type is sent as text. */
  contentType?: string;
}

export interface HandlerRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  /** The Authorization header (the security handler already accepted it), to know whose request it is. */
  authorization?: string;
  /** The request path, without query string (for HAL links). */
  path: string;
  /** Runs `work` shortly after the reply is sent (background jobs). */
  defer(work: () => void): void;
}

export type Handler = (request: HandlerRequest) => Reply;

/** Lookups answer a record or an error reply; records always have an id, replies never. */
export const isReply = (value: object): value is Reply => !("id" in value);
