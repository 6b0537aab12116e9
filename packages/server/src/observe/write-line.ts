/**
 * Writes lines to stdout (fd 1) or stderr (fd 2) straight to the file descriptor. Not
 * `console.log`: inside AWS Lambda the runtime replaces the console methods with its own
 * formatter (a timestamp and request id before the message in the TEXT log format), so a
 * JSON line would stop being a JSON log event and CloudWatch would not extract EMF metrics
 * from it. Not `process.stdout`: its first use builds a stream (~3 ms on a pipe), which the
 * first request of every cold start would pay.
 *
 * Lines written in the same turn of the event loop (a request's log line and metrics, say)
 * leave in one write at the end of the turn, before the handler's answer is delivered; an
 * `exit` listener flushes what `process.exit()` would otherwise cut off. Falls back to the
 * process streams where `node:fs` is not available (other runtimes), and for good once a
 * descriptor refuses a synchronous write (a full non-blocking pipe), so lines never
 * overtake each other.
 */
interface SyncWriter {
  writeSync(fd: number, data: string | Uint8Array): number;
}

type Fd = 1 | 2;
const proc = globalThis.process as
  | (NodeJS.Process & { getBuiltinModule?: (id: string) => unknown })
  | undefined;
// getBuiltinModule (Node >= 22.3) is synchronous and needs no static import of node:fs,
// which would tie the core to Node.
const fs = proc?.getBuiltinModule?.('node:fs') as SyncWriter | undefined;
const streamed = { 1: false, 2: false };
const pending = { 1: '', 2: '' };
let scheduled = false;
let exitHooked = false;

export function writeLine(fd: Fd, line: string): void {
  if (fs === undefined || streamed[fd]) {
    streamWrite(fd, `${line}\n`);
    return;
  }
  pending[fd] += `${line}\n`;
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(flushLines);
  if (!exitHooked) {
    exitHooked = true;
    proc?.once('exit', flushLines);
  }
}

/** Writes what is pending now; called at the end of each turn and on exit. */
export function flushLines(): void {
  scheduled = false;
  for (const fd of [1, 2] as const) {
    const text = pending[fd];
    if (text === '') continue;
    pending[fd] = '';
    writeNow(fd, text);
  }
}

function writeNow(fd: Fd, text: string): void {
  if (streamed[fd] || fs === undefined) {
    streamWrite(fd, text);
    return;
  }
  let rest: string | Uint8Array = text;
  try {
    // A write to a pipe may take only part of the bytes; the remainder goes again.
    for (;;) {
      const written = fs.writeSync(fd, rest);
      const total = typeof rest === 'string' ? Buffer.byteLength(rest) : rest.length;
      if (written >= total) return;
      rest = (typeof rest === 'string' ? Buffer.from(rest) : rest).subarray(written);
    }
  } catch {
    streamed[fd] = true;
    streamWrite(fd, rest);
  }
}

function streamWrite(fd: Fd, data: string | Uint8Array): void {
  const stream = fd === 1 ? proc?.stdout : proc?.stderr;
  if (stream) {
    stream.write(data);
    return;
  }
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  (fd === 1 ? console.log : console.error)(text.replace(/\n$/, ''));
}
