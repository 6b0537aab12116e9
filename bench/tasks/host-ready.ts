import { disposeAll } from 'lambda-mcp';

/** Hosts print one marked line with their endpoint; the orchestrator waits for it. */
export const READY_MARKER = 'BENCH_READY ';

/** Announces the endpoint and closes cleanly on SIGTERM (PGlite must close to stay consistent). */
export function announce(url: string, close: () => Promise<void>): void {
  process.stdout.write(`${READY_MARKER}${url}\n`);
  process.once('SIGTERM', () => {
    void close()
      .then(disposeAll)
      .finally(() => process.exit(0));
  });
}
