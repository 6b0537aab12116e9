/**
 * Writes one line to stdout (fd 1) or stderr (fd 2), synchronously, straight to the file
 * descriptor. Not `console.log`: inside AWS Lambda the runtime replaces the console methods
 * with its own formatter (a timestamp and request id before the message in the TEXT log
 * format), so a JSON line would stop being a JSON log event and CloudWatch would not
 * extract EMF metrics from it. Not `process.stdout`: its first use builds a stream (~3 ms
 * on a pipe), which the first request of every cold start would pay.
 *
 * Falls back to the process streams where `node:fs` is not available (other runtimes), and
 * for good once a descriptor refuses a synchronous write (a full non-blocking pipe), so
 * lines never overtake each other.
 */
interface SyncWriter {
  writeSync(fd: number, buffer: Uint8Array, offset?: number): number;
}

const proc = globalThis.process as
  | (NodeJS.Process & { getBuiltinModule?: (id: string) => unknown })
  | undefined;
// getBuiltinModule (Node >= 22.3) is synchronous and needs no static import of node:fs,
// which would tie the core to Node.
const fs = proc?.getBuiltinModule?.('node:fs') as SyncWriter | undefined;
const streamed = { 1: false, 2: false };

export function writeLine(fd: 1 | 2, line: string): void {
  const text = `${line}\n`;
  if (fs !== undefined && !streamed[fd]) {
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
      return;
    } catch {
      streamed[fd] = true;
      streamWrite(fd, bytes.subarray(written));
      return;
    }
  }
  streamWrite(fd, text);
}

function streamWrite(fd: 1 | 2, data: string | Uint8Array): void {
  const stream = fd === 1 ? proc?.stdout : proc?.stderr;
  if (stream) {
    stream.write(data);
    return;
  }
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  (fd === 1 ? console.log : console.error)(text.replace(/\n$/, ''));
}
