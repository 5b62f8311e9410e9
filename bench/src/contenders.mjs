// The same call (list a company's connections, one page) made five ways.
import createClient from "openapi-fetch";
import { createCommerceClient } from "@syncline/commerce";
import { CodatSyncCommerce } from "@codat/sync-for-commerce";
import { CodatPlatform } from "@codat/platform";

export const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const apiKey = "bench-key";
const authHeader = `Basic ${Buffer.from(apiKey).toString("base64")}`;

/** Each contender: a name and a function making one call and returning the page. */
export function contenders(baseUrl) {
  const bare = createClient({ baseUrl, headers: { authorization: authHeader } });
  const syncline = createCommerceClient({ apiKey, baseUrl }); // auth, retries and the retry budget on (defaults)
  const codatCommerce = new CodatSyncCommerce({ authHeader, serverURL: baseUrl });
  const codatPlatform = new CodatPlatform({ authHeader, serverURL: baseUrl });
  const url = `${baseUrl}/companies/${companyId}/connections?page=1&pageSize=100`;
  return [
    { name: "raw fetch", call: async () => (await fetch(url, { headers: { authorization: authHeader } })).json() },
    {
      name: "openapi-fetch (bare)",
      call: async () => (await bare.GET("/companies/{companyId}/connections", { params: { path: { companyId }, query: { page: 1, pageSize: 100 } } })).data,
    },
    { name: "@syncline/commerce", call: () => syncline.connections.list({ companyId, page: 1, pageSize: 100 }) },
    { name: "@codat/sync-for-commerce 5.0.0", call: () => codatCommerce.connections.list({ companyId, page: 1, pageSize: 100 }) },
    { name: "@codat/platform 6.2.1", call: () => codatPlatform.connections.list({ companyId, page: 1, pageSize: 100 }) },
  ];
}

/** Every contender must really list the 10 connections: a broken call must not look fast. */
export function resultsOf(page) {
  return page?.results?.length ?? page?.connections?.results?.length ?? 0;
}
