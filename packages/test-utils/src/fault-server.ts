// A real HTTP server on 127.0.0.1 that injects faults, for retry and timeout
// tests. Each request takes the next step of the script, then `fallback`
// (a fixed answer, or a function of the request: a tiny router).
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Close the socket after a partial status line: the client never gets headers. */
  | { reset: "before-headers" }
  /** Send headers and half the body, then close the socket. */
  | { reset: "mid-body" }
  /** Never answer. */
  | { hang: true }
  /** Send 200 headers, then `chunkBytes` of JSON-ish text every `everyMs` ms, forever (until the client goes away). */
  | { endlessBody: { chunkBytes: number; everyMs: number } }
  /**
   * Send 200 headers (`contentType`, default application/octet-stream), then each of `chunks`,
   * `everyMs` apart, then end the body (or, with `ending`, close the socket or stop sending).
   */
  | { chunked: { chunks: string[]; everyMs: number; contentType?: string; ending?: "end" | "reset" | "hang" } }
  /** Wait, then give `answer` (named so that a fault is never mistaken for a promise). */
  | { delayMs: number; answer: Fault };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the request arrived. */
  at: number;
  /** Body bytes an endless body has written so far. */
  sent: number;
  /** performance.now() when the connection of the answer closed (the client went away), once it has. */
  closedAt?: number;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  /** Replace the script (and optionally the fallback) and forget recorded requests. */
  reset(script: Fault[], fallback?: Fault | Route): void;
  close(): Promise<void>;
}

/** Answers a request by its position (0-based, since the last reset) and content. */
export type Route = (index: number, request: RecordedRequest) => Fault;

export const OK: Fault = { status: 200, body: JSON.stringify({ ok: true }) };

export async function startFaultServer(script: Fault[] = [], fallback: Fault | Route = OK): Promise<FaultServer> {
  let steps = [...script];
  let next = fallback;
  let index = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const at = performance.now();
    const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), at, sent: 0 };
    res.on("close", () => (recorded.closedAt = performance.now()));
    requests.push(recorded);
    const position = index++;
    let fault = steps.shift() ?? (typeof next === "function" ? next(position, recorded) : next);
    while ("delayMs" in fault) {
      await new Promise((resolve) => setTimeout(resolve, (fault as { delayMs: number }).delayMs));
      fault = fault.answer;
    }
    if ("hang" in fault) return;
    if ("endlessBody" in fault) {
      const { chunkBytes, everyMs } = fault.endlessBody;
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"results":["');
      const chunk = "x".repeat(chunkBytes);
      const timer = setInterval(() => {
        res.write(chunk);
        recorded.sent += chunkBytes;
      }, everyMs);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if ("chunked" in fault) {
      const { chunks, everyMs, contentType = "application/octet-stream", ending = "end" } = fault.chunked;
      res.writeHead(200, { "content-type": contentType });
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
        if (res.destroyed) return;
        res.write(chunk);
        recorded.sent += Buffer.byteLength(chunk);
      }
      if (ending === "end") res.end();
      else if (ending === "reset") res.socket?.destroy();
      return;
    }
    if ("reset" in fault) {
      if (fault.reset === "before-headers") {
        res.socket?.end("HTTP/1.1 200 OK\r\nContent-Le");
        res.socket?.destroy();
      } else {
        const body = JSON.stringify({ results: "x".repeat(2000) });
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
        res.write(body.slice(0, 100), () => res.socket?.destroy());
      }
      return;
    }
    res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
    res.end(fault.body ?? "");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    reset(newScript, newFallback = OK) {
      steps = [...newScript];
      next = newFallback;
      index = 0;
      requests.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
