// Which vendor APIs `npm run demo` and `npm run example` call for real: those whose credentials are
// set in the environment. The others are the mock servers the script starts.
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "@syncline/mock";

/**
 * Codat: SYNCLINE_BASE_URL and CODAT_API_KEY. Powens: POWENS_CLIENT_ID, POWENS_CLIENT_SECRET and
 * POWENS_DOMAIN (or SYNCLINE_POWENS_BASE_URL). Undefined for an API whose credentials are not all set.
 */
export function realApis(env = process.env) {
  const codat = env.SYNCLINE_BASE_URL && env.CODAT_API_KEY ? { apiKey: env.CODAT_API_KEY, baseUrl: env.SYNCLINE_BASE_URL } : undefined;
  const powensWhere = env.SYNCLINE_POWENS_BASE_URL ? { baseUrl: env.SYNCLINE_POWENS_BASE_URL } : env.POWENS_DOMAIN ? { domain: env.POWENS_DOMAIN } : undefined;
  const powens =
    env.POWENS_CLIENT_ID && env.POWENS_CLIENT_SECRET && powensWhere
      ? { clientId: env.POWENS_CLIENT_ID, clientSecret: env.POWENS_CLIENT_SECRET, ...powensWhere }
      : undefined;
  return { codat, powens };
}

/** A Codat client's credential and base URL: the real API's, or the mock's for `api` ("platform", "commerce"). */
export const codatOptions = (real, mock, api) => real ?? { apiKey: DEFAULT_API_KEY, baseUrl: mock.urls[api] };

/** The Powens app's credentials and where it calls: the real API's, or the mock's. */
export const powensAppOptions = (real, mock) => real ?? { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, baseUrl: mock.urls.powens };
