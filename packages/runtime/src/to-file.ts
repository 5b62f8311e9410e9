// A file part for multipart uploads, from bytes in whatever form an app holds them: a module of
// its own, so apps that upload nothing bundle none of it.

/** What `toFile` takes: bytes, a Blob (or File), a stream of bytes, or a fetch Response. */
export type FileSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Response;

/**
 * A `File` with a name and content type, for a multipart field (the part's filename and type) or a
 * binary body. A stream or a Response is read whole first: a body that can only be read once could
 * not be sent again on a retry. A file on disk: `fileFromPath`, which makes no copy of it.
 *
 * @param name The part's filename. Default: a File's own name, a Response's last path segment, or "file".
 * @param options.type The content type. Default: the Blob's or the Response's, else none.
 *
 * @example
 * const invoice = await toFile(await fetch(invoiceUrl), "invoice.pdf", { type: "application/pdf" });
 */
export async function toFile(source: FileSource, name?: string, options: { type?: string } = {}): Promise<File> {
  let bytes: Blob | ArrayBuffer | ArrayBufferView;
  let type = options.type;
  if (source instanceof Response) {
    bytes = await source.blob();
    name ??= lastPathSegment(source.url);
  } else if (source instanceof ReadableStream) {
    bytes = await new Response(source).blob();
  } else if (source instanceof Blob || source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    bytes = source;
    if (source instanceof File) name ??= source.name;
  } else {
    throw new TypeError(`toFile takes a Blob, ArrayBuffer, typed array, ReadableStream or Response, got ${typeof source}`);
  }
  if (bytes instanceof Blob) type ??= bytes.type;
  return new File([bytes as BlobPart], name || "file", type ? { type } : {});
}

/** The part of `node:fs` fileFromPath uses. */
interface FileSystem {
  openAsBlob(path: string, options?: { type?: string }): Promise<Blob>;
}

/**
 * A file on disk as a `File`, for a multipart field or a binary body: read from disk when it is
 * sent, with no copy made before, and read again for a retry. Where the runtime reads files (Node
 * 20.16 or later, Deno, Bun: `fs.openAsBlob`). The file must stay as it is until it is sent: a file
 * changed since fails the upload rather than send part old, part new.
 *
 * @param options.name The part's filename. Default: the path's last segment.
 * @param options.type The content type. Default: none.
 *
 * @example
 * const invoice = await fileFromPath("./invoices/2026-001.pdf", { type: "application/pdf" });
 */
export async function fileFromPath(filePath: string, options: { name?: string; type?: string } = {}): Promise<File> {
  // Looked up when called, not imported: this module stays loadable in a browser.
  const runtime = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const fs = runtime.process?.getBuiltinModule?.("node:fs") as FileSystem | undefined;
  if (!fs?.openAsBlob) throw new TypeError("fileFromPath needs a runtime that reads files (Node 20.16 or later, Deno, Bun); elsewhere pass a Blob to toFile");
  let blob: Blob;
  try {
    blob = await fs.openAsBlob(filePath, options.type ? { type: options.type } : {});
  } catch (cause) {
    // Node's own message ("Unable to open file as blob") says neither which file nor why.
    throw new Error(`fileFromPath: cannot open ${JSON.stringify(filePath)}: no such file, or not one this process may read`, { cause });
  }
  return new File([blob], options.name ?? (filePath.split(/[\\/]/).pop() || "file"), { type: blob.type });
}

/** "https://x/files/a%20b.pdf?v=2" -> "a b.pdf"; undefined when there is none. */
function lastPathSegment(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const segment = new URL(url).pathname.split("/").at(-1);
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray % is part of the name
  }
}
