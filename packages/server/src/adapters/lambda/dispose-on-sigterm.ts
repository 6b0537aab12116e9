import type { Logger } from '../../log/logger.ts';
import { disposeAll } from '../../server/lifespan.ts';

let registered = false;

/**
 * Lambda sends SIGTERM before shutting an environment down (when an extension is
 * registered): close lifespan resources then. Registered once per environment however
 * many handlers are created. A listener replaces Node's default exit, so when it is the only
 * one it exits itself; when the application listens too (a telemetry flush), that listener
 * owns the exit, and exiting here would cut its work short.
 */
export function disposeOnSigterm(logger: () => Logger): void {
  if (registered) return;
  registered = true;
  process.once('SIGTERM', () => {
    // `once` has already removed this listener: any left are the application's.
    const exit = (code: number) => {
      if (process.listenerCount('SIGTERM') === 0) process.exit(code);
    };
    disposeAll().then(
      () => exit(0),
      (error: unknown) => {
        logger().error('lifespan disposal failed', { error });
        exit(1);
      },
    );
  });
}
