import type { Logger } from '../../log/logger.ts';
import type { LambdaContext } from './lambda-event.ts';

/**
 * Said once, at an environment's first invocation, when the function's time limit is not
 * above the deadline margin: every tool call of this environment then answers TIMEOUT without
 * running (there is no time left to stop a tool cleanly), which would otherwise look like a
 * broken tool. On Lambda the first invocation's remaining time is about the configured timeout.
 */
export function warnIfTimeoutBelowMargin(logger: Logger, context: LambdaContext, marginMs: number): void {
  const remainingMs = context.getRemainingTimeInMillis();
  if (remainingMs > marginMs) return;
  logger.warn(
    'the function timeout leaves no time for tool calls: they answer TIMEOUT without running; raise the timeout or lower deadlineMarginMs',
    { remainingMs, deadlineMarginMs: marginMs },
  );
}
