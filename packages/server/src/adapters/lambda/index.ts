export type {
  Observer,
  Outcome,
  RejectionRecord,
  RequestRecord,
  ToolCallRecord,
} from '../../http/observer.ts';
export { REDACTED, redact } from '../../log/redact.ts';
export { authorizerIdentity } from './authorizer-identity.ts';
export { createHandler, type LambdaHandler } from './create-handler.ts';
export { createStreamingHandler } from './create-streaming-handler.ts';
export { detectEventKind, type EventKind } from './event-kind.ts';
export type {
  AlbEvent,
  HttpApiEvent,
  HttpEvent,
  LambdaContext,
  LambdaResult,
  RestApiEvent,
} from './lambda-event.ts';
export {
  bufferedResultLimit,
  LAMBDA_RESPONSE_LIMIT_BYTES,
  type LambdaHandlerOptions,
  type PowertoolsLoggerLike,
} from './lambda-options.ts';
export { emfLine, type MetricsLike } from './observe/emf-metrics.ts';
export { createLambdaObserver, type LambdaObserveOptions } from './observe/lambda-observer.ts';
export { type TraceContext, traceContextFrom } from './observe/trace-context.ts';
export {
  currentStreamRuntime,
  localStreamRuntime,
  PRELUDE_DELIMITER,
  type StreamingHandler,
  type StreamPrelude,
  type StreamRuntime,
} from './stream-runtime.ts';
