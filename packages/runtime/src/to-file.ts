// A file part for multipart uploads, from bytes in whatever form an app holds them: a module of
// its own, so apps that upload nothing bundle none of it.

/** What `toFile` takes: bytes, a Blob (or File), a stream of bytes, or a fetch Response. */
export type FileSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Response;

/**
 * A `File` with a name and content type, for a multipart field (the part's filename and type) or a
 * binary body. A stream or a Response is read whole first: a body that can only be read once could
 * not be sent again on a retry. A file on disk, in Node: `toFile(await fs.openAsBlob(path), name)`.
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
