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
 * overtake each other. Lines to a reader that went away (EPIPE) are dropped, never thrown.
 */
export type Fd = 1 | 2;

/** The two ways out: a synchronous descriptor write (`fs.writeSync`) and the process streams. */
export interface LineSinks {
  writeSync: ((fd: Fd, data: string | Uint8Array) => number) | undefined;
  stream(fd: Fd, data: string | Uint8Array): void;
  /** Runs `flush` at the end of the current turn. */
  defer(flush: () => void): void;
  /** Runs `flush` when the process exits. */
  onExit(flush: () => void): void;
}

export interface LineWriter {
  write(fd: Fd, line: string): void;
  flush(): void;
}

export function createLineWriter(sinks: LineSinks): LineWriter {
  const streamed = { 1: false, 2: false };
  const pending = { 1: '', 2: '' };
  let scheduled = false;
  let exitHooked = false;

  const writeNow = (fd: Fd, text: string) => {
    const { writeSync } = sinks;
    if (writeSync === undefined || streamed[fd]) {
      sinks.stream(fd, text);
      return;
    }
    let rest: string | Uint8Array = text;
    // A write to a pipe may take only part of the bytes; the remainder goes again.
    for (;;) {
      let written: number;
      try {
        written = writeSync(fd, rest);
      } catch {
        streamed[fd] = true;
        sinks.stream(fd, rest);
        return;
      }
      const length = typeof rest === 'string' ? byteLength(rest) : rest.length;
      if (written >= length) return;
      rest = (typeof rest === 'string' ? encoder.encode(rest) : rest).subarray(written);
    }
  };

  const flush = () => {
    scheduled = false;
    for (const fd of [1, 2] as const) {
      const text = pending[fd];
      if (text === '') continue;
      pending[fd] = '';
      writeNow(fd, text);
    }
  };

  return {
    write(fd, line) {
      if (sinks.writeSync === undefined || streamed[fd]) {
        sinks.stream(fd, `${line}\n`);
        return;
      }
      pending[fd] += `${line}\n`;
      if (scheduled) return;
      scheduled = true;
      sinks.defer(flush);
      if (!exitHooked) {
        exitHooked = true;
        sinks.onExit(flush);
      }
    },
    flush,
  };
}

const encoder = new TextEncoder();
const NodeBuffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;
/** UTF-8 length without a copy where Buffer exists. */
function byteLength(text: string): number {
  return NodeBuffer ? NodeBuffer.byteLength(text) : encoder.encode(text).length;
}

const proc = globalThis.process as
  | (NodeJS.Process & { getBuiltinModule?: (id: string) => unknown })
  | undefined;
// getBuiltinModule (Node >= 22.3) is synchronous and needs no static import of node:fs,
// which would tie the core to Node.
const fs = proc?.getBuiltinModule?.('node:fs') as
  | { writeSync(fd: number, data: string | Uint8Array): number }
  | undefined;

const processLines = createLineWriter({
  writeSync: fs ? (fd, data) => fs.writeSync(fd, data) : undefined,
  stream(fd, data) {
    const stream = fd === 1 ? proc?.stdout : proc?.stderr;
    if (stream) {
      stream.write(data, (error) => {
        // A reader that went away (EPIPE) must not end the process, as console.log never
        // does: the write's callback runs before the stream emits 'error', and an 'error'
        // nobody listens to is thrown. Lines are dropped; a listener of the user's own stays in charge.
        if (error && stream.listenerCount('error') === 0) stream.once('error', ignore);
      });
      return;
    }
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    (fd === 1 ? console.log : console.error)(text.replace(/\n$/, ''));
  },
  defer: (flush) => queueMicrotask(flush),
  onExit: (flush) => proc?.once('exit', flush),
});

function ignore(): void {}

/** Writes one line to this process's stdout (1) or stderr (2); see the module comment. */
export function writeLine(fd: Fd, line: string): void {
  processLines.write(fd, line);
}
