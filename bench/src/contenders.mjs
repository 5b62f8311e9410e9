// The same call (list a company's connections, one page) made five ways.
import createClient from "openapi-fetch";
import { createCommerceClient } from "@syncline/commerce";
import { CodatSyncCommerce } from "@codat/sync-for-commerce";
import { CodatPlatform } from "@codat/platform";
import { HTTPClient as CommerceHttp } from "@codat/sync-for-commerce/lib/http.js";
import { HTTPClient as PlatformHttp } from "@codat/platform/lib/http.js";
import { companyId } from "./page.mjs";

export { companyId };
const apiKey = "bench-key";
const authHeader = `Basic ${Buffer.from(apiKey).toString("base64")}`;

/**
 * Each contender: a name and a function making one call and returning the page.
 * `fetchImpl` replaces the network for all of them alike (the in-process
 * overhead benchmark); by default they all use the global fetch.
 */
export function contenders(baseUrl, fetchImpl = undefined) {
  const send = fetchImpl ?? ((...args) => fetch(...args));
  const bare = createClient({ baseUrl, headers: { authorization: authHeader }, fetch: send });
  const syncline = createCommerceClient({ apiKey, baseUrl, fetch: send }); // auth, retries and the retry budget on (defaults)
  const codatCommerce = new CodatSyncCommerce({ authHeader, serverURL: baseUrl, httpClient: new CommerceHttp({ fetcher: send }) });
  const codatPlatform = new CodatPlatform({ authHeader, serverURL: baseUrl, httpClient: new PlatformHttp({ fetcher: send }) });
  const url = `${baseUrl}/companies/${companyId}/connections?page=1&pageSize=100`;
  return [
    { name: "raw fetch", call: async () => (await send(url, { headers: { authorization: authHeader } })).json() },
    {
      name: "openapi-fetch (bare)",
      call: async () => (await bare.GET("/companies/{companyId}/connections", { params: { path: { companyId }, query: { page: 1, pageSize: 100 } } })).data,
    },
    { name: "@syncline/commerce", call: () => syncline.connections.list({ companyId, page: 1, pageSize: 100 }) },
    { name: "@codat/sync-for-commerce 5.0.0", call: () => codatCommerce.connections.list({ companyId, page: 1, pageSize: 100 }) },
    { name: "@codat/platform 6.2.1", call: () => codatPlatform.connections.list({ companyId, page: 1, pageSize: 100 }) },
  ];
}

/** Every contender must really list the 10 connections (a broken call must not look fast); then `warmup` calls each. */
export async function checkAndWarm(list, warmup) {
  for (const contender of list) {
    const page = await contender.call();
    if ((page?.results?.length ?? page?.connections?.results?.length) !== 10) throw new Error(`${contender.name} did not list the 10 connections`);
    for (let i = 0; i < warmup; i++) await contender.call();
  }
}
