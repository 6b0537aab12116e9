/** The body was larger than the cap: reading stopped there. */
export class ResponseTooLarge extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
    this.limit = limit;
  }
}

/**
 * Reads a response body up to `limit` bytes. A declared Content-Length past the limit is
 * refused before reading; a body that grows past it is cancelled there, so a huge answer
 * costs at most the limit in memory.
 */
export async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new ResponseTooLarge(limit);
  }
  if (response.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The first `max` bytes of a body, the rest cancelled: for an error answer, whose message is
 * near its start, and whose size (a proxy's page, a stack trace) must not turn the error
 * into "the answer is too large".
 */
export async function readPrefix(response: Response, max: number): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const bytes = new Uint8Array(max);
  let total = 0;
  const reader = response.body.getReader();
  while (total < max) {
    const { done, value } = await reader.read();
    if (done) return bytes.subarray(0, total);
    const taken = value.subarray(0, max - total);
    bytes.set(taken, total);
    total += taken.byteLength;
  }
  await reader.cancel();
  return bytes;
}
