import { type EventStream, isEventStream } from '../../http/exchange.ts';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import { DEFAULT_DEADLINE_MARGIN_MS } from '../../http/http-options.ts';
import type { McpServer } from '../../server/create-server.ts';
import { definitionOf } from '../../server/definition.ts';
import { disposeOnSigterm } from './dispose-on-sigterm.ts';
import { detectEventKind } from './event-kind.ts';
import { WARMUP_REPLY } from './fixed-replies.ts';
import type { LambdaContext, LambdaResult } from './lambda-event.ts';
import {
  ALB_RESPONSE_LIMIT_BYTES,
  bufferedResultLimit,
  type LambdaHandlerOptions,
  lambdaHttpOptions,
} from './lambda-options.ts';
import { isColdStart, takeFirstInvocation } from './observe/cold-start.ts';
import { refuseEvent } from './refuse-event.ts';
import { warnIfTimeoutBelowMargin } from './timeout-below-margin.ts';
import { toExchange } from './to-exchange.ts';
import { toLambdaResult } from './to-result.ts';

export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<LambdaResult>;

/**
 * A buffered Lambda handler for API Gateway (REST and HTTP APIs), Function URLs and ALB.
 * Answers with notifications are one `text/event-stream` body, kept under Lambda's 6 MB
 * (an ALB's 1 MB for ALB events).
 *
 * @example
 * export const handler = createHandler(server);
 */
export function createHandler(server: McpServer, options: LambdaHandlerOptions = {}): LambdaHandler {
  const httpOptions = lambdaHttpOptions(server, options, 'buffered');
  const handle = createExchangeHandler(server, httpOptions);
  // An ALB takes 1 MB of response where API Gateway and Function URLs take Lambda's 6 MB.
  const handleAlb = createExchangeHandler(server, {
    ...httpOptions,
    // ALB cannot stream a response: the advice for an oversized answer leaves that out.
    resultLimit: { ...bufferedResultLimit(ALB_RESPONSE_LIMIT_BYTES), canStream: false },
  });
  const marginMs = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  disposeOnSigterm(() => definitionOf(server).logger);
  return async (event, context) => {
    const firstInvocation = takeFirstInvocation();
    const coldStart = isColdStart(firstInvocation);
    if (firstInvocation) warnIfTimeoutBelowMargin(definitionOf(server).logger, context, marginMs);
    const source = detectEventKind(event);
    if (source.kind === 'warmup') return toLambdaResult(WARMUP_REPLY, 'rest-api', false);
    if (source.kind === 'unknown' || source.kind === 'malformed') {
      const reply = refuseEvent(source, event, context.awsRequestId, definitionOf(server).logger);
      return source.kind === 'unknown'
        ? toLambdaResult(reply, 'rest-api', false)
        : toLambdaResult(reply, source.source, source.multiValue);
    }
    const alb = source.kind === 'alb';
    const multiValue = alb && source.event.multiValueHeaders != null;
    const reply = await (alb ? handleAlb : handle)(toExchange(source, { context, coldStart, marginMs }));
    // With a result limit the HTTP layer answers in full; a stream here would be a bug, still served.
    const body = isEventStream(reply.body) ? await collect(reply.body) : reply.body;
    return toLambdaResult({ status: reply.status, headers: reply.headers, body }, source.kind, multiValue);
  };
}

async function collect(stream: EventStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}
