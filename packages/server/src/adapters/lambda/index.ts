export { authorizerIdentity } from './authorizer-identity.ts';
export { createHandler, type LambdaHandler } from './create-handler.ts';
export { createStreamingHandler } from './create-streaming-handler.ts';
export type {
  AlbEvent,
  HttpApiEvent,
  HttpEvent,
  LambdaContext,
  LambdaResult,
  RestApiEvent,
} from './lambda-event.ts';
export { LAMBDA_RESPONSE_LIMIT_BYTES, type LambdaHandlerOptions } from './lambda-options.ts';
export { emfLine, type MetricsLike } from './observe/emf-metrics.ts';
export { createLambdaObserver, type LambdaObserveOptions } from './observe/lambda-observer.ts';
export type { TraceContext } from './observe/trace-context.ts';
export type { StreamingHandler } from './stream-runtime.ts';
