/** Server-sent events framing for JSON-RPC messages. */
export function sseEvent(message: unknown): string {
  return sseMessage(JSON.stringify(message));
}

/** The event of a message already serialized. */
export function sseMessage(serialized: string): string {
  return `event: message\ndata: ${serialized}\n\n`;
}

/** A comment line: ignored by clients, keeps idle connections and proxies from timing out. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/**
 * A push-based async iterable: producers push chunks, the adapter pulls them. When the
 * consumer stops early (client gone), `onCancel` runs so the producer can stop too.
 */
export class EventChannel implements AsyncIterable<string> {
  readonly #queue: string[] = [];
  #waiting: ((result: IteratorResult<string>) => void) | undefined;
  #closed = false;
  readonly #onCancel: () => void;

  constructor(onCancel: () => void = () => {}) {
    this.#onCancel = onCancel;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(chunk: string): void {
    if (this.#closed) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: chunk, done: false });
    } else {
      this.#queue.push(chunk);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const chunk = this.#queue.shift();
        if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false });
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.#waiting = resolve;
        });
      },
      return: () => {
        if (!this.#closed) {
          this.#closed = true;
          this.#queue.length = 0;
          this.#onCancel();
        }
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
