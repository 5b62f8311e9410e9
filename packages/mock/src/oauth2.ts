// An OAuth2 token endpoint (RFC 6749, the client credentials grant) for APIs
// whose clients fetch their own access token: pointed at it (the client's
// `tokenUrl`), such a client runs against the mock without the vendor's
// authorization server. It checks the app's credentials as an authorization
// server would, and answers with a fresh token each time.
import { randomUUID } from "node:crypto";
import type { Reply } from "./types";

export const TOKEN_PATH = "/__mock/oauth2/token";

/** How long a token says it lasts, in seconds (the mock accepts any bearer token anyway). */
const EXPIRES_IN = 3600;

/** The client's id and secret: from HTTP Basic (each form-encoded first, RFC 6749 2.3.1), else from the form. */
function clientOf(form: URLSearchParams, authorization: string | undefined): [string | null, string | null] {
  const basic = /^basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!basic) return [form.get("client_id"), form.get("client_secret")];
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return [null, null];
  const formDecode = (text: string) => decodeURIComponent(text.replaceAll("+", " "));
  try {
    return [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
  } catch {
    return [null, null]; // not valid percent-encoding
  }
}

/** The answer to a token request (its form body and Authorization header), for the app with these credentials. */
export function tokenReply(rawBody: string, authorization: string | undefined, app: { clientId: string; clientSecret: string }): Reply {
  const form = new URLSearchParams(rawBody);
  const [clientId, clientSecret] = clientOf(form, authorization);
  if (clientId !== app.clientId || clientSecret !== app.clientSecret) {
    return {
      status: 401,
      headers: { "www-authenticate": 'Basic realm="syncline-mock"' },
      body: { error: "invalid_client", error_description: "Unknown client: send the mock's client id and secret (HTTP Basic, or client_id and client_secret)" },
    };
  }
  const grant = form.get("grant_type");
  if (grant === null) return { status: 400, body: { error: "invalid_request", error_description: "grant_type is required" } };
  if (grant !== "client_credentials") {
    return { status: 400, body: { error: "unsupported_grant_type", error_description: "The mock issues tokens for the client_credentials grant only" } };
  }
  const scope = form.get("scope");
  return {
    status: 200,
    headers: { "cache-control": "no-store", pragma: "no-cache" },
    body: { access_token: `mock-access-${randomUUID()}`, token_type: "Bearer", expires_in: EXPIRES_IN, ...(scope ? { scope } : {}) },
  };
}
