// Redirects followed by the runtime, for credentials fetch does not know about.
// fetch drops `Authorization` and cookies when a redirect leaves the origin, but
// an API key in a header of the API's own naming (`X-API-Key`) or in the query
// goes on to wherever the Location points. A client whose auth puts one there
// gets this fetch (the generator wires it); the others keep fetch's own
// following and never bundle this module.

/** Where an API's auth puts credentials fetch would carry across origins. */
export interface CredentialPlaces {
  /** Header names (an API key's `X-API-Key`). */
  headers?: readonly string[] | undefined;
  /** Query parameter names (an API key's `api_key`). */
  query?: readonly string[] | undefined;
}

// What fetch itself would have done: at most 20 hops.
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Dropped on a hop to another origin or down to http, whatever the auth: fetch's own list, and the cookie a key may be in.
const ALWAYS_DROPPED = ["authorization", "proxy-authorization", "cookie"];

// What a safe fetch drops, and the fetch it wraps: one wrapping another drops the places of both.
const SAFE = /* @__PURE__ */ Symbol.for("@syncline/runtime:followRedirectsSafely");
type SafeFetch = typeof globalThis.fetch & { [SAFE]?: { places: CredentialPlaces; fetchImpl: typeof globalThis.fetch | undefined } };

/**
 * A fetch that follows redirects itself and, on a hop to another origin or from
 * https to http, drops the credentials in `places` (and `Authorization` and
 * cookies, as fetch does). A 303, or a 301/302 answering a POST, goes on as a
 * GET without its body, as fetch does; a request that asked for
 * `redirect: "manual"` or `"error"` is sent as it is. Where redirects cannot
 * be read (a browser gives an opaque response to `redirect: "manual"`), the
 * redirect is not followed: the call fails with a `RequestFailedError` saying so.
 *
 * Headers of your own that carry credentials are marked the same way: pass
 * `fetch: followRedirectsSafely({ headers: ["X-Partner-Token"] })` to a client.
 * Given another such fetch (a client whose API key is in a header wraps yours),
 * it drops the places of both.
 */
export function followRedirectsSafely(places: CredentialPlaces, fetchImpl?: typeof globalThis.fetch): typeof globalThis.fetch {
  const wrapped = (fetchImpl as SafeFetch | undefined)?.[SAFE];
  if (wrapped) {
    const both = { headers: [...(places.headers ?? []), ...(wrapped.places.headers ?? [])], query: [...(places.query ?? []), ...(wrapped.places.query ?? [])] };
    return followRedirectsSafely(both, wrapped.fetchImpl);
  }
  const headersToDrop = [...ALWAYS_DROPPED, ...(places.headers ?? []).map((name) => name.toLowerCase())];
  const safe: SafeFetch = async (input, init) => {
    const send = fetchImpl ?? globalThis.fetch;
    const first = new Request(input, init);
    if (first.redirect !== "follow") return send(first);
    // The body as bytes, read once: a 307 or 308 sends it again.
    let body = first.body === null ? null : await first.arrayBuffer();
    let { method, url } = first;
    const headers = new Headers(first.headers);
    for (let hops = 0; ; hops++) {
      const response = await send(new Request(url, { method, headers, body, signal: first.signal, redirect: "manual" }));
      // A browser hides where a redirect goes (status 0): following it blind could carry the credentials anywhere.
      if (response.type === "opaqueredirect") {
        throw new TypeError(
          `${new URL(url).origin} answered with a redirect this browser does not let the client read: not followed, so the credentials stay with this origin`,
        );
      }
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel();
      const from = new URL(url);
      if (hops === MAX_REDIRECTS) throw new TypeError(`redirect count exceeded (${MAX_REDIRECTS}) from ${from.origin}`);
      const to = new URL(location, from);
      if (to.origin !== from.origin || (from.protocol === "https:" && to.protocol === "http:")) {
        for (const name of headersToDrop) headers.delete(name);
        for (const name of places.query ?? []) to.searchParams.delete(name);
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = null;
        headers.delete("content-type");
      }
      url = to.href;
    }
  };
  safe[SAFE] = { places, fetchImpl };
  return safe;
}
