import { REMOTE_UNAVAILABLE, RemoteFailure } from '../remote/remote-failure.ts';

/**
 * `--timeout` for one request: its signal aborts when the server takes longer than the
 * timeout to answer. The time the person at the terminal takes to answer the server's own
 * questions does not count: the clock stops while they are asked.
 */
export class AnswerTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.#start();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Runs `question` with the clock stopped; the wait for the server starts over after it. */
  async paused<T>(question: () => Promise<T>): Promise<T> {
    clearTimeout(this.#timer);
    try {
      return await question();
    } finally {
      this.#start();
    }
  }

  clear(): void {
    clearTimeout(this.#timer);
  }

  #start(): void {
    this.#timer = setTimeout(() => this.#controller.abort(new Error('timed out')), this.#ms);
  }
}

/** Runs one request under a fresh AnswerTimeout; its expiry becomes a RemoteFailure that says so. */
export async function withAnswerTimeout<T>(
  ms: number,
  url: URL,
  method: string,
  request: (timeout: AnswerTimeout) => Promise<T>,
): Promise<T> {
  const timeout = new AnswerTimeout(ms);
  try {
    return await request(timeout);
  } catch (error) {
    if (timeout.expired)
      throw new RemoteFailure(
        `${url.href} did not answer ${method} in time (--timeout ${ms}).`,
        REMOTE_UNAVAILABLE,
      );
    throw error;
  } finally {
    timeout.clear();
  }
}
