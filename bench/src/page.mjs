// The page every benchmark's API answers: a realistic Codat list-connections
// page of 10 connections, as the exact bytes sent.
export const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
const results = Array.from({ length: 10 }, (_, i) => ({
  id: `2e9d2c44-f675-40ba-8049-353bfcb5e1${String(i).padStart(2, "0")}`,
  integrationId: "fd321cb6-7963-4506-b873-e99593a45e30",
  integrationKey: "dfxm",
  sourceId: "8b9e5e0a-5fc9-4a4e-a7d5-0e1b5dd7d1f6",
  platformName: "Basiq",
  linkUrl: `https://link-api.codat.io/companies/${companyId}/connections/2e9d2c44-f675-40ba-8049-353bfcb5e1${i}/start`,
  status: "Linked",
  lastSync: "2022-10-27T10:22:43.6464237Z",
  created: "2022-10-27T09:53:29Z",
  sourceType: "Banking",
  dataConnectionErrors: [],
  connectionInfo: null,
}));
export const pageBody = JSON.stringify({
  results,
  pageNumber: 1,
  pageSize: 100,
  totalResults: 10,
  _links: { self: { href: `/companies/${companyId}/connections` }, current: { href: `/companies/${companyId}/connections?page=1&pageSize=100` } },
});
export const pageHeaders = { "content-type": "application/json", "content-length": String(Buffer.byteLength(pageBody)), "x-rate-limit-remaining": "11999" };
