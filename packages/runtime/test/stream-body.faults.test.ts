// A ReadableStream as a binary request body, against real loopback servers: sent as it is read,
// bytes intact, and never sent twice (a stream is read once): no retry, no second try after a 401.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { json, startFaultServer, status, type FaultServer } from "@syncline/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  binaryBody,
  createOperationClient,
  createPipeline,
  ServerError,
  UnauthorizedError,
  type Authenticator,
  type OperationSpec,
  type PipelineOptions,
} from "../src/index";

const replace: OperationSpec = { name: "files.replace", method: "PUT", path: "/files/{id}", body: true, encodeBody: binaryBody, json: true };
const instant = { backoff: { initialInterval: 0, maxInterval: 0 } };

/** A stream of `chunks`, each made once `ready(i)` resolves (the first at once). */
function streamOf(chunks: string[], ready: (index: number) => Promise<unknown> = async () => {}): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      if (index === chunks.length) return controller.close();
      await ready(index);
      controller.enqueue(new TextEncoder().encode(chunks[index++]));
    },
  });
}

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset([]));

const client = (options: PipelineOptions = {}) => createOperationClient({ baseUrl: server.url, pipeline: createPipeline({ retries: instant, ...options }) });

describe("a stream as a binary request body", () => {
  it("is sent as it is read: the server has the first chunk before the second is made", async () => {
    // A server of its own: the fault server answers once a body has ended.
    let firstChunk: () => void = () => {};
    const firstArrived = new Promise<void>((resolve) => (firstChunk = resolve));
    let received: { body: string; headers: IncomingHttpHeaders } | undefined;
    const uploads = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
        firstChunk();
      }
      received = { body: Buffer.concat(chunks).toString(), headers: req.headers };
      res.writeHead(201, { "content-type": "application/json" }).end('{"id":"f1"}');
    });
    uploads.listen(0, "127.0.0.1");
    await once(uploads, "listening");
    try {
      let streamed = false;
      // The second chunk waits for the server to have the first (or 5 s: then the body was held back).
      const body = streamOf(["first chunk, ", "second chunk"], async (index) => {
        if (index === 0) return;
        streamed = await Promise.race([firstArrived.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 5000, false))]);
      });
      const core = createOperationClient({ baseUrl: `http://127.0.0.1:${(uploads.address() as AddressInfo).port}`, pipeline: createPipeline() });
      expect(await core.call(replace, { id: "f1", requestBody: body })).toEqual({ id: "f1" });
      expect(streamed).toBe(true);
      expect(received?.body).toBe("first chunk, second chunk");
      expect(received?.headers["content-type"]).toBe("application/octet-stream");
    } finally {
      uploads.close();
    }
  });

  it("is not sent again after a 503: the one request, and its ServerError (bytes are retried)", async () => {
    server.reset([status(503)], json(200, { id: "f1" }));
    await expect(client().call(replace, { id: "f1", requestBody: streamOf(["a", "b"]) })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests.map((request) => request.body.toString())).toEqual(["ab"]);

    server.reset([status(503)], json(200, { id: "f1" }));
    expect(await client().call(replace, { id: "f1", requestBody: new TextEncoder().encode("ab") })).toEqual({ id: "f1" });
    expect(server.requests).toHaveLength(2);
  });

  it("is not sent again after a 401 with a fresh token: the UnauthorizedError (bytes are sent again)", async () => {
    const auth = (): Authenticator => {
      let token = 1;
      return {
        apply: (headers) => {
          headers.set("authorization", `Bearer token-${token}`);
          return [`token-${token}`];
        },
        refresh: () => void token++,
      };
    };
    server.reset([status(401)], json(200, { id: "f1" }));
    await expect(client({ auth: auth() }).call(replace, { id: "f1", requestBody: streamOf(["a"]) })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.requests).toHaveLength(1);

    server.reset([status(401)], json(200, { id: "f1" }));
    expect(await client({ auth: auth() }).call(replace, { id: "f1", requestBody: "a" })).toEqual({ id: "f1" });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });
});
