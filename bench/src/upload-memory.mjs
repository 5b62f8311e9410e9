// The memory an upload of a file on disk takes: the peak growth of the client process's live
// memory (sampled after a garbage collection every 50 ms) while it PUTs the file as a multipart
// part to a server in another process. Three ways to send it: Syncline's `fileFromPath`,
// `toFile` of a stream of the file (read whole first, so a retry can send it again), and bare
// fetch with a plain file stream, the floor: what Node's fetch holds while it sends any body.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);

/** One upload in this process (run as a child, with --expose-gc): prints its peak growth in bytes. */
async function uploadOnce(way, file, url) {
  const { createReadStream } = await import("node:fs");
  const { Readable } = await import("node:stream");
  const { createOperationClient, createPipeline, fileFromPath, multipartBody, toFile } = await import("@syncline/runtime");
  const client = createOperationClient({ baseUrl: url, pipeline: createPipeline({ timeoutMs: 120_000 }) });
  const upload = { name: "files.upload", method: "PUT", path: "/upload", body: true, encodeBody: multipartBody };
  globalThis.gc();
  const before = process.memoryUsage();
  let peak = 0;
  const sample = setInterval(() => {
    globalThis.gc();
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss - before.rss);
  }, 50);
  if (way === "fileFromPath") await client.call(upload, { requestBody: { file: await fileFromPath(file) } });
  else if (way === "toFile(stream)") await client.call(upload, { requestBody: { file: await toFile(Readable.toWeb(createReadStream(file)), "upload.bin") } });
  else await (await fetch(`${url}/upload`, { method: "PUT", body: Readable.toWeb(createReadStream(file)), duplex: "half" })).arrayBuffer();
  clearInterval(sample);
  console.log(peak);
}

/** A server in a process of its own, so its memory is not the client's: counts what it receives. */
const SERVER = `require("node:http").createServer((req, res) => { req.on("data", () => {}); req.on("end", () => res.end()); })
  .listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;

export async function uploadMemory({ megabytes = 300 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "syncline-upload-"));
  const file = path.join(dir, "upload.bin");
  writeFileSync(file, Buffer.alloc(megabytes * 1_000_000, 1));
  const server = spawn(process.execPath, ["-e", SERVER]);
  try {
    const port = await new Promise((resolve) => server.stdout.once("data", (data) => resolve(String(data).trim())));
    const url = `http://127.0.0.1:${port}`;
    return ["fileFromPath", "toFile(stream)", "fetch with a file stream (the floor)"].map((way) => {
      const out = execFileSync(process.execPath, ["--expose-gc", here, way, file, url], { encoding: "utf8" });
      return { name: way, megabytes, peakMb: Number(out.trim()) / 1_000_000 };
    });
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === here && process.argv.length === 5) await uploadOnce(process.argv[2], process.argv[3], process.argv[4]);
