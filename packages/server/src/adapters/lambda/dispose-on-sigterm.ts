import type { Logger } from '../../log/logger.ts';
import { disposeAll } from '../../server/lifespan.ts';

let registered = false;

/**
 * Lambda sends SIGTERM before shutting an environment down (when an extension is
 * registered): close lifespan resources then. Registered once per environment however
 * many handlers are created; a listener replaces Node's default exit, so it exits itself.
 */
export function disposeOnSigterm(logger: () => Logger): void {
  if (registered) return;
  registered = true;
  process.once('SIGTERM', () => {
    disposeAll().then(
      () => process.exit(0),
      (error: unknown) => {
        logger().error('lifespan disposal failed', { error });
        process.exit(1);
      },
    );
  });
}
