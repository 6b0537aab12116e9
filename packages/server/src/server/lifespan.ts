/**
 * A resource created once per execution environment (a DB pool, an SDK client): lazily
 * on first use, shared by every later request, disposed on shutdown. A failed creation is
 * not cached: the next `get()` tries again.
 *
 * @example
 * const db = lifespan(async () => new Pool({ max: 1 }), { dispose: (pool) => pool.end() });
 * server.tool('count', { description: 'Count rows' }, async () => String((await db.get()).totalCount));
 */
export interface Lifespan<T> {
  get(): Promise<T>;
  /** Disposes the resource if it was created; the next `get()` creates it again. */
  dispose(): Promise<void>;
  /** Whether the resource exists now (for cold-start logs and health checks). */
  readonly ready: boolean;
}

const registry = new Set<Lifespan<unknown>>();

export function lifespan<T>(
  create: () => T | Promise<T>,
  options: { dispose?: (value: T) => unknown } = {},
): Lifespan<T> {
  let pending: Promise<T> | undefined;
  let value: { current: T } | undefined;
  // Bumped by dispose(): a creation that finishes after it must not come back to life.
  let generation = 0;
  const handle: Lifespan<T> = {
    get() {
      if (value) return Promise.resolve(value.current);
      const started = generation;
      pending ??= Promise.resolve()
        .then(create)
        .then(
          (created) => {
            if (started === generation) value = { current: created };
            return created;
          },
          (error: unknown) => {
            if (started === generation) pending = undefined;
            throw error;
          },
        );
      return pending;
    },
    async dispose() {
      generation++;
      const current = value;
      const inFlight = current ? undefined : pending;
      value = undefined;
      pending = undefined;
      const disposable =
        current ??
        (inFlight
          ? await inFlight.then(
              (v) => ({ current: v }),
              () => undefined,
            )
          : undefined);
      if (disposable && options.dispose) await options.dispose(disposable.current);
    },
    get ready() {
      return value !== undefined;
    },
  };
  registry.add(handle as Lifespan<unknown>);
  return handle;
}

/** Disposes every lifespan resource created so far; hosts call it on SIGTERM. */
export async function disposeAll(): Promise<void> {
  await Promise.allSettled([...registry].map((handle) => handle.dispose()));
}
