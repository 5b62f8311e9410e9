export { OK, startFaultServer, type Fault, type FaultServer, type RecordedRequest, type Route } from "./fault-server";

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: JSON.stringify(body),
});
export { freePort } from "./free-port";
