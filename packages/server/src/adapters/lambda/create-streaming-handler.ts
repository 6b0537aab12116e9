import type { Reply } from '../../http/exchange.ts';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import type { McpServer } from '../../server/create-server.ts';
import { disposeOnSigterm } from './dispose-on-sigterm.ts';
import { detectEventKind } from './event-kind.ts';
import { INTERNAL_ERROR_REPLY, UNSUPPORTED_EVENT_REPLY, WARMUP_REPLY } from './fixed-replies.ts';
import { type LambdaHandlerOptions, resolveLambdaOptions } from './lambda-options.ts';
import { takeColdStart } from './observe/cold-start.ts';
import { currentStreamRuntime, type StreamingHandler } from './stream-runtime.ts';
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
  const { http, basePath, logger } = resolveLambdaOptions(server, options, 'streaming');
  const handle = createExchangeHandler(server, http);
  const runtime = currentStreamRuntime();
  disposeOnSigterm((error) => logger.error('lifespan disposal failed', { error }));
  return runtime.streamifyResponse(async (event, responseStream, context) => {
    const coldStart = takeColdStart();
    const source = detectEventKind(event);
    const onFailure = (error: unknown) =>
      logger.error('unhandled error in lambda streaming handler', {
        awsRequestId: context.awsRequestId,
        error,
      });
    if (source.kind === 'warmup' || source.kind === 'unknown') {
      const fixed = source.kind === 'warmup' ? WARMUP_REPLY : UNSUPPORTED_EVENT_REPLY;
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
    let reply: Reply;
    try {
      reply = await handle(toExchange(source, { context, coldStart, basePath, signal: controller.signal }));
    } catch (error) {
      onFailure(error);
      reply = INTERNAL_ERROR_REPLY;
    }
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
