import { type EventStream, isEventStream, type Reply } from '../../http/exchange.ts';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import type { McpServer } from '../../server/create-server.ts';
import { disposeOnSigterm } from './dispose-on-sigterm.ts';
import { detectEventKind } from './event-kind.ts';
import { INTERNAL_ERROR_REPLY, UNSUPPORTED_EVENT_REPLY, WARMUP_REPLY } from './fixed-replies.ts';
import type { LambdaContext, LambdaResult } from './lambda-event.ts';
import { type LambdaHandlerOptions, resolveLambdaOptions } from './lambda-options.ts';
import { takeColdStart } from './observe/cold-start.ts';
import { toExchange } from './to-exchange.ts';
import { toLambdaResult } from './to-result.ts';

export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<LambdaResult>;

/**
 * A buffered Lambda handler for API Gateway (REST and HTTP APIs), Function URLs and ALB.
 * SSE answers are collected into one `text/event-stream` body.
 *
 * @example
 * export const handler = createHandler(server);
 */
export function createHandler(server: McpServer, options: LambdaHandlerOptions = {}): LambdaHandler {
  const { http, basePath, logger } = resolveLambdaOptions(server, options, 'buffered');
  const handle = createExchangeHandler(server, http);
  disposeOnSigterm((error) => logger.error('lifespan disposal failed', { error }));
  return async (event, context) => {
    const coldStart = takeColdStart();
    const source = detectEventKind(event);
    if (source.kind === 'warmup') return toLambdaResult(WARMUP_REPLY, 'rest-api', false);
    if (source.kind === 'unknown') return toLambdaResult(UNSUPPORTED_EVENT_REPLY, 'rest-api', false);
    const multiValue = source.kind === 'alb' && source.event.multiValueHeaders != null;
    let reply: Reply;
    let body: string;
    try {
      reply = await handle(toExchange(source, { context, coldStart, basePath }));
      body = isEventStream(reply.body) ? await collect(reply.body) : reply.body;
    } catch (error) {
      logger.error('unhandled error in lambda handler', { awsRequestId: context.awsRequestId, error });
      reply = INTERNAL_ERROR_REPLY;
      body = INTERNAL_ERROR_REPLY.body;
    }
    return toLambdaResult({ status: reply.status, headers: reply.headers, body }, source.kind, multiValue);
  };
}

async function collect(stream: EventStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}
