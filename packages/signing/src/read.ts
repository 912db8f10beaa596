// A response body read whole, within a byte bound, before anything checks it: the one reader the client (which
// verifies the signature over these bytes) and the mock's contract proxy share. Web streams only, no dependency:
// Node >= 20 and browsers, like the rest of this package.

/**
 * The body's bytes, at most `limit` of them; undefined past the limit, the stream cancelled then (whatever a
 * Content-Length said: after decompression, bytes are counted as they arrive). An error while reading rejects.
 */
export async function readBounded(response: Response, limit: number): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
