import type { Fault } from "./fault-server";

export { OK, startFaultServer, type Fault, type FaultServer, type RecordedRequest, type Route } from "./fault-server";

/** A fault that answers with this status (and headers, body). */
export const status = (code: number, headers?: Record<string, string>, body?: string): Fault => ({ status: code, headers, body });

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: JSON.stringify(body),
});
export { freePort } from "./free-port";
