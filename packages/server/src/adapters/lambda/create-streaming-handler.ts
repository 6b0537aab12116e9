import { createExchangeHandler } from '../../http/handle-exchange.ts';
import { DEFAULT_DEADLINE_MARGIN_MS } from '../../http/http-options.ts';
import type { McpServer } from '../../server/create-server.ts';
import { definitionOf } from '../../server/definition.ts';
import { disposeOnSigterm } from './dispose-on-sigterm.ts';
import { detectEventKind } from './event-kind.ts';
import { WARMUP_REPLY } from './fixed-replies.ts';
import { type LambdaHandlerOptions, lambdaHttpOptions } from './lambda-options.ts';
import { isColdStart, takeFirstInvocation } from './observe/cold-start.ts';
import { refuseEvent } from './refuse-event.ts';
import { currentStreamRuntime, type StreamingHandler } from './stream-runtime.ts';
import { warnIfTimeoutBelowMargin } from './timeout-below-margin.ts';
import { toExchange } from './to-exchange.ts';
import { writeStreamReply } from './write-stream-reply.ts';

/**
 * A response-streaming handler (Function URL `RESPONSE_STREAM`, API Gateway REST streaming):
 * status and headers first, then SSE events as the server emits them; no 6 MB limit.
 * Uses Lambda's `awslambda.streamifyResponse` when present, a local equivalent otherwise.
 *
 * @example
 * export const handler = createStreamingHandler(server);
 */
export function createStreamingHandler(
  server: McpServer,
  options: LambdaHandlerOptions = {},
): StreamingHandler {
  const handle = createExchangeHandler(server, lambdaHttpOptions(server, options, 'streaming'));
  const marginMs = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  const runtime = currentStreamRuntime();
  const logger = () => definitionOf(server).logger;
  disposeOnSigterm(logger);
  return runtime.streamifyResponse(async (event, responseStream, context) => {
    const firstInvocation = takeFirstInvocation();
    const coldStart = isColdStart(firstInvocation);
    if (firstInvocation) warnIfTimeoutBelowMargin(logger(), context, marginMs);
    const source = detectEventKind(event);
    const onFailure = (error: unknown) =>
      logger().error('the lambda response stream failed', { awsRequestId: context.awsRequestId, error });
    if (source.kind === 'warmup' || source.kind === 'unknown' || source.kind === 'malformed') {
      const fixed =
        source.kind === 'warmup' ? WARMUP_REPLY : refuseEvent(source, event, context.awsRequestId, logger());
      await writeStreamReply(responseStream, fixed, runtime, onFailure);
      return;
    }
    // The stream closing before the answer is done means the client went away.
    const controller = new AbortController();
    let done = false;
    const onClose = () => {
      if (!done) controller.abort();
    };
    responseStream.once('close', onClose);
    const reply = await handle(
      toExchange(source, { context, coldStart, signal: controller.signal, marginMs }),
    );
    try {
      await writeStreamReply(responseStream, reply, runtime, onFailure);
    } catch (error) {
      // Writing fails when the client is gone; nothing is left to tell it.
      if (!controller.signal.aborted) onFailure(error);
    } finally {
      done = true;
      responseStream.off('close', onClose);
    }
  });
}
