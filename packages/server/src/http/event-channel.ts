/**
 * How many bytes of droppable chunks (notifications, keep-alives) may wait for a client that
 * reads slower than they come: past it, new ones are dropped rather than held, so a slow
 * reader cannot make the server keep every progress notification of a long call in memory.
 */
export const DROPPABLE_BACKLOG_BYTES = 1024 * 1024;

/**
 * A push-based async iterable: producers push chunks, the adapter pulls them. When the
 * consumer stops early (client gone), `onCancel` runs so the producer can stop too.
 * `push` always queues (the answer itself); `pushDroppable` queues only while the backlog is
 * under `DROPPABLE_BACKLOG_BYTES` (what a client can do without), and counts what it drops.
 */
export class EventChannel implements AsyncIterable<string> {
  readonly #queue: string[] = [];
  #queuedLength = 0;
  #dropped = 0;
  #waiting: ((result: IteratorResult<string>) => void) | undefined;
  #closed = false;
  readonly #onCancel: () => void;

  constructor(onCancel: () => void = () => {}) {
    this.#onCancel = onCancel;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Droppable chunks dropped so far because the client was not reading. */
  get dropped(): number {
    return this.#dropped;
  }

  push(chunk: string): void {
    if (this.#closed) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: chunk, done: false });
    } else {
      this.#queue.push(chunk);
      // String length, not UTF-8 bytes: a bound, not a measure, and free to compute.
      this.#queuedLength += chunk.length;
    }
  }

  /** Queues `chunk` unless the backlog is already over the limit; false when dropped. */
  pushDroppable(chunk: string): boolean {
    if (this.#closed) return false;
    if (this.#queuedLength + chunk.length > DROPPABLE_BACKLOG_BYTES) {
      this.#dropped++;
      return false;
    }
    this.push(chunk);
    return true;
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
        if (chunk !== undefined) {
          this.#queuedLength -= chunk.length;
          return Promise.resolve({ value: chunk, done: false });
        }
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.#waiting = resolve;
        });
      },
      return: () => {
        if (!this.#closed) {
          this.#closed = true;
          this.#queue.length = 0;
          this.#queuedLength = 0;
          // A reader stopped while it waits (its client left) must not wait forever.
          const waiting = this.#waiting;
          this.#waiting = undefined;
          waiting?.({ value: undefined, done: true });
          this.#onCancel();
        }
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
