import type { AlbEvent, HttpApiEvent, RestApiEvent } from './lambda-event.ts';

export type EventKind =
  | { kind: 'alb'; event: AlbEvent }
  | { kind: 'http-api'; event: HttpApiEvent }
  | { kind: 'rest-api'; event: RestApiEvent }
  | { kind: 'warmup' }
  | { kind: 'unknown' };

type Shape = Record<string, unknown> & { requestContext?: Record<string, unknown> };

/** Tells a Lambda event's source from its shape: no source says its own name. */
export function detectEventKind(event: unknown): EventKind {
  if (typeof event !== 'object' || event === null) return { kind: 'unknown' };
  const shape = event as Shape;
  // serverless-plugin-warmup sends `{ source: 'serverless-plugin-warmup' }`; EventBridge
  // schedules are commonly configured to send `{ "warmup": true }`.
  if (shape.source === 'serverless-plugin-warmup' || shape.warmup === true) return { kind: 'warmup' };
  const context = shape.requestContext;
  if (typeof context !== 'object' || context === null) {
    // An EventBridge schedule left with its default input, the usual way to keep a function warm.
    if (shape.source === 'aws.events' && shape['detail-type'] === 'Scheduled Event')
      return { kind: 'warmup' };
    return { kind: 'unknown' };
  }
  // Only an ALB puts `requestContext.elb` (the target group ARN) in its events.
  if (typeof context.elb === 'object' && context.elb !== null)
    return { kind: 'alb', event: event as AlbEvent };
  // Payload format 2.0 (HTTP APIs and Function URLs) has `rawPath` and `requestContext.http`.
  if (typeof shape.rawPath === 'string' && typeof context.http === 'object' && context.http !== null) {
    return { kind: 'http-api', event: event as HttpApiEvent };
  }
  // Payload format 1.0 (REST APIs, HTTP APIs set to 1.0) has `httpMethod` and `path`.
  if (typeof shape.httpMethod === 'string' && typeof shape.path === 'string') {
    return { kind: 'rest-api', event: event as RestApiEvent };
  }
  return { kind: 'unknown' };
}
