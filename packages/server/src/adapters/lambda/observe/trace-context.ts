/** W3C trace context as a client put it in a request's `_meta`. */
export interface TraceContext {
  traceparent: string;
  tracestate: string | undefined;
}

// version-traceId-parentId-flags; all-zero trace and parent ids are invalid (W3C Trace Context §3.2).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace context in `_meta`, when there is a valid one. */
export function traceContextFrom(meta: Readonly<Record<string, unknown>>): TraceContext | undefined {
  const traceparent = meta.traceparent;
  if (typeof traceparent !== 'string') return undefined;
  const parts = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!parts || parts[1] === 'ff' || /^0+$/.test(parts[2]!) || /^0+$/.test(parts[3]!)) return undefined;
  const tracestate = typeof meta.tracestate === 'string' ? meta.tracestate : undefined;
  return { traceparent: parts[0]!, tracestate };
}
