import type { Logger } from '../../log/logger.ts';
import type { EventKind } from './event-kind.ts';
import { malformedEventReply, UNSUPPORTED_EVENT_REPLY } from './fixed-replies.ts';
import type { BufferedReply } from './to-result.ts';

type RefusedEvent = Extract<EventKind, { kind: 'unknown' } | { kind: 'malformed' }>;

/**
 * The answer to an invocation that is not a well-formed HTTP request, and a warning saying so:
 * when SQS, S3 or a rule invokes the function by mistake, nobody reads the answer, and the log
 * is the only place it shows. Only the event's source and top-level keys are logged, never
 * its content (messages and objects carry data).
 */
export function refuseEvent(
  refused: RefusedEvent,
  event: unknown,
  awsRequestId: string,
  logger: Logger,
): BufferedReply {
  if (refused.kind === 'malformed') {
    logger.warn('the lambda event is a malformed HTTP event: answered 400 malformed_event', {
      awsRequestId,
      reason: refused.message,
    });
    return malformedEventReply(refused.message);
  }
  logger.warn('the lambda event is not an HTTP request: answered 400 unsupported_event', {
    awsRequestId,
    ...describeEvent(event),
  });
  return UNSUPPORTED_EVENT_REPLY;
}

/** Key names are cut: an invocation's payload is anyone's JSON, and a log line has a size limit. */
const KEYS_LOGGED = 20;
const TEXT_LIMIT = 64;

function describeEvent(event: unknown): Record<string, unknown> {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { eventType: event === null ? 'null' : Array.isArray(event) ? 'array' : typeof event };
  }
  const fields: Record<string, unknown> = {};
  const source = sourceOf(event as Record<string, unknown>);
  if (source !== undefined) fields.eventSource = cut(source);
  fields.eventKeys = Object.keys(event).slice(0, KEYS_LOGGED).map(cut);
  return fields;
}

/** Where AWS services name themselves: `Records[].eventSource` (SQS, S3, DynamoDB, Kinesis), `EventSource` (SNS), `source` (EventBridge). */
function sourceOf(event: Record<string, unknown>): string | undefined {
  const records = event.Records;
  const first = Array.isArray(records)
    ? (records[0] as Record<string, unknown> | null | undefined)
    : undefined;
  const named = first?.eventSource ?? first?.EventSource ?? event.source;
  return typeof named === 'string' ? named : undefined;
}

function cut(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}
