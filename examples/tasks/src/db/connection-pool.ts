/**
 * A pool of connections, each lent to one caller at a time: at most `max` exist, an idle one
 * is reused before a new one is opened (most recently used first), a caller waits when all
 * are lent out, and one left idle for `idleTimeoutMillis` is closed.
 */
export interface ConnectionPool<C> {
  acquire(): Promise<C>;
  /** Back to the pool (or to the next waiting caller); `discard` closes it instead. */
  release(connection: C, discard?: boolean): void;
  /** Whether `connection` waits in the pool rather than being lent out. */
  isIdle(connection: C): boolean;
  /** Closes the idle connections now and the lent ones when they come back; later acquires fail. */
  end(): Promise<void>;
}

export interface ConnectionPoolOptions<C> {
  max: number;
  idleTimeoutMillis: number;
  /** A new connection; it may connect lazily, on its first statement. */
  open: () => C;
  close: (connection: C) => Promise<void>;
}

export class PoolClosedError extends Error {
  constructor() {
    super('The database pool was closed');
    this.name = 'PoolClosedError';
  }
}

export function createConnectionPool<C>(options: ConnectionPoolOptions<C>): ConnectionPool<C> {
  const idle: { connection: C; timer: NodeJS.Timeout }[] = [];
  const waiting: { resolve: (connection: C) => void; reject: (error: Error) => void }[] = [];
  let size = 0;
  let ending: { promise: Promise<void>; resolve: () => void } | undefined;

  const closing = new Set<Promise<void>>();
  const settle = () => {
    if (ending && size === 0 && closing.size === 0) ending.resolve();
  };
  const close = (connection: C) => {
    size -= 1;
    const done: Promise<void> = options
      .close(connection)
      .catch(() => {})
      .finally(() => {
        closing.delete(done);
        settle();
      });
    closing.add(done);
  };
  const open = () => {
    size += 1;
    return options.open();
  };

  return {
    acquire() {
      if (ending) return Promise.reject(new PoolClosedError());
      const entry = idle.pop();
      if (entry) {
        clearTimeout(entry.timer);
        return Promise.resolve(entry.connection);
      }
      if (size < options.max) return Promise.resolve(open());
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    release(connection, discard = false) {
      if (discard || ending) {
        close(connection);
        // The discarded connection's place goes to the next caller, on a new connection.
        if (!ending && waiting.length > 0) waiting.shift()!.resolve(open());
        return;
      }
      const waiter = waiting.shift();
      if (waiter) {
        waiter.resolve(connection);
        return;
      }
      const entry = {
        connection,
        timer: setTimeout(() => {
          idle.splice(idle.indexOf(entry), 1);
          close(connection);
        }, options.idleTimeoutMillis).unref(),
      };
      idle.push(entry);
    },
    isIdle: (connection) => idle.some((entry) => entry.connection === connection),
    end() {
      if (ending) return ending.promise;
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      ending = { promise, resolve };
      for (const waiter of waiting.splice(0)) waiter.reject(new PoolClosedError());
      for (const entry of idle.splice(0)) {
        clearTimeout(entry.timer);
        close(entry.connection);
      }
      settle();
      return promise;
    },
  };
}
